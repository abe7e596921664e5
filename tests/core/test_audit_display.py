"""The audit page in Chinese (#16 item 2): each change under the field's verbose name, each value as readable text —
a choice's label, 是/否, a local time, a related row's number, a list joined with 、, a map by how many entries it
holds — and no English word, JSON or True/False on the page. The export keeps the raw keys and values."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core import audit
from tests.demo.crawl import _Page, latin_words
from tests.factories import account_with_role

AUDIT = reverse("core:audit")


@pytest.fixture
def auditor(db):
    user = account_with_role("audit_admin", None, username="auditadmin")
    client = Client()  # the site's language
    client.force_login(user)
    return client


def page_text(response) -> str:
    page = _Page()
    page.feed(response.content.decode())
    assert page.lang.startswith("zh")
    return " ".join(page.text)


def test_an_update_shows_verbose_names_choice_labels_and_yes_no(auditor):
    audit.record(
        actor=None,
        action="update",
        object_type="accounts.user",
        object_id="7",
        object_repr="zhangsan",
        before={"is_active": True, "must_change_password": False},
        after={"is_active": False, "must_change_password": True},
    )
    audit.record(
        actor=None,
        action="update",
        object_type="org.partyorg",
        object_id="3",
        object_repr="电解一车间党支部",
        before={"kind": "branch", "status": "active"},
        after={"kind": "general_branch", "status": "dissolved"},
    )
    response = auditor.get(AUDIT, {"action": "update"})
    assert response.status_code == 200
    text = page_text(response)
    assert "账号 #7" in text and "党组织 #3" in text  # the models' verbose names
    assert "有效： 是 → 否" in text and "下次登录时须修改密码： 否 → 是" in text
    assert "类型： 党支部 → 党总支" in text
    for raw in ("True", "False", "is_active", "general_branch", "dissolved", "kind"):
        assert raw not in text
    assert latin_words(text, {"auditadmin", "zhangsan"}) == []


def test_values_are_written_out_not_dumped(auditor):
    audit.record(
        actor=None,
        action="create",
        object_type="accounts.roleassignment",
        object_id="5",
        object_repr="wang · 书记",
        after={"id": 5, "granted_by_id": 12, "role": "secretary", "since": "2026-03-01"},
    )
    audit.record(
        actor=None,
        action="update",
        object_type="accounts.user",
        object_id="8",
        object_repr="lisi",
        before={"last_login": None},
        after={"last_login": "2026-03-01T02:30:00+00:00"},
    )
    audit.record(
        actor=None,
        action="update",
        object_type="reviews.projectreview",
        object_id="9",
        object_repr="QNDL-2026-003 2026-11",
        before={"actuals": {}},
        after={"actuals": {"138": "99.3000", "139": "97.0000"}},
    )
    audit.record(
        actor=None,
        action="create",
        object_type="costs.programmeitem",
        object_id="4",
        object_repr="电流效率",
        after={"measures": ["党员带头修旧利废", "备件国产化替代"]},
    )
    response = auditor.get(AUDIT)
    text = page_text(response)
    body = response.content.decode()
    assert "授予人： #12" in text  # a related row by its number
    assert "ID：" not in text  # a creation does not repeat the row's own number
    assert "上次登录： — → 2026-03-01 10:30" in text  # in the site's time zone
    assert "各目标实际值： — → 2 项" in text  # a map by goal id: how many, the whole on hover
    assert 'title="{&quot;138&quot;: &quot;99.3000&quot;, &quot;139&quot;: &quot;97.0000&quot;}"' in body  # on hover
    assert "保障措施： 党员带头修旧利废、备件国产化替代" in text
    assert "{" not in text and "[" not in text
    assert latin_words(text, {"auditadmin", "lisi", "wang"}) == []


def test_a_project_move_names_its_step_and_the_system_in_chinese(auditor):
    audit.record(
        actor=None,
        actor_name="system",
        action="update",
        object_type="projects.project",
        object_id="1",
        object_repr="QNDL-2026-001 电流效率提升",
        before={"state": "proposed"},
        after={"state": "submitted", "action": "submit"},
    )
    audit.record(
        actor=None,
        action="export",
        object_type="org.person",
        object_repr="people",
        after={"rows": 12, "phones_masked": True},
    )
    text = page_text(auditor.get(AUDIT))
    assert "系统" in text and "system" not in text
    assert "步骤： — → 提交报批" in text  # the step the project took, by its label
    assert "阶段：" in text and "proposed" not in text and "submitted" not in text
    assert "行数： 12" in text and "手机号已脱敏： 是" in text


def test_the_export_keeps_the_raw_record(auditor):
    audit.record(
        actor=None,
        action="update",
        object_type="accounts.user",
        object_id="7",
        before={"is_active": True},
        after={"is_active": False},
    )
    response = auditor.get(reverse("core:audit_export"), {"action": "update"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][3] == "accounts.user" and rows[1][6] == "is_active: True → False"


def test_the_page_reads_no_more_for_the_display(auditor, django_assert_max_num_queries):
    """Naming and writing out the values reads the app registry and dictionaries only: the page's queries do not grow
    with its rows."""
    for i in range(30):
        audit.record(
            actor=None,
            action="update",
            object_type="org.partyorg",
            object_id=str(i),
            before={"kind": "branch", "go_live": None},
            after={"kind": "general_branch", "go_live": (timezone.localdate() - dt.timedelta(days=i)).isoformat()},
        )
    with django_assert_max_num_queries(9):
        assert auditor.get(AUDIT).status_code == 200
