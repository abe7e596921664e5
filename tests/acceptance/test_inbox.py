"""A panel member's scoring sheet waits in their inbox: one item per member and panel, linking to their sheet, done
when their sheet is complete (the other members' stay), or for everyone when the panel is submitted."""

from django.urls import reverse

from dangjian.core.notifications.selectors import inbox_count, inbox_list
from dangjian.projects.acceptance import services
from dangjian.projects.acceptance.notices import KIND
from tests.acceptance.conftest import score_all


def test_each_member_is_asked_once_and_a_complete_sheet_closes_only_theirs(panel, judges, crit, inspected, office):
    first, second = inspected(year=2022), inspected(year=2022, owner_key="branch_b")
    for judge in judges.values():
        (item,) = inbox_list(user=judge)
        assert (item.kind, item.action, item.link) == (KIND, True, reverse("acceptance:sheet", kwargs={"pk": panel.pk}))
    assert inbox_count(user=office) == 0

    score_all(panel, judges, crit, {"j1": {first: (80, 90)}})
    assert inbox_count(user=judges["j1"]) == 1  # one project still unscored on j1's sheet
    score_all(panel, judges, crit, {"j1": {second: (85, 85)}})
    assert [inbox_count(user=judges[j]) for j in ("j1", "j2", "j3")] == [0, 1, 1]

    score_all(panel, judges, crit, {j: {first: (70, 70), second: (75, 75)} for j in ("j2", "j3")})
    assert [inbox_count(user=judges[j]) for j in ("j1", "j2", "j3")] == [0, 0, 0]


def test_submitting_the_panel_or_leaving_it_closes_the_sheet(panel, judges, crit, inspected, office):
    seat = panel.members.get(user=judges["j3"])
    services.panel_member_remove(actor=office, member=seat)
    assert inbox_count(user=judges["j3"]) == 0
    project = inspected(year=2022)
    score_all(panel, judges, crit, {"j1": {project: (80, 80)}})
    assert inbox_count(user=judges["j2"]) == 1
    score_all(panel, judges, crit, {"j2": {project: (80, 80)}})
    services.panel_submit(actor=office, panel=panel)
    assert [inbox_count(user=judges[j]) for j in ("j1", "j2", "j3")] == [0, 0, 0]


def test_a_panel_scored_on_goal_attainment_alone_closes_the_sheets_when_submitted(panel, judges, inspected, office):
    services.criteria_set(actor=office, panel=panel, attainment_weight=100, qualitative=[])
    inspected(year=2022)
    assert inbox_count(user=judges["j1"]) == 1  # nothing to type, but the sheet is still theirs to look at
    services.panel_submit(actor=office, panel=panel)
    assert [inbox_count(user=judges[j]) for j in ("j1", "j2", "j3")] == [0, 0, 0]
