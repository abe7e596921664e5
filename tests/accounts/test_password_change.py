from django.urls import reverse

from dangjian.core.models import AuditLog
from tests.factories import TEST_PASSWORD, UserFactory

URL = "/accounts/password/"
NEW = "bright-lantern-4417"


def _change(client, old, new1, new2=None):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1})


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_keeps_the_session_and_is_audited(client, db, django_assert_max_num_queries):
    user = UserFactory(username="li")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
    response = _change(client, TEST_PASSWORD, NEW)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(URL).status_code == 200  # still signed in on this device
    row = AuditLog.objects.get(action=AuditLog.Action.UPDATE, object_id=str(user.pk))
    assert row.comment == "password changed"
    assert NEW not in str(row.after) and NEW not in row.comment


def test_wrong_current_password_is_refused(client, db):
    user = UserFactory()
    client.force_login(user)
    response = _change(client, "not-my-password", NEW)
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_weak_password_is_refused_with_the_validators_reasons(client, db):
    user = UserFactory(username="li")
    client.force_login(user)
    for weak in ["short1", "1234567890123", "password1234"]:
        response = _change(client, TEST_PASSWORD, weak)
        assert response.status_code == 200
        assert response.context["form"].errors["new_password1"], weak
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_the_two_new_passwords_must_match(client, db):
    user = UserFactory()
    client.force_login(user)
    response = _change(client, TEST_PASSWORD, NEW, NEW + "x")
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
