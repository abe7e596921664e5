"""Setting a panel up: create it, name its members, set its criteria and grade thresholds (党群工作部, while open)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.i18n import in_site_language
from dangjian.core.models import AuditLog
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at
from dangjian.core.services import save_audited, validate
from dangjian.org.models import PartyOrg
from dangjian.projects.acceptance import notices
from dangjian.projects.acceptance.models import Criterion, Department, Panel, PanelMember
from dangjian.projects.acceptance.services.common import locked_panel, require_office, require_status

HUNDRED = Decimal(100)
PANEL_FIELDS = ("name", "excellent_from", "good_from", "pass_from")


def _overlapping(org: PartyOrg, year: int) -> Panel | None:
    """A panel of the same year over this org, one above it or one below it (a project is scored once)."""
    above = [int(part) for part in org.path.strip("/").split("/") if part]
    panels = Panel.objects.filter(year=year).select_related("org")
    return (panels.filter(org_id__in=above) | panels.filter(org__path__startswith=org.path)).first()


@transaction.atomic
def panel_create(*, actor, org: PartyOrg, year: int, name: str = "", **thresholds) -> Panel:
    """A new open panel for `year` over `org`, with the goal-attainment criterion weighing 100 until qualitative
    criteria are added. One panel per org subtree and year."""
    if org is None:
        raise InvalidInput(_("Choose the organisation."), errors={"org": [_("This field is required.")]})
    require_office(actor, org)
    unknown = set(thresholds) - set(PANEL_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    existing = _overlapping(org, year)
    if existing is not None:
        raise Conflict(
            _("%(org)s already has an acceptance panel for %(year)s (%(panel)s).")
            % {"org": existing.org.name, "year": year, "panel": existing.name}
        )
    name = (name or "").strip() or _("%(year)s 党建+X project acceptance panel") % {"year": year}
    panel = Panel(
        org=org,
        year=year,
        name=name,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **thresholds,
    )
    validate(panel)
    panel.save()
    with in_site_language():
        default_name = _("Goal attainment")
    criterion = Criterion(panel=panel, kind=Criterion.Kind.GOAL_ATTAINMENT, name=default_name, weight=HUNDRED)
    validate(criterion)
    criterion.save()
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=panel, after=audit.snapshot(panel))
    return panel


@transaction.atomic
def panel_update(*, actor, panel: Panel, **fields) -> Panel:
    """Rename the panel or change its grade thresholds while it is open."""
    unknown = set(fields) - set(PANEL_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    panel = locked_panel(panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.OPEN)
    before = audit.snapshot(panel)
    for name, value in fields.items():
        setattr(panel, name, value)
    validate(panel)
    panel.save()
    after = audit.snapshot(panel)
    if audit.changes(before, after):
        audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=panel, before=before, after=after)
    return panel


@transaction.atomic
def panel_member_add(*, actor, panel: Panel, user, department: str) -> PanelMember:
    """Seat an account on the panel. It must hold the acceptance panel member role over the panel's org (granted by
    the security administrator), so that the role table, not this list alone, decides who may score."""
    panel = locked_panel(panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.OPEN)
    if user is None or not user.is_active or not can_at(user, "panel", VIEW, panel.org):
        raise InvalidInput(
            _(
                "This account does not hold the acceptance panel member role over %(org)s; ask the security "
                "administrator to assign it first."
            )
            % {"org": panel.org.name},
            errors={"user": [_("Choose an account with the acceptance panel member role.")]},
        )
    if department not in Department.values:
        raise InvalidInput(_("Choose the member's department."), errors={"department": [_("Choose a listed value.")]})
    if PanelMember.objects.filter(panel=panel, user=user).exists():
        raise Conflict(_("%(name)s already sits on this panel.") % {"name": user.display_name})
    member = PanelMember(panel=panel, user=user, department=department)
    save_audited(member, actor=actor)
    notices.seated(member)  # their sheet waits in their inbox until it is complete
    return member


@transaction.atomic
def panel_member_remove(*, actor, member: PanelMember) -> None:
    """Take a member off an open panel; the scores they gave go with them (the audit row counts them)."""
    panel = locked_panel(member.panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.OPEN)
    before = {**audit.snapshot(member), "scores": member.scores.count()}
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=member, before=before)
    notices.left(member)
    member.delete()


def _weight(value, field: str) -> Decimal:
    try:
        weight = Decimal(str(value))
    except (ArithmeticError, ValueError):
        raise InvalidInput(_("Enter each weight as a number."), errors={field: [_("Enter a number.")]}) from None
    if not weight.is_finite() or weight < 0 or weight > HUNDRED:
        raise InvalidInput(_("Each weight lies between 0 and 100."), errors={field: [_("Use 0 to 100.")]})
    return weight


@transaction.atomic
def criteria_set(*, actor, panel: Panel, attainment_weight, qualitative: list[dict]) -> list[Criterion]:
    """Set the criteria of an open panel: the goal-attainment weight and the qualitative criteria, each a dict with
    name, description, weight and — for one that exists — its id. Weights must sum to 100. A criterion left out is
    removed, unless members have already scored it."""
    panel = locked_panel(panel)
    require_office(actor, panel.org)
    require_status(panel, Panel.Status.OPEN)
    existing = {c.pk: c for c in panel.criteria.all()}
    computed = next(c for c in existing.values() if c.is_computed)
    wanted = [(computed, {"weight": _weight(attainment_weight, "attainment_weight")})]
    names = set()
    for n, row in enumerate(qualitative):
        name = (row.get("name") or "").strip()
        if not name:
            raise InvalidInput(_("Give every criterion a name."), errors={"name": [_("This field is required.")]})
        if name in names or name == computed.name:
            raise InvalidInput(
                _("Two criteria are called “%(name)s”; give each its own name.") % {"name": name},
                errors={"name": [_("Already used.")]},
            )
        names.add(name)
        pk = row.get("id")
        criterion = existing.get(pk) if pk else Criterion(panel=panel, kind=Criterion.Kind.QUALITATIVE)
        if criterion is None or criterion.is_computed:
            raise InvalidInput(_("That criterion is not part of this panel."), errors={"id": [_("Unknown row.")]})
        fields = {"name": name, "description": (row.get("description") or "").strip(), "order": n + 1}
        fields["weight"] = _weight(row.get("weight"), "weight")
        wanted.append((criterion, fields))
    total = sum((fields["weight"] for _c, fields in wanted), Decimal(0))
    if total != HUNDRED:
        raise InvalidInput(
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": f"{total.normalize():f}"},
            errors={"weight": [_("The weights must add up to 100.")]},
        )
    kept = {c.pk for c, _f in wanted if c.pk}
    for pk, criterion in existing.items():
        if pk in kept:
            continue
        if criterion.scores.exists():
            raise Conflict(
                _("Members have already scored “%(name)s”, so it cannot be removed; set its weight instead.")
                % {"name": criterion.name}
            )
        audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=criterion, before=audit.snapshot(criterion))
        criterion.delete()
    saved = []
    befores = {c.pk: audit.snapshot(c) for c, _f in wanted if c.pk}
    # Renames first go through a placeholder so that swapping two names does not trip the unique constraint.
    for criterion, fields in wanted:
        if criterion.pk and criterion.name != fields.get("name", criterion.name):
            criterion.name = f"~renaming~{criterion.pk}"
            criterion.save(update_fields=["name"])
    for criterion, fields in wanted:
        before = befores.get(criterion.pk)
        for name, value in fields.items():
            setattr(criterion, name, value)
        validate(criterion)
        criterion.save()
        after = audit.snapshot(criterion)
        if before is None or audit.changes(before, after):
            action = AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE
            audit.record(actor=actor, action=action, obj=criterion, before=before, after=after)
        saved.append(criterion)
    return saved


@transaction.atomic
def panel_configure(*, actor, panel: Panel, fields: dict, attainment_weight, qualitative: list[dict]) -> Panel:
    """The panel's name, thresholds and criteria together, all or nothing (what the settings page submits)."""
    panel = panel_update(actor=actor, panel=panel, **fields)
    criteria_set(actor=actor, panel=panel, attainment_weight=attainment_weight, qualitative=qualitative)
    return panel
