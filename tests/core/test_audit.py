import pytest
from django.db import DatabaseError, connection, transaction

from dangjian.core import audit
from dangjian.core.models import AuditLog


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_audit_rows_refuse_update_and_delete_on_postgresql(company):
    row = audit.record(actor=None, action="create", obj=company["root"], after={"x": 1})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=row.pk).update(comment="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET comment = 'x'")
    assert AuditLog.objects.get(pk=row.pk).comment == ""
