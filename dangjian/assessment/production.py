"""The production side of the dual assessment (双向考核): a 0–100 score per org and month.

A provider may be plugged in after merging (team accounting: `value.selectors.production_scores`):

    from dangjian.assessment import production
    production.set_provider(value_selectors.production_scores)

A provider is `fn(*, orgs: list[PartyOrg], month: date) -> dict[int, Decimal | None]`. Where it has no value for an
org, the score entered or imported here (ProductionScore) is used; where neither exists the org has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from dangjian.assessment.models import ProductionScore
from dangjian.core.models.tree import common_root

Provider = Callable[..., dict[int, Decimal | None]]
_provider: Provider | None = None


def set_provider(provider: Provider | None) -> None:
    global _provider
    _provider = provider


def production_scores(
    *, orgs: list, month: dt.date, stored: dict[int, tuple[Decimal, str]] | None = None
) -> dict[int, tuple[Decimal | None, str]]:
    """{org id: (score or None, where it came from)} for the month: the provider first, then stored scores — read
    here, or given as `stored` ({org id: (value, source)}) by a caller that read them with its own rows."""
    result: dict[int, tuple[Decimal | None, str]] = {}
    if _provider is not None:
        for org_id, value in _provider(orgs=orgs, month=month).items():
            if value is not None:
                result[org_id] = (Decimal(value), _("team accounting"))
    missing = [o.pk for o in orgs if o.pk not in result]
    if missing and stored is not None:
        labels = {code: str(label) for code, label in ProductionScore.Source.choices}
        for org_id in missing:
            if org_id in stored:
                value, source = stored[org_id]
                result[org_id] = (value, labels.get(source, source))
    elif missing:
        labels = {code: str(label) for code, label in ProductionScore.Source.choices}
        # The month's scores under the orgs' common root, in one short indexed query (not one parameter per org).
        wanted = set(missing)
        stored = ProductionScore.objects.filter(
            month=month, org__path__startswith=common_root(o.path for o in orgs)
        ).values_list("org_id", "value", "source")
        for org_id, value, source in stored:
            if org_id in wanted:
                result[org_id] = (value, labels.get(source, source))
    for org in orgs:
        result.setdefault(org.pk, (None, ""))
    return result
