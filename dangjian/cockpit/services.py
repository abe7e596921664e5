"""Writes of the cockpit: the colour map's thresholds. Each service checks the right at the company (党群工作部:
the cockpit_threshold change grant there), validates and writes its audit row in the same transaction."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.cockpit import dimensions
from dangjian.cockpit.models import Threshold
from dangjian.core import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.services import require_at, save_audited
from dangjian.org.models import PartyOrg

FIELDS = ("green_from", "yellow_from", "orange_from")


def _company(actor, company: PartyOrg) -> None:
    require_at(actor, "cockpit_threshold", "change", company)
    if company.parent_id:
        raise InvalidInput(_("The colour map's thresholds are set for the whole company, at its party committee."))


def _number(name: str, value) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        message = _("Enter a number from 0 to 100.")
        raise InvalidInput(message, errors={name: [message]})
    return number


@transaction.atomic
def threshold_save(*, actor, company: PartyOrg, dimension: str, green_from, yellow_from, orange_from) -> Threshold:
    """Set where `dimension` turns green, yellow and orange for `company` (created on first save)."""
    _company(actor, company)
    if dimension not in dimensions.CODES:
        message = _("Unknown dimension.")
        raise InvalidInput(message, errors={"dimension": [message]})
    values = {"green_from": green_from, "yellow_from": yellow_from, "orange_from": orange_from}
    numbers = {name: _number(name, value) for name, value in values.items()}
    row = Threshold.objects.select_for_update().filter(company=company, dimension=dimension).first()
    before = audit.snapshot(row) if row is not None else None
    if row is None:
        row = Threshold(company=company, dimension=dimension)
    for name, number in numbers.items():
        setattr(row, name, number)
    return save_audited(row, actor=actor, before=before, conflict=None)


@transaction.atomic
def thresholds_load_defaults(*, actor, company: PartyOrg) -> int:
    """Store the default thresholds for every dimension the company has not set yet (one click on an empty install);
    the ones already set are kept. Returns how many were added."""
    _company(actor, company)
    have = set(Threshold.objects.filter(company=company).values_list("dimension", flat=True))
    added = 0
    for code in dimensions.CODES:
        if code in have:
            continue
        green, yellow, orange = dimensions.DEFAULTS[code]
        save_audited(
            Threshold(company=company, dimension=code, green_from=green, yellow_from=yellow, orange_from=orange),
            actor=actor,
            conflict=None,
        )
        added += 1
    return added


@transaction.atomic
def thresholds_set(*, actor, company: PartyOrg, rows: list[dict], load_defaults: bool = False) -> None:
    """Several dimensions at once (the API's PUT), all or none: with `load_defaults`, the defaults first."""
    if load_defaults:
        thresholds_load_defaults(actor=actor, company=company)
    else:
        _company(actor, company)
    for row in rows:
        threshold_save(actor=actor, company=company, **row)
