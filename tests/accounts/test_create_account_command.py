import pytest
from django.core.management import CommandError, call_command

from dangjian.accounts.management.commands import create_account
from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.models import AuditLog

GOOD = "bright-lantern-4417"


def _run(*args, **kwargs) -> str:
    from io import StringIO

    out = StringIO()
    call_command("create_account", *args, stdout=out, **kwargs)
    return out.getvalue()


def _prompts(monkeypatch, *answers):
    """Answer getpass prompts in order; fail the test if the command asks more often than expected."""
    replies = list(answers)
    monkeypatch.setattr(create_account.getpass, "getpass", lambda prompt="": replies.pop(0))
    return replies


def test_creates_an_account_with_a_business_role_from_an_env_password(monkeypatch, company):
    monkeypatch.setenv("NEW_PW", GOOD)
    out = _run(
        "liming",
        "--role",
        "secretary",
        "--org",
        "BA",
        "--person",
        company["person_a"].employee_no,
        "--password-env",
        "NEW_PW",
    )
    user = User.objects.get(username="liming")
    assert user.check_password(GOOD)
    assert user.person == company["person_a"]
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "org__code")) == [("secretary", "BA")]
    assert "Created account liming" in out and "secretary" in out
    # Acting as the system: the audit rows name "system", not a person.
    assert set(AuditLog.objects.values_list("actor_name", flat=True)) == {"system"}
    assert AuditLog.objects.filter(action="create", object_type="accounts.roleassignment").exists()


def test_creates_a_system_administrator_with_a_prompted_password(monkeypatch, db):
    left = _prompts(monkeypatch, GOOD, GOOD)
    _run("sysadmin", "--role", "system_admin")
    assert left == []
    user = User.objects.get(username="sysadmin")
    assert user.check_password(GOOD)
    assert RoleAssignment.objects.get(user=user).org is None


def test_prompted_passwords_must_match(monkeypatch, db):
    _prompts(monkeypatch, GOOD, GOOD + "x")
    with pytest.raises(CommandError, match="differ"):
        _run("sysadmin", "--role", "system_admin")
    assert not User.objects.exists()


def test_a_weak_password_is_refused(monkeypatch, db):
    monkeypatch.setenv("NEW_PW", "12345678")
    with pytest.raises(CommandError, match="too short|too common|entirely numeric"):
        _run("sysadmin", "--role", "system_admin", "--password-env", "NEW_PW")
    assert not User.objects.exists()


def test_an_unset_password_variable_is_refused(monkeypatch, db):
    monkeypatch.delenv("NEW_PW", raising=False)
    with pytest.raises(CommandError, match="NEW_PW"):
        _run("sysadmin", "--role", "system_admin", "--password-env", "NEW_PW")


def test_running_again_adds_only_the_missing_role(monkeypatch, company):
    monkeypatch.setenv("NEW_PW", GOOD)
    _run("liming", "--role", "secretary", "--org", "BA", "--password-env", "NEW_PW")
    _prompts(monkeypatch)  # an existing account is never asked for a password
    out = _run("liming", "--role", "secretary", "--org", "BA")
    assert "already has the role" in out
    out = _run("liming", "--role", "member", "--org", "BA")
    assert "exists" in out and "Gave liming the role member" in out
    roles = sorted(RoleAssignment.objects.filter(user__username="liming").values_list("role", flat=True))
    assert roles == ["member", "secretary"]
    assert User.objects.filter(username="liming").count() == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "pope", "--org", "BA"], "Unknown role"),
        (["--role", "secretary", "--org", "NOPE"], "No organisation"),
        (["--role", "secretary"], "--org"),
        (["--role", "audit_admin", "--org", "ROOT"], "system role"),
        (["--role", "secretary", "--org", "BA", "--person", "E-NONE"], "No person"),
    ],
)
def test_clear_errors_and_nothing_written(monkeypatch, company, args, message):
    monkeypatch.setenv("NEW_PW", GOOD)
    with pytest.raises(CommandError, match=message):
        _run("liming", *args, "--password-env", "NEW_PW")
    assert not User.objects.filter(username="liming").exists()
    assert not AuditLog.objects.exists()


def test_an_existing_account_linked_elsewhere_is_not_relinked(monkeypatch, company):
    monkeypatch.setenv("NEW_PW", GOOD)
    _run("liming", "--role", "member", "--org", "BA", "--password-env", "NEW_PW")
    with pytest.raises(CommandError, match="not linked"):
        _run("liming", "--role", "secretary", "--org", "BA", "--person", company["person_b"].employee_no)
    assert not RoleAssignment.objects.filter(user__username="liming", role="secretary").exists()


def test_a_missing_role_option_is_a_usage_error(db):
    with pytest.raises(CommandError):
        _run("liming")
