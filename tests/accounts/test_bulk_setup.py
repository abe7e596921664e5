"""Account set-up pages: link an account to a person later, accounts for many people with a one-time password sheet
(shown once, never stored in clear, changed at first sign-in), and a role for many accounts (三员分立)."""

import pytest
from django.urls import reverse

from dangjian.accounts import services
from dangjian.accounts.models import RoleAssignment, User
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from tests.factories import PersonFactory, build_company


@pytest.fixture
def company(db):
    return build_company()


def test_sysadmin_links_an_account_to_a_person_later(login_as, sys_admin, company):
    account = User.objects.create_user(username="zhang", password="x-Long-enough-1")
    client = login_as(sys_admin)
    response = client.post(
        reverse("accounts:link_person", args=[account.pk]), {"employee_no": company["person_a"].employee_no}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.person == company["person_a"]
    assert AuditLog.objects.filter(object_type="accounts.user", object_id=str(account.pk), action="update").exists()
    taken = User.objects.create_user(username="li", password="x-Long-enough-1")
    response = client.post(
        reverse("accounts:link_person", args=[taken.pk]), {"employee_no": company["person_a"].employee_no}
    )
    assert response.status_code == 200 and "already has the account zhang" in response.content.decode()
    response = client.post(reverse("accounts:link_person", args=[account.pk]), {"employee_no": ""})
    account.refresh_from_db()
    assert account.person is None


def test_link_person_page_is_the_system_administrators(login_as, sec_admin, company):
    account = User.objects.create_user(username="zhang", password="x-Long-enough-1")
    assert login_as(sec_admin).get(reverse("accounts:link_person", args=[account.pk])).status_code == 403
    with pytest.raises(NotPermitted):
        services.account_link_person(actor=sec_admin, user=account, person=company["person_a"])


def test_bulk_accounts_print_a_sheet_once(login_as, sys_admin, company, django_assert_max_num_queries):
    extra = PersonFactory(branch=company["branch_a"], member=True, name="周强")
    numbers = [company["person_a"].employee_no, extra.employee_no]
    client = login_as(sys_admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("accounts:bulk_create")).status_code == 200
    response = client.post(reverse("accounts:bulk_create"), {"employee_nos": "\n".join(numbers)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "周强" in page and "李明" in page
    for number in numbers:
        user = User.objects.get(username=number)
        assert user.must_change_password and user.person.employee_no == number
        # the password on the sheet works once, and only its hash is stored
        password = page.split(f'data-testid="sheet-username">{number}</dd>')[1].split('data-testid="sheet-password">')[
            1
        ]
        password = password.split("<")[0]
        assert user.check_password(password) and password not in user.password
    assert not AuditLog.objects.filter(after__icontains=password).exists()
    again = client.post(reverse("accounts:bulk_create"), {"employee_nos": numbers[0]})
    assert again.status_code == 200 and "already has the account" in again.content.decode()


def test_bulk_accounts_refuse_unknown_numbers_and_write_nothing(login_as, sys_admin, company):
    client = login_as(sys_admin)
    response = client.post(
        reverse("accounts:bulk_create"), {"employee_nos": f"{company['person_a'].employee_no}, NOPE"}
    )
    assert "NOPE" in response.content.decode()
    assert not User.objects.filter(username=company["person_a"].employee_no).exists()


def test_bulk_roles_for_the_security_administrator(login_as, sec_admin, sys_admin, company):
    a = User.objects.create_user(username="a1", password="x-Long-enough-1", person=company["person_a"])
    b = User.objects.create_user(username="b1", password="x-Long-enough-1")
    client = login_as(sec_admin)
    response = client.post(
        reverse("accounts:role_bulk"),
        {"names": f"{company['person_a'].employee_no}\nb1", "role": "member", "org_code": "BA"},
    )
    assert response.status_code == 302
    assert set(RoleAssignment.objects.filter(role="member").values_list("user", flat=True)) == {a.pk, b.pk}
    assert login_as(sys_admin).get(reverse("accounts:role_bulk")).status_code == 403


def test_bulk_roles_respect_separation_of_duties(sec_admin, sys_admin, company):
    a = User.objects.create_user(username="a1", password="x-Long-enough-1")
    with pytest.raises(InvalidInput) as caught:
        services.roles_assign_bulk(actor=sec_admin, users=[a, sys_admin], role="member", org=company["branch_a"])
    assert "sysadmin" in caught.value.message
    assert not RoleAssignment.objects.filter(user=a).exists()  # all or nothing
    with pytest.raises(NotPermitted):
        services.roles_assign_bulk(actor=sys_admin, users=[a], role="member", org=company["branch_a"])
