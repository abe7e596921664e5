"""LDAP sign-in against a real slapd: the directory checks the password, the employee number picks the account."""

import pytest
from axes.models import AccessAttempt

from dangjian.core.models import AuditLog
from tests.factories import TEST_PASSWORD, UserFactory, account_with_role

# The servers start once per process: keep these tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("sso-servers")

LOGIN = "/accounts/login/"


def _post(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_directory_password_signs_in_the_account_of_the_person_with_that_employee_number(client, ldap_on, people):
    response = _post(client, "wang", "wang-pass-1")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client) == str(people["wang"].pk)
    login = AuditLog.objects.get(action=AuditLog.Action.LOGIN)
    assert (login.actor_id, login.comment, login.client_address) == (people["wang"].pk, "sso:ldap", "10.1.2.3")
    assert not AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED).exists()
    # nothing was created or copied from the directory
    people["wang"].refresh_from_db()
    assert people["wang"].username == "wang.gong"
    assert people["wang"].has_usable_password()  # the local password is untouched
    # the next request reads the account through the local rules (with its person)
    assert client.get("/accounts/password/").status_code == 200


def test_wrong_directory_password_is_refused_counted_and_audited(client, ldap_on, people):
    response = _post(client, "wang", "not-the-password")
    assert response.status_code == 200
    assert _signed_in_as(client) is None
    assert "Please enter a correct username and password" in response.content.decode()
    rows = list(AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED).values_list("actor_name", "comment"))
    assert rows == [("wang", "")]
    assert AccessAttempt.objects.get(username="wang").failures_since_start == 1


def test_unknown_directory_user_is_refused(client, ldap_on, people):
    response = _post(client, "nobody", "whatever-pass")
    assert response.status_code == 200
    assert _signed_in_as(client) is None
    assert AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED, actor_name="nobody").count() == 1


@pytest.mark.parametrize(
    ("uid", "password", "sentence", "why"),
    [
        ("zhao", "zhao-pass-1", "赵工 has no account here yet", "no account for employee number E1002"),
        ("sun", "sun-pass-1", "Nobody with employee number E9999 is registered here", "no person with employee"),
        ("qian", "qian-pass-1", "carries no employee number", "no employee number"),
        ("zhou", "zhou-pass-1", "Your account is deactivated", "account deactivated"),
    ],
)
def test_a_directory_user_who_cannot_be_matched_is_told_why_and_audited_once(
    client, ldap_on, people, uid, password, sentence, why
):
    response = _post(client, uid, password)
    assert response.status_code == 200
    assert _signed_in_as(client) is None
    assert sentence in response.content.decode()
    rows = list(AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED))
    assert len(rows) == 1
    assert rows[0].comment.startswith(f"sso:ldap: {why}")
    assert rows[0].client_address == "10.1.2.3"


def test_first_directory_sign_in_creates_an_account_without_roles_when_allowed(client, ldap_on, people, settings):
    settings.SSO_CREATE_ACCOUNTS = True
    response = _post(client, "zhao", "zhao-pass-1")
    assert response.status_code == 302
    user = people["zhao"].account
    assert (user.username, user.has_usable_password(), user.role_assignments.count()) == ("E1002", False, 0)
    assert _signed_in_as(client) == str(user.pk)
    created = AuditLog.objects.get(action=AuditLog.Action.CREATE, object_type="accounts.user")
    assert (created.actor_name, created.comment) == ("system", "created at first sign-in through ldap")


def test_local_password_off_refuses_everyone_but_the_three_administrators(client, ldap_on, people, settings):
    settings.SSO_LOCAL_PASSWORD_LOGIN = False
    UserFactory(username="local.only")
    account_with_role("system_admin", None, username="sysadmin")
    account_with_role("security_admin", None, username="secadmin")
    account_with_role("audit_admin", None, username="auditadmin")

    assert _post(client, "local.only", TEST_PASSWORD).status_code == 200
    assert _signed_in_as(client) is None
    for admin in ("sysadmin", "secadmin", "auditadmin"):
        client.logout()
        assert _post(client, admin, TEST_PASSWORD).status_code == 302, admin
        assert _signed_in_as(client) is not None
    # the directory still signs people in
    client.logout()
    assert _post(client, "wang", "wang-pass-1").status_code == 302


def test_local_accounts_still_lock_after_five_failures_with_the_directory_on(client, ldap_on, people):
    UserFactory(username="li")
    for _ in range(5):
        _post(client, "li", "wrong-password")
    response = _post(client, "li", TEST_PASSWORD)
    assert response.status_code == 429
    assert _signed_in_as(client) is None


def test_a_directory_that_cannot_be_reached_is_said_and_audited(client, ldap_on, people):
    from tests.accounts.sso.servers import free_port

    ldap_on.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"  # nothing listens there
    response = _post(client, "wang", "wang-pass-1")
    assert response.status_code == 200
    assert _signed_in_as(client) is None
    assert "The company directory could not be reached" in response.content.decode()
    row = AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED)
    assert (row.actor_name, row.comment) == ("wang", "sso:ldap: directory error SERVER_DOWN")


def test_a_wrong_service_account_password_is_a_directory_error(client, ldap_on, people):
    ldap_on.AUTH_LDAP_BIND_PASSWORD = "not-the-reader-password"
    response = _post(client, "wang", "wang-pass-1")
    assert "The company directory could not be reached" in response.content.decode()
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).comment == (
        "sso:ldap: directory error INVALID_CREDENTIALS"
    )
