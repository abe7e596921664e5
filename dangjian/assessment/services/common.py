"""What the assessment services share: numbers typed by people, and the guards on standings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from dangjian.assessment import workflow
from dangjian.core.errors import InvalidInput, NotPermitted

CENT = Decimal("0.01")


def points(raw, *, field: str, maximum: Decimal) -> Decimal:
    """A number of points 0…maximum with at most two decimals."""
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter the points as a number."), errors={field: [_("Enter a number.")]}) from None
    if not value.is_finite() or value < 0 or value > maximum:
        message = _("Points lie between 0 and %(max)s.") % {"max": maximum.normalize()}
        raise InvalidInput(message, errors={field: [message]})
    if value != value.quantize(CENT):
        raise InvalidInput(_("Use at most two decimal places."), errors={field: [_("Use at most two decimals.")]})
    return value.quantize(CENT)


def require(actor, org, standing: str, resource: str = "assessment") -> None:
    held = workflow.standings(actor, org, resource)
    if standing in held:
        return
    if standing == workflow.REVIEWER and workflow.is_own(actor, org):
        raise NotPermitted(_("You cannot review your own branch; the superior organisation or 党群工作部 does."))
    messages = {
        workflow.OWNER: _("Only the branch itself (its secretary) may do this."),
        workflow.REVIEWER: _("Only the superior organisation or 党群工作部 may review this."),
        workflow.OFFICE: _("Only the party affairs department (党群工作部) may do this."),
    }
    raise NotPermitted(messages[standing])
