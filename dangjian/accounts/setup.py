"""The accounts app's lines on the set-up centre: how many of the company's people have an account, and how many
accounts hold a role in the company. Accounts are made by the system administrator and roles given by the security
administrator (三员分立), so these lines link nowhere for the office: they say whom to ask."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dangjian.accounts.models import RoleAssignment
from dangjian.core.scoping import scope_for
from dangjian.org import tenancy
from dangjian.org.models import Person

STEP = 20  # accounts are made for people already registered (shell/setup_centre.py)


def setup_items(user) -> list[dict]:
    people = Person.objects.restrict(user, "view").filter(active=True)
    n_people = people.count()
    with_account = people.filter(account__isnull=False).count()
    roots = tenancy.company_org_paths(user)
    if not roots or scope_for(user, "org", "view").empty:
        return []
    in_company = RoleAssignment.objects.active().filter(tenancy.paths_q(roots, "org__path"))
    holders = in_company.exclude(user=user).values("user").distinct().count()
    return [
        {
            "label": _("People with an account"),
            "count": with_account,
            "done": n_people > 0 and with_account == n_people,
            "url": None,
            "hint": _(
                "%(n)s people have no account yet. The system administrator creates them in bulk from their employee "
                "numbers (Accounts → Accounts for people) and hands out the printed one-time passwords."
            )
            % {"n": n_people - with_account}
            if with_account < n_people
            else "",
        },
        {
            "label": _("Accounts with a role in the company"),
            "count": holders,
            "done": holders > 0,
            "url": None,
            "hint": _(
                "The security administrator gives roles in bulk (Roles → Give a role to many): secretaries over their "
                "branch, members and employees over their branch."
            ),
        },
    ]
