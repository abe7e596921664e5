"""Inserting many new records and their lines fast: a day of a big group, a year of the demo, a large import.

Why not bulk_create alone: building a model instance per line costs more than the database's own work at tens of
thousands of lines. Rows here are plain tuples, already checked by the services (checking.py). On PostgreSQL the
records get their ids from the sequence in one query and both tables are filled with COPY; elsewhere (SQLite) the
records go through bulk_create (which returns their ids) and the lines through one executemany.
"""

from __future__ import annotations

from django.db import connection

from dangjian.value.models import DailyLine, DailyRecord

RECORD_COLUMNS = (
    "unit_id",
    "date",
    "shift",
    "hours",
    "output_value",
    "input_value",
    "value",
    "source",
    "outlier",
    "confirmed_at",
    "confirmed_by_id",
    "revision",
    "updated_at",
    "updated_by_id",
)
LINE_COLUMNS = ("record_id", "item_id", "quantity", "price", "amount")


def insert(records: list[DailyRecord], lines: list[list[tuple]]) -> None:
    """Insert `records` (unsaved instances; their pk is set) and for each its lines as (item_id, quantity, price,
    amount) tuples."""
    if not records:
        return
    if connection.vendor == "postgresql":
        _copy(records, lines)
        return
    DailyRecord.objects.bulk_create(records, batch_size=1000)
    rows = [(r.pk, *line) for r, record_lines in zip(records, lines, strict=True) for line in record_lines]
    table = connection.ops.quote_name(DailyLine._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(LINE_COLUMNS)}) VALUES ({', '.join(['%s'] * len(LINE_COLUMNS))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _copy(records: list[DailyRecord], lines: list[list[tuple]]) -> None:
    record_table, line_table = DailyRecord._meta.db_table, DailyLine._meta.db_table
    # COPY goes through the raw psycopg cursor, past Django's error translation: without wrap_database_errors a
    # concurrent insert of the same record raises psycopg's UniqueViolation, which no `except IntegrityError` sees.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [record_table, len(records)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        for record, pk in zip(records, ids, strict=True):
            record.pk = pk
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {record_table} (id, {', '.join(RECORD_COLUMNS)}) FROM STDIN") as copy:
            for r in records:
                copy.write_row(
                    (
                        r.pk,
                        r.unit_id,
                        r.date,
                        r.shift,
                        r.hours,
                        r.output_value,
                        r.input_value,
                        r.value,
                        r.source,
                        r.outlier,
                        r.confirmed_at,
                        r.confirmed_by_id,
                        r.revision,
                        r.updated_at,
                        r.updated_by_id,
                    )
                )
        with raw.copy(f"COPY {line_table} ({', '.join(LINE_COLUMNS)}) FROM STDIN") as copy:
            for r, record_lines in zip(records, lines, strict=True):
                for line in record_lines:
                    copy.write_row((r.pk, *line))
