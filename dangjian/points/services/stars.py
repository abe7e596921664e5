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
from dangjian.core.errors import InvalidInput
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
from dangjian.points.services.common import company_of, user_or_none

# A default 100-point template for branch stars (星级党支部), after the seeds' 标准化党支部 practice.
DEFAULT_CRITERIA = [
    ("班子建设坚强有力", 15),
    ("组织生活规范（三会一课、主题党日）", 20),
    ("党员队伍管理（积分、星级党员）", 15),
    ("党建+X项目与中心工作融合", 20),
    ("示范岗位作用发挥（责任区、先锋岗、攻坚小组）", 15),
    ("我为群众办实事", 10),
    ("基础资料与阵地建设", 5),
]
DEFAULT_VETOES = "发生较大及以上安全环保事故\n班子成员受到党纪政务处分\n发生群体性事件或重大负面舆情"


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


@transaction.atomic
def branch_template_save(
    *, actor, company: PartyOrg, year: int, criteria: list[tuple[str, Decimal]] | None = None, **fields
) -> BranchTemplate:
    """Set a company's branch criteria for a year: items that add up to 100, pass marks, veto items."""
    require_at(actor, "stars", CHANGE, company)
    template = BranchTemplate.objects.filter(company=company, year=year).first() or BranchTemplate(
        company=company, year=year, vetoes=DEFAULT_VETOES
    )
    before = audit.snapshot(template) if template.pk else None
    for name, value in fields.items():
        setattr(template, name, value)
    marks = (template.three_star_mark, template.four_star_mark, template.five_star_mark)
    if list(marks) != sorted(marks) or not (0 < marks[0] and marks[2] <= 100):
        raise InvalidInput(_("The pass marks rise from 三星 to 五星 and stay within 100."))
    criteria = criteria if criteria is not None else (None if template.pk else DEFAULT_CRITERIA)
    if criteria is not None and sum(Decimal(str(p)) for _n, p in criteria) != 100:
        raise InvalidInput(_("The criteria must add up to 100 points."), errors={"criteria": [_("Check the points.")]})
    validate(template)
    template.save()
    if criteria is not None:
        if template.ratings.exists():
            raise InvalidInput(_("Branches have been rated on these criteria: they can no longer change."))
        template.criteria.all().delete()
        BranchCriterion.objects.bulk_create(
            [
                BranchCriterion(template=template, name=n, max_points=Decimal(str(p)), sort_order=i)
                for i, (n, p) in enumerate(criteria)
            ]
        )
    after = {**audit.snapshot(template), "criteria": [[n, str(p)] for n, p in (criteria or [])]}
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE if before else AuditLog.Action.CREATE,
        obj=template,
        before=before,
        after=after,
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
    clean: dict[str, str] = {}
    for pk, c in criteria.items():
        value = Decimal(str(scores.get(pk, 0) or 0))
        if not 0 <= value <= c.max_points:
            raise InvalidInput(
                _("“%(name)s” is scored from 0 to %(max)s.") % {"name": c.name, "max": c.max_points},
                errors={f"c{pk}": [_("Out of range.")]},
            )
        clean[str(pk)] = str(value)
    vetoes = [v for v in (vetoes_found or []) if v in template.veto_list]
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
