"""The edit page of a rule revised: correct or remove it while the project is open, as its owner branch; 404 out of
scope, 403 for readers, 409 after acceptance (the service's rule), an audit row per change."""

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.projects.projects.models import RuleRevision, State
from tests.projects.factories import RuleRevisionFactory


@pytest.fixture
def browse(logins):
    def make(name):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(logins[name])
        return client

    return make


def rule_audits(action) -> int:
    return AuditLog.objects.filter(object_type="projects.rulerevision", action=action).count()


def test_owner_corrects_a_rule_while_running(browse, make_project, django_assert_max_num_queries):
    project = make_project(state=State.IN_PROGRESS)
    rule = RuleRevisionFactory(project=project, title="换极标准")
    client = browse("sec_owner")
    url = reverse("projects:rule_edit", args=[project.pk, rule.pk])
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert url in detail
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "换极标准" in response.content.decode()
    data = {"rule-title": "换极作业标准", "rule-kind": "new", "rule-on": "2022-04-01", "rule-order": "2"}
    response = client.post(url, data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.title, rule.kind, str(rule.on), rule.order) == ("换极作业标准", "new", "2022-04-01", 2)
    assert rule_audits("update") == 1


def test_bad_input_is_shown_on_the_form(browse, make_project):
    project = make_project(state=State.IN_PROGRESS)
    rule = RuleRevisionFactory(project=project, title="换极标准")
    url = reverse("projects:rule_edit", args=[project.pk, rule.pk])
    response = browse("sec_owner").post(url, {"rule-title": "", "rule-kind": "odd", "rule-order": "0"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    rule.refresh_from_db()
    assert rule.title == "换极标准"
    assert rule_audits("update") == 0


def test_remove_a_rule(browse, make_project):
    project = make_project(state=State.IN_PROGRESS)
    rule = RuleRevisionFactory(project=project)
    response = browse("sec_owner").post(reverse("projects:rule_remove", args=[project.pk, rule.pk]))
    assert response.status_code == 302
    assert not RuleRevision.objects.filter(pk=rule.pk).exists()
    assert rule_audits("delete") == 1


@pytest.mark.parametrize(("who", "status"), [("leader", 403), ("committee", 403), ("sec_other", 404)])
def test_refused_for_readers_and_out_of_scope(browse, make_project, who, status):
    project = make_project(state=State.IN_PROGRESS)
    rule = RuleRevisionFactory(project=project, title="换极标准")
    client = browse(who)
    url = reverse("projects:rule_edit", args=[project.pk, rule.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"rule-title": "z", "rule-kind": "new", "rule-order": "0"}).status_code == status
    assert client.post(reverse("projects:rule_remove", args=[project.pk, rule.pk])).status_code == status
    rule.refresh_from_db()
    assert rule.title == "换极标准"
    assert AuditLog.objects.filter(object_type="projects.rulerevision").count() == 0


def test_a_rule_of_another_project_is_404(browse, make_project):
    project = make_project(state=State.IN_PROGRESS)
    other = RuleRevisionFactory(project=make_project(state=State.IN_PROGRESS))
    assert browse("sec_owner").get(reverse("projects:rule_edit", args=[project.pk, other.pk])).status_code == 404


def test_closed_after_acceptance(browse, make_project):
    project = make_project(state=State.ACCEPTED)
    rule = RuleRevisionFactory(project=project, title="换极标准")
    client = browse("sec_owner")
    url = reverse("projects:rule_edit", args=[project.pk, rule.pk])
    assert client.get(url).status_code == 302  # back to the project page, with a message
    response = client.post(reverse("projects:rule_remove", args=[project.pk, rule.pk]))
    assert response.status_code == 302
    assert RuleRevision.objects.filter(pk=rule.pk).exists()
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert url not in body


def test_the_page_is_chinese_by_default(logins, make_project):
    """The new messages come from the app's own catalogue (dangjian/projects/locale)."""
    project = make_project(state=State.IN_PROGRESS)
    rule = RuleRevisionFactory(project=project)
    client = Client()
    client.force_login(logins["sec_owner"])
    body = client.get(reverse("projects:rule_edit", args=[project.pk, rule.pk])).content.decode()
    assert "编辑制度修订" in body and "删除该制度" in body
