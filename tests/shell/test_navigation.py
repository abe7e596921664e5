"""The menu of each role shows what that role can use, and nothing else (issue #16 item 9): the navigation entries
come from the apps' nav.py, filtered by the grants of the apps' grants.py. A non-member employee (群众) is offered no
indicators, acceptance, cost programmes, team value or points; a team leader enters team value and indicator values
but does not read the roll of people (party status and the dates of each recruitment step)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PersonFactory, account_with_role, build_company
from tests.matrix.policy import HOME_ORG

EVERYONE = ["首页", "通知"]
PARTY_READERS = ["党组织", "人员", "生产单位", "指标", "班组核算", "党建+X 项目", "展板", "年度汇编"]
MEETINGS = ["组织生活", "组织生活落实情况"]
COCKPIT = ["驾驶舱", "五色地图"]  # company leaders and 党群工作部; a secretary sees the colour map (the own branch)
# The menu each demo login sees, in its order (the demo logins hold one role each, as here).
MENUS = {
    "party_office": [
        *EVERYONE,
        *COCKPIT,
        *PARTY_READERS,
        "验收评比",
        "降本增效",
        "新闻宣传",
        "论坛",
        "人才培养",
        "课后练兵与党员课堂",
        *MEETINGS,
        "标准化手册",
        "三项清单",
        "我为群众办实事",
        "办实事统计",
        "积分排行",
        "星级",
        "堡垒指数与先锋指数",
        "指数权重",
        "党员示范岗位",
        "发展党员",
        "党费",
        "组织关系转接",
        "党费基数",
        "党建档案",
        "档案类别",
        "支部考核",
        "重点工作任务",
        "年度报告初稿",
        "减负监测",
        "基础设置",
        "数据导入",
        "投递日志",
    ],
    "secretary": [
        *EVERYONE,
        "五色地图",
        *PARTY_READERS,
        "验收评比",
        "降本增效",
        "新闻宣传",
        "论坛",
        "人才培养",
        "课后练兵与党员课堂",
        *MEETINGS,
        "标准化手册",
        "三项清单",
        "我为群众办实事",
        "办实事统计",
        "我的积分",
        "积分排行",
        "星级",
        "堡垒指数与先锋指数",
        "我的先锋指数",
        "党员示范岗位",
        "发展党员",
        "党费",
        "组织关系转接",
        "我的党费",
        "党费基数",
        "党建档案",
        "支部考核",
        "重点工作任务",
        "年度报告初稿",
        "数据导入",
    ],
    "committee_member": [
        *EVERYONE,
        *PARTY_READERS,
        "验收评比",
        "降本增效",
        "新闻宣传",
        "论坛",
        "人才培养",
        "课后练兵与党员课堂",
        *MEETINGS,
        "标准化手册",
        "三项清单",
        "我为群众办实事",
        "我的积分",
        "积分排行",
        "星级",
        "我的先锋指数",
        "党员示范岗位",
        "发展党员",
        "党费",
        "组织关系转接",
        "我的党费",
        "党建档案",
        "支部考核",
        "重点工作任务",
        "年度报告初稿",
    ],
    "group_leader": [
        *EVERYONE,
        *PARTY_READERS,
        "降本增效",
        "新闻宣传",
        "论坛",
        "人才培养",
        "课后练兵与党员课堂",
        *MEETINGS,
        "标准化手册",
        "三项清单",
        "我为群众办实事",
        "我的积分",
        "积分排行",
        "星级",
        "我的先锋指数",
        "党员示范岗位",
        "发展党员",
        "我的党费",
        "支部考核",
        "重点工作任务",
    ],
    "member": [
        *EVERYONE,
        "党组织",
        "生产单位",
        "指标",
        "班组核算",
        "党建+X 项目",
        "展板",
        "降本增效",
        "新闻宣传",
        "论坛",
        "我的培养档案",
        *MEETINGS,
        "标准化手册",
        "三项清单",
        "我为群众办实事",
        "我的积分",
        "星级",
        "我的先锋指数",
        "党员示范岗位",
        "我的党费",
        "支部考核",
        "重点工作任务",
    ],
    "employee": [
        *EVERYONE,
        "党组织",
        "生产单位",
        "党建+X 项目",
        "展板",
        "新闻宣传",
        "论坛",
        "我的培养档案",
        "我为群众办实事",
        "党员示范岗位",
        "重点工作任务",
    ],
    "team_leader": [
        *EVERYONE,
        "党组织",
        "生产单位",
        "指标",
        "班组核算",
        "党建+X 项目",
        "展板",
        "年度汇编",
        "降本增效",
        "新闻宣传",
        "论坛",
        "人才培养",
        "课后练兵与党员课堂",
        "我为群众办实事",
        "党员示范岗位",
        "支部考核",
        "重点工作任务",
    ],
    "panel_member": [
        *EVERYONE,
        "党组织",
        "生产单位",
        "指标",
        "班组核算",
        "党建+X 项目",
        "展板",
        "验收评比",
        "降本增效",
        "新闻宣传",
        "论坛",
        "我为群众办实事",
    ],
    "leader": [
        *EVERYONE,
        *COCKPIT,
        *PARTY_READERS,
        "验收评比",
        "降本增效",
        "新闻宣传",
        "论坛",
        "人才培养",
        "课后练兵与党员课堂",
        *MEETINGS,
        "标准化手册",
        "三项清单",
        "我为群众办实事",
        "办实事统计",
        "积分排行",
        "星级",
        "堡垒指数与先锋指数",
        "指数权重",
        "党员示范岗位",
        "发展党员",
        "党费",
        "组织关系转接",
        "党费基数",
        "党建档案",
        "支部考核",
        "重点工作任务",
        "年度报告初稿",
        "减负监测",
    ],
    "integration": [
        *EVERYONE,
        "指标",
        "班组核算",
    ],
    "system_admin": [
        *EVERYONE,
        "数据导入",
        "账号管理",
        "消息地址",
        "后台任务",
        "投递日志",
    ],
    "security_admin": [
        *EVERYONE,
        "账号管理",
        "角色",
        "API 令牌",
    ],
    "audit_admin": [
        *EVERYONE,
        "审计日志",
    ],
}
MAIN_NAV = re.compile(r'<ul class="navbar-nav me-auto">(.*?)<ul class="navbar-nav">', re.S)
NAV_LINK = re.compile(r'<a class="(?:nav-link|dropdown-item)[^"]*" href="([^"]*)">([^<]*)</a>')
GROUP = re.compile(r'data-bs-toggle="dropdown" aria-expanded="false">([^<]*)</a>')


def nav_links(client: Client) -> list[tuple[str, str]]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    (menu,) = MAIN_NAV.findall(response.content.decode())
    return NAV_LINK.findall(menu)


@pytest.fixture
def company(db):
    return build_company()


@pytest.mark.parametrize("role", list(MENUS))
def test_each_role_sees_the_menu_of_what_it_can_use(company, role):
    org = {"ROOT": company["root"], "BA": company["branch_a"], "GA": company["group_a"]}.get(
        HOME_ORG.get(role, "ROOT" if role == "integration" else None)
    )
    client = Client()
    client.force_login(account_with_role(role, org, username=f"nav_{role}"))
    assert [label for _href, label in nav_links(client)] == MENUS[role]


def test_the_office_menu_is_grouped_by_kind_of_work(company):
    """The office's 40 entries sit in twelve groups beside 首页 and 通知, so the bar fits one line on a desktop; a group
    the role sees one entry of is that entry alone (the audit administrator's 审计日志)."""
    client = Client()
    client.force_login(account_with_role("party_office", company["root"], username="nav_groups"))
    (menu,) = MAIN_NAV.findall(client.get(reverse("home")).content.decode())
    assert GROUP.findall(menu) == [
        "驾驶舱", "组织与人员", "生产经营", "党建+X", "宣传", "人才", "组织生活", "服务群众", "积分星级", "党务",
        "考核", "系统",
    ]  # fmt: skip
    auditor = Client()
    auditor.force_login(account_with_role("audit_admin", None, username="nav_auditor"))
    (menu,) = MAIN_NAV.findall(auditor.get(reverse("home")).content.decode())
    assert GROUP.findall(menu) == [] and "审计日志" in menu


def test_every_menu_entry_opens_for_its_role(company):
    """Whatever a menu offers answers its role with a page (no 403 behind a menu entry), for logins with a person of
    their own as in the demo (the member is a party member, the employee and the team leader are not)."""
    people = {
        "employee": PersonFactory(branch=company["branch_a"], name="赵工"),
        "team_leader": PersonFactory(branch=company["branch_a"], name="孙班长"),
        "member": company["person_a"],
        "panel_member": None,
    }
    for role, person in people.items():
        org = company["root"] if role == "panel_member" else company["branch_a"]
        client = Client()
        client.force_login(account_with_role(role, org, person=person, username=f"open_{role}"))
        for href, label in nav_links(client):
            status = client.get(href).status_code
            assert status in (200, 302), f"{role}: {label} ({href}) answered {status}"


def test_a_non_member_employee_is_not_offered_points_of_their_own(company):
    """Points are for party members: no "我的积分 0" on a 群众's home page, and no page of their own points."""
    worker = PersonFactory(branch=company["branch_a"], name="赵工")
    client = Client()
    client.force_login(account_with_role("employee", company["branch_a"], person=worker, username="worker"))
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-points"' not in home and "我的积分" not in home
    assert client.get(reverse("points:mine")).status_code == 403
    assert client.get(reverse("points:claim")).status_code == 403
    member = Client()
    member.force_login(account_with_role("member", company["branch_a"], person=company["person_a"], username="mem"))
    assert "我的积分" in member.get(reverse("home")).content.decode()
    assert member.get(reverse("points:mine")).status_code == 200


def test_a_role_given_or_taken_shows_in_the_menu_on_the_next_request(company):
    """The menu is built once per set of role assignments and reused (shell/context.py); the assignments themselves
    are read on every request, so a new role, a revoked one and a deactivated account show at once."""
    from dangjian.accounts.models import RoleAssignment
    from dangjian.accounts.services import account_set_active, role_assign, role_revoke
    from dangjian.core.services import SYSTEM

    user = account_with_role("member", company["branch_a"], person=company["person_a"], username="changing")
    client = Client()
    client.force_login(user)
    people = reverse("org:people")
    assert people not in {href for href, _label in nav_links(client)}
    role_assign(actor=SYSTEM, user=user, role="secretary", org=company["branch_a"])
    assert people in {href for href, _label in nav_links(client)}
    role_revoke(actor=SYSTEM, assignment=RoleAssignment.objects.get(user=user, role="secretary"))
    assert people not in {href for href, _label in nav_links(client)}
    account_set_active(actor=SYSTEM, user=user, active=False)
    assert client.get(reverse("home")).status_code == 302  # signed out at once
