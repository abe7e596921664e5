"""The leaders' cockpit on a small company: the numbers equal the lists they link to, the page, each wall-screen part
and the colour map stay within their query budgets however many branches there are, the map's grades follow the
thresholds 党群工作部 sets (page, API, one-click defaults, audited), a secretary sees the own branch's row only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.cockpit import dimensions, selectors, services
from dangjian.cockpit.models import Threshold
from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.projects.projects.models import Domain, State
from dangjian.service.models import ServiceRequest
from dangjian.service.models import State as RequestState
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role, build_company
from tests.matrix.runner import module_world, signed_in
from tests.projects.factories import ProjectFactory

PAGE_BUDGET = 60
PART_BUDGET = 25
MAP_BUDGET = 40
TODAY = timezone.localdate()


def _request(org, submitter, *, state=RequestState.ACCEPTED, due_in=20, resolved=None):
    return ServiceRequest.objects.create(
        category="welfare",
        title="澡堂热水不足",
        description="夜班下班后澡堂没有热水。",
        submitter=submitter,
        handling_org=org,
        state=state,
        submitted_on=TODAY - dt.timedelta(days=30),
        accept_due=TODAY - dt.timedelta(days=27),
        resolve_due=TODAY + dt.timedelta(days=due_in),
        accepted_on=TODAY - dt.timedelta(days=29),
        resolved_on=resolved,
    )


def build(tmp_path) -> dict:
    company = build_company()
    a, b = company["branch_a"], company["branch_b"]
    for n, (owner, state, domain) in enumerate(
        [
            (a, State.IN_PROGRESS, Domain.PRODUCTION),
            (a, State.IN_PROGRESS, Domain.SAFETY_ENV),
            (a, State.PROPOSED, Domain.COST),
            (b, State.ACCEPTED, Domain.COST),
            (b, State.IN_PROGRESS, Domain.COST),
        ]
    ):
        ProjectFactory(owner=owner, state=state, domain=domain, code=f"CP-{n}", year=TODAY.year)
    submitter = PersonFactory(branch=a, name="孙员工")
    _request(a, submitter)  # open, on time
    _request(a, submitter, due_in=-3)  # open, past its deadline
    _request(b, submitter, state=RequestState.RESOLVED, due_in=-5, resolved=TODAY - dt.timedelta(days=6))
    from dangjian.affairs.recruitment.services import dossier_open

    for n, branch in enumerate((a, a, b)):
        applicant = PersonFactory(branch=branch, name=f"申请人{n}")
        dossier_open(actor=SYSTEM, person=applicant, applied_on=TODAY - dt.timedelta(days=40 + n))
    from dangjian.points.models import MemberStar

    for n, stars in enumerate((3, 3, 5)):
        member = PersonFactory(branch=a if n else b, member=True, name=f"星级{n}")
        MemberStar.objects.create(person=member, year=TODAY.year, stars=stars, points_total=80, explanation="年度积分")
    users = {
        "leader": account_with_role("leader", company["root"], username="c_leader"),
        "office": account_with_role("party_office", company["root"], username="c_office"),
        "secretary": account_with_role("secretary", a, username="c_secretary"),
        "member": account_with_role("member", a, person=company["person_a"], username="c_member"),
    }
    return {**company, "users": users}


world = module_world(build)


def _count(html: str, testid: str) -> int:
    found = re.search(rf'data-testid="{testid}"[^>]*>(\d+)', html)
    assert found, f"no {testid}"
    return int(found.group(1))


def _href(html: str, testid: str) -> str:
    found = re.search(rf'<a[^>]*href="([^"]+)"[^>]*data-testid="{testid}"', html)
    assert found, f"no link {testid}"
    return found.group(1).replace("&amp;", "&")


def _list_count(client, url: str) -> int:
    html = client.get(url).content.decode()
    return int(re.search(r'data-testid="project-count">(\d+)', html).group(1))


def test_the_page_numbers_equal_the_lists_they_link_to(db, world, django_assert_max_num_queries):
    client = signed_in(world, "leader")
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(reverse("cockpit:page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _count(html, "projects-total") == 5
    assert _list_count(client, _href(html, "projects-total")) == 5
    assert _count(html, "state-in_progress") == 3
    assert _list_count(client, _href(html, "state-in_progress")) == 3
    assert _count(html, "domain-cost") == 3
    assert _list_count(client, _href(html, "domain-cost")) == 3
    # concerns: the service dashboard's own "open" count for the same period
    assert _count(html, "concerns-open") == 2
    assert _count(html, "concerns-overdue") == 1
    # recruitment: the pipeline board's own total
    assert _count(html, "recruitment-total") == 3
    board = client.get(_href(html, "recruitment-total")).content.decode()
    assert re.search(r'data-testid="board-totals">\s*3 ', board)
    for testid, expected in (("concerns-open", 2), ("concerns-overdue", 1)):
        listed = client.get(_href(html, testid)).content.decode()
        assert _number_after(listed, "count") == expected, testid
    assert selectors.summary(user=world["users"]["leader"])["concerns"]["open"] == 2
    # red / amber / green: each count opens the running projects of exactly that colour
    judged = 0
    for level in ("green", "amber", "red"):
        listed = client.get(_href(html, f"rag-{level}")).content.decode()
        rows = re.findall(r'data-testid="rag-row" data-level="(\w+)"', listed)
        assert _number_after(listed, "rag-count") == _count(html, f"rag-{level}") == len(rows), level
        assert set(rows) <= {level}
        judged += len(rows)
    assert judged == 3  # the three running projects, each in one colour
    # stars: each count opens the members holding that many stars
    for n in range(1, 6):
        listed = client.get(_href(html, f"stars-{n}")).content.decode()
        assert listed.count("★</td>") == _count(html, f"stars-{n}") == {3: 2, 5: 1}.get(n, 0), n


def _number_after(html: str, testid: str) -> int:
    return int(re.search(rf'data-testid="{testid}">[^<\d]*(\d+)', html).group(1))


def test_a_secretary_sees_the_branch_numbers_only_through_the_map(db, world):
    # the cockpit page is for leaders and 党群工作部; the map's row for the secretary's branch
    assert signed_in(world, "secretary").get(reverse("cockpit:page")).status_code == 403
    found = selectors.colour_map(user=world["users"]["secretary"], today=TODAY)
    assert [row.org.code for row in found.rows] == ["BA"]
    # no link to the thresholds, which the secretary may not read
    page = signed_in(world, "secretary").get(reverse("cockpit:map")).content.decode()
    assert 'data-testid="thresholds-link"' not in page


@pytest.mark.parametrize("name", list(selectors.PARTS))
def test_each_wall_part_is_within_its_budget(db, world, name, django_assert_max_num_queries):
    client = signed_in(world, "office")
    with django_assert_max_num_queries(PART_BUDGET):
        response = client.get(reverse("cockpit:part"), {"name": name, "wall": "1", "refresh": "5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="part-{name}"' in html
    assert 'hx-trigger="every 5s"' in html


def test_an_unknown_part_is_refused(db, world):
    assert signed_in(world, "office").get(reverse("cockpit:part"), {"name": "nope"}).status_code == 400


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_branches(db, world, django_assert_max_num_queries):
    client = signed_in(world, "office")
    client.get(reverse("cockpit:page"))  # warm the per-process caches
    before = {name: _queries(client, reverse(name)) for name in ("cockpit:page", "cockpit:map")}
    for n in range(8):
        branch = PartyOrgFactory(code=f"NB{n}", name=f"新支部{n}", parent=world["root"])
        ProjectFactory(owner=branch, state=State.IN_PROGRESS, code=f"NB-{n}", year=TODAY.year)
        _request(branch, world["person_a"], due_in=-2)
    after = {name: _queries(client, reverse(name)) for name in ("cockpit:page", "cockpit:map")}
    assert after == before
    with django_assert_max_num_queries(MAP_BUDGET):
        response = client.get(reverse("cockpit:map"))
    assert response.content.decode().count('data-testid="map-row-') == 10


def test_the_map_is_grey_until_thresholds_are_set_then_graded(db, world):
    office = world["users"]["office"]
    found = selectors.colour_map(user=office, today=TODAY)
    assert not found.thresholds_set
    assert {c.grade for row in found.rows for c in row.cells} == {dimensions.GREY}
    services.thresholds_load_defaults(actor=office, company=world["root"])
    found = selectors.colour_map(user=office, today=TODAY)
    cells = {(row.org.code, c.dimension): c for row in found.rows for c in row.cells}
    # BA: two running projects, none reviewed yet → not green; concerns: the one due so far missed → 0 % → red
    assert cells[("BA", "concerns")].value == Decimal("0.0")
    assert cells[("BA", "concerns")].grade == dimensions.RED
    # BB: its one request due so far was resolved in time → 100 % → green
    assert cells[("BB", "concerns")].value == Decimal("100.0")
    assert cells[("BB", "concerns")].grade == dimensions.GREEN
    assert cells[("BA", "projects")].url == reverse("projects:list") + "?org=BA"
    # a threshold moved: 0 % is orange once orange begins at 0
    services.threshold_save(
        actor=office, company=world["root"], dimension="concerns", green_from=50, yellow_from=10, orange_from=0
    )
    cells = {(r.org.code, c.dimension): c for r in selectors.colour_map(user=office, today=TODAY).rows for c in r.cells}
    assert cells[("BA", "concerns")].grade == dimensions.ORANGE


def test_threshold_services_check_validate_and_audit(db, world):
    office, leader, root = world["users"]["office"], world["users"]["leader"], world["root"]
    with pytest.raises(NotPermitted):
        services.threshold_save(
            actor=leader, company=root, dimension="meetings", green_from=90, yellow_from=80, orange_from=70
        )
    with pytest.raises(InvalidInput) as refused:
        services.threshold_save(
            actor=office, company=root, dimension="meetings", green_from=70, yellow_from=80, orange_from=60
        )
    assert "yellow_from" in refused.value.errors
    with pytest.raises(InvalidInput):
        services.threshold_save(
            actor=office, company=world["branch_a"], dimension="meetings", green_from=9, yellow_from=8, orange_from=7
        )
    with pytest.raises(InvalidInput):
        services.threshold_save(
            actor=office, company=root, dimension="meetings", green_from=190, yellow_from=80, orange_from=70
        )
    audits = AuditLog.objects.count()
    assert services.thresholds_load_defaults(actor=office, company=root) == len(dimensions.CODES)
    assert services.thresholds_load_defaults(actor=office, company=root) == 0  # idempotent: set ones are kept
    assert AuditLog.objects.count() == audits + len(dimensions.CODES)
    row = services.threshold_save(
        actor=office, company=root, dimension="meetings", green_from=99, yellow_from=90, orange_from=80
    )
    assert row.limits == (99, 90, 80)
    assert AuditLog.objects.filter(action=AuditLog.Action.UPDATE).order_by("-pk").first().object_id == str(row.pk)


def test_threshold_page_sets_and_refuses_with_field_messages(db, world, django_assert_max_num_queries):
    client = signed_in(world, "office")
    with django_assert_max_num_queries(20):
        page = client.get(reverse("cockpit:thresholds"))
    assert page.status_code == 200 and 'data-testid="load-defaults"' in page.content.decode()
    assert client.post(reverse("cockpit:thresholds_defaults")).status_code == 302
    assert Threshold.objects.filter(company=world["root"]).count() == len(dimensions.CODES)
    bad = {"dimension": "safety", "green_from": "50", "yellow_from": "60", "orange_from": "10"}
    response = client.post(reverse("cockpit:thresholds"), bad)
    assert response.status_code == 400
    assert "Green must begin at or above yellow" in response.content.decode()
    good = {"dimension": "safety", "green_from": "98", "yellow_from": "90", "orange_from": "80.5"}
    assert client.post(reverse("cockpit:thresholds"), good).status_code == 302
    assert Threshold.objects.get(company=world["root"], dimension="safety").orange_from == Decimal("80.5")
    # a leader reads them, and may not set them
    leader = signed_in(world, "leader")
    assert leader.get(reverse("cockpit:thresholds")).status_code == 200
    assert leader.post(reverse("cockpit:thresholds"), good).status_code == 403


def test_api_summary_map_and_thresholds(db, world):
    leader, office = signed_in(world, "leader"), signed_in(world, "office")
    summary = leader.get(reverse("api:cockpit_summary")).json()
    assert summary["org"] == "ROOT"
    assert summary["projects"]["total"] == 5
    assert summary["concerns"]["open"] == 2
    # the API's numbers are the page's
    html = leader.get(reverse("cockpit:page")).content.decode()
    assert _count(html, "projects-total") == summary["projects"]["total"]
    found = leader.get(reverse("api:cockpit_map")).json()
    assert sorted(row["org"] for row in found["rows"]) == ["BA", "BB"]  # in tree order (paths of ids)
    assert found["thresholds_set"] is False
    assert {c["grade"] for row in found["rows"] for c in row["cells"]} == {"grey"}
    got = leader.get(reverse("api:cockpit_thresholds")).json()
    assert [t["set"] for t in got["thresholds"]] == [False] * len(dimensions.CODES)
    body = {
        "load_defaults": True,
        "thresholds": [{"dimension": "concerns", "green_from": 1, "yellow_from": 0.5, "orange_from": 0}],
    }
    assert leader.put(reverse("api:cockpit_thresholds_set"), body, content_type="application/json").status_code == 403
    done = office.put(reverse("api:cockpit_thresholds_set"), body, content_type="application/json")
    assert done.status_code == 200
    assert all(t["set"] for t in done.json()["thresholds"])
    cells = {
        (row["org"], c["dimension"]): c["grade"]
        for row in leader.get(reverse("api:cockpit_map")).json()["rows"]
        for c in row["cells"]
    }
    assert cells[("BA", "concerns")] == "orange" and cells[("BB", "concerns")] == "green"
    wrong = {"thresholds": [{"dimension": "concerns", "green_from": 1, "yellow_from": 5, "orange_from": 0}]}
    refused = office.put(reverse("api:cockpit_thresholds_set"), wrong, content_type="application/json")
    assert refused.status_code == 400 and "yellow_from" in refused.json()["errors"]
    unknown = {"thresholds": [{"dimension": "luck", "green_from": 1, "yellow_from": 0, "orange_from": 0}]}
    assert (
        office.put(reverse("api:cockpit_thresholds_set"), unknown, content_type="application/json").status_code == 400
    )


def test_home_links_the_cockpit_for_leaders_only(db, world):
    assert 'data-testid="home-cockpit-link"' in signed_in(world, "leader").get(reverse("home")).content.decode()
    assert 'data-testid="home-cockpit-link"' not in signed_in(world, "member").get(reverse("home")).content.decode()


def test_the_wall_screen_refreshes_each_part(db, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = signed_in(world, "leader").get(reverse("cockpit:wall"), {"refresh": "3"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-bs-theme="dark"' in html
    assert html.count('hx-trigger="every 3s"') == len(selectors.PARTS)


def test_setup_centre_lists_the_thresholds(db, world):
    html = signed_in(world, "office").get(reverse("setup")).content.decode()
    assert reverse("cockpit:thresholds") in html


def test_demo_seed_sets_the_thresholds(db, world):
    """Every company gets the defaults once (旗能电铝 with production held higher); a company that has thresholds is
    left alone."""
    from dangjian.cockpit import demo
    from dangjian.demo.data import qineng

    qn = PartyOrgFactory(code=qineng.ROOT_CODE, name="重庆旗能电铝有限公司党委", kind="committee")
    services.threshold_save(
        actor=SYSTEM, company=world["root"], dimension="meetings", green_from=99, yellow_from=98, orange_from=97
    )
    demo.seed(today=TODAY)
    demo.seed(today=TODAY)
    assert Threshold.objects.filter(company=qn).count() == len(dimensions.CODES)
    assert Threshold.objects.get(company=qn, dimension="production").green_from == 92
    assert Threshold.objects.filter(company=world["root"]).count() == 1


def test_batch_reads_equal_the_capabilities_single_reads(db, world):
    """The two batch selectors the map and the cockpit added to their capabilities answer what the single ones do."""
    from dangjian.indicators.models import Indicator, IndicatorValue
    from dangjian.indicators.records import best_ever, best_evers
    from dangjian.service.selectors import sla_rate, sla_rates

    orgs = [world["root"], world["branch_a"], world["branch_b"]]
    start = dt.date(TODAY.year, 1, 1) - dt.timedelta(days=60)
    batch = sla_rates(orgs=orgs, start=start, end=TODAY, today=TODAY)
    assert batch == {org.pk: sla_rate(org=org, start=start, end=TODAY, today=TODAY) for org in orgs}
    assert batch[world["branch_b"].pk] == Decimal(1)
    unit = world["unit"]
    higher = Indicator.objects.create(code="CK_OUT", name="产量", unit_of_measure="t", granularity="day")
    lower = Indicator.objects.create(
        code="CK_KWH", name="电耗", unit_of_measure="kWh", granularity="day", direction="lower"
    )
    for n, value in enumerate(("5", "9", "7")):
        for indicator in (higher, lower):
            IndicatorValue.objects.create(
                indicator=indicator, unit=unit, granularity="day", period_start=TODAY - dt.timedelta(days=n + 1),
                value=Decimal(value), source="manual",
            )  # fmt: skip
    found = best_evers([higher, lower], unit)
    assert found == {higher.pk: best_ever(higher, unit), lower.pk: best_ever(lower, unit)}
    assert found == {higher.pk: Decimal("9"), lower.pk: Decimal("5")}
