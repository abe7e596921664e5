"""Stars: the rating arithmetic (pure functions, hand-checkable) and the writes — appraisal inputs, the member-star
recomputation with history, the star policy, branch criteria and the yearly branch rating."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import CHANGE
from dangjian.core.services import require_at, validate
from dangjian.org.models import PartyOrg, Person
from dangjian.points.models import (
    Appraisal,
    AppraisalInput,
    BranchCriterion,
    BranchRating,
    BranchTemplate,
    MemberStar,
    PointsEntry,
    StarPolicy,
)
from dangjian.points.selectors import branch_template_defaults
from dangjian.points.services.common import company_of, user_or_none


@dataclass(frozen=True)
class StarResult:
    stars: int
    explanation: str


def member_stars(*, total: Decimal, appraisal: str, sanctioned: bool, policy: StarPolicy) -> StarResult:
    """Stars from the year's points and appraisal: the highest level whose threshold the total reaches (1 below the
    two-star mark), then capped by the appraisal and the veto items."""
    levels = [(5, policy.five_stars), (4, policy.four_stars), (3, policy.three_stars), (2, policy.two_stars)]
    stars = next((n for n, mark in levels if total >= mark), 1)
    why = [_("%(total)s points give %(stars)s stars") % {"total": total, "stars": stars}]
    caps = []
    if stars == 5 and policy.five_needs_excellent and appraisal != Appraisal.EXCELLENT:
        caps.append((4, _("five stars need an excellent appraisal")))
    if appraisal == Appraisal.BASIC:
        caps.append((policy.basic_cap, _("appraised basically qualified")))
    if appraisal == Appraisal.UNQUALIFIED:
        caps.append((policy.veto_cap, _("appraised unqualified (veto)")))
    if sanctioned:
        caps.append((policy.veto_cap, _("disciplinary sanction (veto)")))
    for cap, reason in caps:
        if stars > cap:
            stars = cap
            why.append(_("at most %(cap)s: %(reason)s") % {"cap": cap, "reason": reason})
    return StarResult(stars, "；".join(why))


def branch_stars(*, total: Decimal, vetoes_found: list[str], template: BranchTemplate) -> int:
    """三星/四星/五星 by pass mark (0 below the 三星 mark); any veto item found gives no star."""
    if vetoes_found:
        return 0
    for stars, mark in ((5, template.five_star_mark), (4, template.four_star_mark), (3, template.three_star_mark)):
        if total >= mark:
            return stars
    return 0


def policy_for(company: PartyOrg) -> StarPolicy:
    """The company's star policy; the defaults (60/80/100/120 points) until 党群工作部 sets its own."""
    return StarPolicy.objects.filter(company=company).first() or StarPolicy(company=company)


@transaction.atomic
def policy_save(*, actor, company: PartyOrg, **fields) -> StarPolicy:
    """Set a company's star thresholds and caps; every member's stars are recomputed in the background."""
    require_at(actor, "stars", CHANGE, company)
    policy = StarPolicy.objects.select_for_update().filter(company=company).first() or StarPolicy(company=company)
    before = audit.snapshot(policy) if policy.pk else None
    for name, value in fields.items():
        setattr(policy, name, value)
    validate(policy)
    policy.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
        obj=policy,
        before=before,
        after=audit.snapshot(policy),
    )
    from dangjian.points.tasks import recompute_company_stars

    company_id = company.pk
    transaction.on_commit(lambda: recompute_company_stars(company_id))
    return policy


@transaction.atomic
def appraisal_record(
    *,
    actor,
    person: Person,
    year: int,
    appraisal: str,
    sanctioned: bool = False,
    veto_note: str = "",
    recompute: bool = True,
) -> AppraisalInput:
    """Record (or change) a person's democratic appraisal result and veto items for a year; their stars are
    recomputed in the background (a bulk loader that rates everyone itself afterwards passes recompute=False)."""
    require_at(actor, "stars", CHANGE, person.branch)
    found = AppraisalInput.objects.select_for_update().filter(person=person, year=year).first()
    before = audit.snapshot(found) if found else None
    row = found or AppraisalInput(person=person, year=year)
    row.appraisal, row.sanctioned, row.veto_note = appraisal, sanctioned, (veto_note or "").strip()
    if sanctioned and not row.veto_note:
        raise InvalidInput(_("Name the sanction."), errors={"veto_note": [_("This field is required.")]})
    validate(row)
    row.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
        obj=row,
        before=before,
        after=audit.snapshot(row),
    )
    if not recompute:
        return row
    from dangjian.points.tasks import recompute_member_stars

    person_id = person.pk
    transaction.on_commit(lambda: recompute_member_stars(person_id, year))
    return row


def year_total(person_id: int, year: int) -> Decimal:
    return PointsEntry.objects.filter(
        person_id=person_id, status=PointsEntry.Status.APPROVED, occurred_on__year=year
    ).aggregate(s=Sum("awarded"))["s"] or Decimal("0.00")


