"""The points ledger is append-only in the database itself: on PostgreSQL a trigger refuses DELETE, refuses any change
to what an entry recorded (person, rule, points, date, reason, evidence, source, reversal, who recorded it), and
refuses a second decision (only a pending entry's decision may be written, once). SQLite relies on the services."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION points_entry_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the points ledger is append-only: DELETE is refused';
    END IF;
    IF OLD.status <> 'pending' THEN
        RAISE EXCEPTION 'the points ledger is append-only: a decided entry cannot change';
    END IF;
    IF NEW.person_id IS DISTINCT FROM OLD.person_id OR NEW.rule_id IS DISTINCT FROM OLD.rule_id
       OR NEW.points IS DISTINCT FROM OLD.points OR NEW.occurred_on IS DISTINCT FROM OLD.occurred_on
       OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.evidence IS DISTINCT FROM OLD.evidence
       OR NEW.source_type IS DISTINCT FROM OLD.source_type OR NEW.source_id IS DISTINCT FROM OLD.source_id
       OR NEW.reverses_id IS DISTINCT FROM OLD.reverses_id OR NEW.automatic IS DISTINCT FROM OLD.automatic
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by_name IS DISTINCT FROM OLD.created_by_name
    THEN
        RAISE EXCEPTION 'the points ledger is append-only: what an entry recorded cannot change';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER points_entry_append_only
    BEFORE UPDATE OR DELETE ON points_pointsentry
    FOR EACH ROW EXECUTE FUNCTION points_entry_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS points_entry_append_only ON points_pointsentry;
DROP FUNCTION IF EXISTS points_entry_refuse_change();
"""


def up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
