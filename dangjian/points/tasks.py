"""Background recomputation of member stars when their inputs change (points approved, appraisal recorded, policy
changed). Tasks take ids; they are inline in tests."""

from __future__ import annotations

from dangjian.core.tasks import task


@task()
def recompute_member_stars(person_id: int, year: int) -> int | None:
    """Rate one person's stars for one year again; returns the stars (None before the appraisal is in)."""
    from dangjian.org.models import Person
    from dangjian.points.services import member_stars_compute

    person = Person.objects.select_related("branch").filter(pk=person_id).first()
    if person is None:
        return None
    star = member_stars_compute(person=person, year=year)
    return star.stars if star else None


@task()
def recompute_company_stars(company_id: int) -> int:
    """Rate again everyone in a company who has an appraisal (after the policy changed); returns how many."""
    from dangjian.org.models import PartyOrg
    from dangjian.points.models import AppraisalInput
    from dangjian.points.services import member_stars_compute
    from dangjian.points.services.stars import policy_for

    company = PartyOrg.objects.get(pk=company_id)
    policy = policy_for(company)
    inputs = AppraisalInput.objects.filter(person__branch__path__startswith=company.path).select_related(
        "person__branch"
    )
    count = 0
    for row in inputs.iterator():
        member_stars_compute(person=row.person, year=row.year, policy=policy)
        count += 1
    return count