@transaction.atomic
def member_stars_compute(*, person: Person, year: int, policy: StarPolicy | None = None) -> MemberStar | None:
    """Rate a person's stars for a year from their approved points and appraisal. Adds a history row only when the
    result changed (the previous row stays, no longer current). None until the appraisal is recorded."""
    inputs = AppraisalInput.objects.filter(person=person, year=year).first()
    if inputs is None:
        return None
    policy = policy or policy_for(company_of(person.branch))
    total = year_total(person.pk, year)
    result = member_stars(total=total, appraisal=inputs.appraisal, sanctioned=inputs.sanctioned, policy=policy)
    current = MemberStar.objects.select_for_update().filter(person=person, year=year, current=True).first()
    if current and (current.stars, current.points_total, current.appraisal, current.explanation) == (
        result.stars,
        total,
        inputs.appraisal,
        result.explanation,
    ):
        return current
    if current:
        current.current = False
        current.save(update_fields=["current"])
    star = MemberStar.objects.create(
        person=person,
        year=year,
        stars=result.stars,
        points_total=total,
        appraisal=inputs.appraisal,
        explanation=result.explanation[:300],
        computed_at=timezone.now(),
    )
    return star


TEMPLATE_FIELDS = ("three_star_mark", "four_star_mark", "five_star_mark", "vetoes")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CriterionSpec:
    """One item of a year's branch criteria as a caller gives it: an `id` names an item of the template to change,
    no id adds one."""

    name: str
    max_points: Decimal
    id: int | None = None


def _spec(item) -> CriterionSpec:
    if isinstance(item, CriterionSpec):
        return item
    name, points = item
    return CriterionSpec(name=name, max_points=points)


def _veto_text(vetoes) -> str:
    """Veto items as stored: one per line, trimmed, each once (a list or a text with one per line)."""
    lines = vetoes if isinstance(vetoes, list | tuple) else str(vetoes or "").splitlines()
    seen: list[str] = []
    for line in (str(v).strip() for v in lines):
        if line and line not in seen:
            seen.append(line)
    return "\n".join(seen)


def _clean_criteria(specs: list[CriterionSpec], current: dict[int, BranchCriterion]) -> list[CriterionSpec]:
    """The criteria checked: named, each name once, points above 0 in steps of 0.1, together exactly 100."""
    errors: dict[str, list[str]] = {}
    clean, names = [], set()
    for n, spec in enumerate(specs):
        name = (spec.name or "").strip()
        try:
            points = Decimal(str(spec.max_points))
        except ArithmeticError:
            points = None
        if spec.id is not None and spec.id not in current:
            errors[f"criteria.{n}.id"] = [_("No such criterion in this year's criteria.")]
        if not name or len(name) > 100:
            errors[f"criteria.{n}.name"] = [_("Name the criterion in at most 100 characters.")]
        elif name in names:
            errors[f"criteria.{n}.name"] = [_("Each criterion is named once.")]
        if (
            points is None
            or not points.is_finite()
            or not 0 < points <= HUNDRED
            or points != points.quantize(Decimal("0.1"))
        ):
            errors[f"criteria.{n}.max_points"] = [_("Give points above 0 and up to 100, in steps of 0.1.")]
        names.add(name)
        clean.append(CriterionSpec(name=name, max_points=points, id=spec.id))
    if errors:
        raise InvalidInput(_("Check the criteria."), errors=errors)
    if not clean:
        raise InvalidInput(_("Give at least one criterion."), errors={"criteria": [_("This field is required.")]})
    total = sum((c.max_points for c in clean), Decimal(0))
    if total != HUNDRED:
        raise InvalidInput(
            _("The criteria must add up to 100 points (now %(total)s).") % {"total": total.normalize()},
            errors={"criteria": [_("Check the points.")]},
        )
    return clean


def _outline(template: BranchTemplate, criteria) -> dict:
    """What the audit row keeps of a template: its fields and its criteria in order."""
    return {
        **audit.snapshot(template),
        "criteria": [[c.name, str(Decimal(str(c.max_points)).normalize())] for c in criteria],
    }


