"""Who is asked to act on something at an org: the accounts holding one of the given roles at the NEAREST org from
there upwards (a branch's secretary; where the branch has no such account, its general branch's, then the
committee's 党群工作部 …), so a work notification (待办) goes to the people who actually do the work and not to
everyone above them. One query for any number of orgs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from dangjian.accounts.models import RoleAssignment, User


def _chain(path: str) -> list[int]:
    """The org ids from the root down to the org with `path` ("/1/7/42/" → [1, 7, 42])."""
    return [int(part) for part in path.strip("/").split("/") if part]


def nearest_holders_many(
    orgs: Iterable,
    roles: Iterable[str],
    *,
    start_above: bool = False,
    walk_up: bool = True,
    exclude: Callable[[User, object], bool] | None = None,
) -> dict[int, list[User]]:
    """For each org (anything with `pk` and `path`): the active accounts with an active assignment of one of `roles`
    at the nearest org at or above it (strictly above with `start_above`: a superior, who reviews the org), skipping
    accounts for which `exclude(user, org)` is true (nobody decides their own case) — then a global assignment of
    those roles, if any. Without `walk_up`, only the org itself counts (a branch's own secretary fills its sheet;
    the one above reviews it). {org pk: [accounts]} in account-id order; an org nobody holds maps to []."""
    orgs, roles = list(orgs), list(roles)
    chains = {}
    for org in orgs:
        chain = _chain(org.path)
        chain = chain[:-1] if start_above else chain
        chains[org.pk] = chain if walk_up else chain[-1:]
    wanted = {pk for chain in chains.values() for pk in chain}
    by_org: dict[int | None, list[User]] = {}
    if orgs and roles:
        rows = (
            RoleAssignment.objects.active()
            .filter(role__in=roles, user__is_active=True)
            .filter(org_id__in=wanted)
            .select_related("user")
            .order_by("user_id")
        )
        rows = list(rows) + list(
            RoleAssignment.objects.active()
            .filter(role__in=roles, user__is_active=True, org__isnull=True)
            .select_related("user")
            .order_by("user_id")
        )
        for row in rows:
            bucket = by_org.setdefault(row.org_id, [])
            if all(u.pk != row.user_id for u in bucket):
                bucket.append(row.user)
    out: dict[int, list[User]] = {}
    for org in orgs:
        found: list[User] = []
        for pk in [*reversed(chains[org.pk]), *([None] if walk_up else [])]:
            found = [u for u in by_org.get(pk, []) if exclude is None or not exclude(u, org)]
            if found:
                break
        out[org.pk] = found
    return out


def nearest_holders(org, roles: Iterable[str], **options) -> list[User]:
    """`nearest_holders_many` for one org."""
    return nearest_holders_many([org], roles, **options)[org.pk]


def accounts_of_people(person_ids: Iterable[int]) -> dict[int, User]:
    """The active account of each person who has one ({person id: account}): who receives a notice about themselves."""
    ids = [pk for pk in set(person_ids) if pk]
    if not ids:
        return {}
    return {u.person_id: u for u in User.objects.filter(person_id__in=ids, is_active=True)}


__all__ = ["accounts_of_people", "nearest_holders", "nearest_holders_many"]
