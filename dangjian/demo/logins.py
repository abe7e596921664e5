"""The demo logins as a table, printed by `seed_demo` (and so by `make run`)."""

from __future__ import annotations

from dangjian.accounts.models import User
from dangjian.core.permissions import ROLE_LABELS
from dangjian.demo.data import qineng


def all_logins() -> list:
    """The demo company's logins, then those a capability's demo adds (its `demo.LOGINS`, same attributes)."""
    from dangjian.core.capabilities import capability_modules

    extra = [login for module in capability_modules("demo") for login in getattr(module, "LOGINS", ())]
    return [*qineng.LOGINS, *extra]


def login_rows() -> list[tuple[str, str, str, str, str]]:
    """(username, role, where, person, note) for each demo login that exists."""
    logins = all_logins()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[login.username for login in logins]).select_related("person")
    }
    rows = []
    for login in logins:
        user = users.get(login.username)
        if user is None:
            continue
        where = "—"
        if login.org:
            from dangjian.org.models import PartyOrg

            where = PartyOrg.objects.filter(code=login.org).values_list("name", flat=True).first() or login.org
        person = user.person.name if user.person_id else "—"
        rows.append((login.username, str(ROLE_LABELS[login.role]), where, person, login.note))
    return rows


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_table(password: str, url: str = "") -> str:
    rows = login_rows()
    header = ("username", "role", "where", "person", "")
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["", "Demo logins" + (f" at {url}" if url else "") + f" — password for all: {password}", ""]
    for row in [header, *rows]:
        lines.append("  " + "  ".join(_pad(cell, w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4])
    lines.append("")
    return "\n".join(lines)