@transaction.atomic
def branch_template_save(
    *, actor, company: PartyOrg, year: int, criteria: list | None = None, **fields
) -> BranchTemplate:
    """Set a company's branch-star criteria for a year (党群工作部 over the company): the items in order, worth 100
    points together (an item with an id is changed, one without is added, one left out is retired), the pass mark of
    each tier, and the veto items. A year without criteria starts from the defaults (`branch_template_defaults`:
    the latest earlier year's, else the standard ones). Once a branch has been rated for the year its criteria can
    no longer change (409), so the year's ratings stay comparable; saving the same again changes nothing."""
    require_at(actor, "stars", CHANGE, company)
    extra = set(fields) - set(TEMPLATE_FIELDS)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(_("Give a year from 2000 to 2100."), errors={"year": [_("Not a year.")]})
    template = BranchTemplate.objects.select_for_update().filter(company=company, year=year).first()
    if template is None:
        draft = branch_template_defaults(company=company, year=year)
        template = draft.template
        current: dict[int, BranchCriterion] = {}
        before_outline = None
        if criteria is None:
            criteria = [CriterionSpec(c.name, c.max_points) for c in draft.criteria]
    else:
        current = {c.pk: c for c in template.criteria.all()}
        before_outline = _outline(template, current.values())
    for name, value in fields.items():
        if name == "vetoes":
            value = _veto_text(value)
        elif value is None:
            raise InvalidInput(_("Give the pass mark."), errors={name: [_("This field is required.")]})
        else:
            try:
                value = Decimal(str(value)).quantize(Decimal("0.1"))
            except ArithmeticError:
                raise InvalidInput(_("Give the pass mark."), errors={name: [_("Not a number.")]}) from None
        setattr(template, name, value)
    marks = [Decimal(str(m)) for m in (template.three_star_mark, template.four_star_mark, template.five_star_mark)]
    if marks != sorted(marks) or not (0 < marks[0] and marks[2] <= HUNDRED):
        raise InvalidInput(
            _("The pass marks rise from 三星 to 五星 and stay within 100."),
            errors={"three_star_mark": [_("Check the pass marks.")]},
        )
    specs = None if criteria is None else _clean_criteria([_spec(c) for c in criteria], current)
    after_criteria = list(current.values()) if specs is None else specs
    after_outline = _outline(template, after_criteria)
    if before_outline is not None:
        if after_outline == before_outline:
            return template
        if template.ratings.exists():
            raise Conflict(
                _(
                    "Branches have been rated on the %(year)s criteria: they can no longer change. Set the criteria "
                    "of the next year instead."
                )
                % {"year": year}
            )
    validate(template)
    template.save()
    if specs is not None:
        kept = {s.id for s in specs if s.id is not None}
        BranchCriterion.objects.filter(template=template).exclude(pk__in=kept).delete()
        for order, spec in enumerate(specs):
            row = current.get(spec.id) or BranchCriterion(template=template)
            row.name, row.max_points, row.sort_order = spec.name, spec.max_points, order
            row.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before_outline else AuditLog.Action.CREATE,
        obj=template,
        before=before_outline,
        after=after_outline,
    )
    return template


@transaction.atomic
def branch_rate(
    *, actor, org: PartyOrg, year: int, scores: dict[int, Decimal], vetoes_found: list[str] | None = None
) -> BranchRating:
    """Rate a branch for a year on the company's criteria (a second rating of the same year replaces the first, and
    each year stands on its own, so a branch can go down)."""
    require_at(actor, "stars", CHANGE, org)
    if not org.is_branch:
        raise InvalidInput(_("Stars are given to branches."))
    template = BranchTemplate.objects.filter(company=company_of(org), year=year).first()
    if template is None:
        raise InvalidInput(_("Set the branch star criteria for %(year)s first.") % {"year": year})
    criteria = {c.pk: c for c in template.criteria.all()}
    unknown = sorted(str(pk) for pk in scores if pk not in criteria)
    if unknown:
        raise InvalidInput(
            _("These are not criteria of %(year)s: %(ids)s.") % {"year": year, "ids": ", ".join(unknown)},
            errors={"scores": [_("Score the year's criteria.")]},
        )
    strange = [v for v in (vetoes_found or []) if v not in template.veto_list]
    if strange:
        raise InvalidInput(
            _("“%(item)s” is not a veto item of %(year)s.") % {"item": strange[0], "year": year},
            errors={"vetoes_found": [_("Name the year's veto items as worded.")]},
        )
    clean: dict[str, str] = {}
    for pk, c in criteria.items():
        value = Decimal(str(scores.get(pk, 0) or 0))
        if not 0 <= value <= c.max_points:
            raise InvalidInput(
                _("“%(name)s” is scored from 0 to %(max)s.") % {"name": c.name, "max": c.max_points},
                errors={f"c{pk}": [_("Out of range.")]},
            )
        clean[str(pk)] = str(value)
    vetoes = list(dict.fromkeys(vetoes_found or []))
    total = sum((Decimal(v) for v in clean.values()), Decimal(0))
    stars = branch_stars(total=total, vetoes_found=vetoes, template=template)
    rating = BranchRating.objects.select_for_update().filter(org=org, year=year).first()
    before = audit.snapshot(rating) if rating else None
    rating = rating or BranchRating(org=org, year=year)
    rating.template, rating.scores, rating.total = template, clean, total
    rating.vetoes_found, rating.stars = "\n".join(vetoes), stars
    rating.rated_by, rating.rated_at = user_or_none(actor), timezone.now()
    rating.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
        obj=rating,
        before=before,
        after=audit.snapshot(rating),
    )
    return rating
