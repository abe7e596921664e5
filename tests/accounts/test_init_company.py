"""`manage.py init_company`: a company from an empty install, in one transaction, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.models import AuditLog
from dangjian.org.models import OrgUnitLink, PartyOrg, Unit

ARGS = [
    "--org-code=HY",
    "--org-name=华源铝业公司党委",
    "--unit-code=HYU",
    "--unit-name=华源铝业",
    "--office-username=hy_office",
]


def run(*extra):
    out = StringIO()
    call_command("init_company", *ARGS, *extra, stdout=out)
    return out.getvalue()


def test_an_empty_install_gets_its_company_and_office_account(db, client):
    out = run()
    org, unit = PartyOrg.objects.get(code="HY"), Unit.objects.get(code="HYU")
    assert (org.parent_id, org.kind, unit.parent_id, unit.kind) == (None, "committee", None, "company")
    assert OrgUnitLink.objects.filter(org=org, unit=unit).exists()
    office = User.objects.get(username="hy_office")
    assert RoleAssignment.objects.filter(user=office, role="party_office", org=org).exists()
    assert office.must_change_password
    password = out.split("One-time password for hy_office: ")[1].split()[0]
    assert office.check_password(password)
    assert AuditLog.objects.filter(actor_name="system").count() >= 4
    # the office can sign in and is sent to change the one-time password before anything else
    assert client.post("/accounts/login/", {"username": "hy_office", "password": password}).status_code == 302
    assert client.get("/").status_code == 302


def test_running_it_again_changes_nothing(db):
    run()
    audit_rows = AuditLog.objects.count()
    assert "nothing changed" in run()
    assert AuditLog.objects.count() == audit_rows
    assert PartyOrg.objects.count() == 1 and Unit.objects.count() == 1 and User.objects.count() == 1


def test_a_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("HY_PASSWORD", "Hy-office-2026-strong")
    out = run("--password-env=HY_PASSWORD")
    assert "Hy-office-2026-strong" not in out
    assert User.objects.get(username="hy_office").check_password("Hy-office-2026-strong")


def test_disagreeing_values_are_refused_and_nothing_is_written(db, monkeypatch):
    run()
    rows = (AuditLog.objects.count(), PartyOrg.objects.count(), Unit.objects.count())
    with pytest.raises(CommandError, match="differs"):
        call_command("init_company", *ARGS[:1], "--org-name=别的名字", *ARGS[2:], stdout=StringIO())
    monkeypatch.setenv("WEAK", "123")
    with pytest.raises(CommandError):
        call_command(
            "init_company",
            "--org-code=ZZ",
            "--org-name=中州",
            "--unit-code=ZZU",
            "--unit-name=中州",
            "--office-username=zz",
            "--password-env=WEAK",
            stdout=StringIO(),
        )
    assert (AuditLog.objects.count(), PartyOrg.objects.count(), Unit.objects.count()) == rows


def test_the_company_goes_live_the_day_it_is_set_up(db):
    """Compliance, reviews and assessments count from the go-live date: a branch founded years ago is not red for
    every month before the company used the system."""
    from django.utils import timezone

    from dangjian.accounts.bootstrap import company_init

    made = company_init(
        org_code="GL",
        org_name="某公司党委",
        unit_code="GLU",
        unit_name="某公司",
        office_username="gl_office",
        password="Qn-2026-start-Xy",
    )
    assert made.org.go_live == timezone.localdate()
