"""The MES/ERP integration role was global and reached every company; it is now held over a company's root org
(dangjian/org/tenancy.py). An install with exactly one company moves its global integration assignments there, so
the feed keeps working. With several companies nobody can tell which one a feed belongs to: the assignments are left
as they are, reach nothing, and the security administrator assigns each feed over its company's root org."""

from django.db import migrations


def forwards(apps, schema_editor):
    PartyOrg = apps.get_model("org", "PartyOrg")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    AuditLog = apps.get_model("core", "AuditLog")
    roots = list(PartyOrg.objects.filter(parent__isnull=True).values_list("pk", flat=True)[:2])
    if len(roots) != 1:
        return
    for assignment in RoleAssignment.objects.filter(role="integration", org__isnull=True):
        before = {"role": "integration", "org": None, "user": assignment.user_id}
        if RoleAssignment.objects.filter(user_id=assignment.user_id, role="integration", org_id=roots[0]).exists():
            object_id = str(assignment.pk)
            assignment.delete()
            action, after = "delete", None
        else:
            assignment.org_id = roots[0]
            assignment.save(update_fields=["org"])
            object_id, action, after = str(assignment.pk), "update", {**before, "org": roots[0]}
        AuditLog.objects.create(
            actor_name="system",
            action=action,
            object_type="accounts.roleassignment",
            object_id=object_id,
            object_repr="integration",
            before=before,
            after=after,
            comment="integration role moved to the company root org (company boundary)",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("accounts", "0003_role_integration"),
        ("core", "0003_importjob_language_errors"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
