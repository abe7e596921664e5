"""Company B of the cross-company matrix: 中州 (root committee ZROOT, branch ZB, its people, units linked to its root,
and one object of every capability that a URL can point at), built in the same database as company A
(tests/factories.build_company) so that A's logins can be pointed at B's objects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, PersonFactory, UnitFactory, account_with_role

# Strings that belong to company B only: none of them may appear in a list answered to a login of company A.
MARKERS = ["中州", "ZROOT", "Z-E-1", "777.77"]


def build_company_b(tmp_path) -> dict:
    from dangjian.assessment import metrics
    from dangjian.assessment import services as assessment
    from dangjian.assessment.models import Line, Sheet
    from dangjian.core.models import ImportJob
    from dangjian.core.notifications.services import notify
    from dangjian.core.services import SYSTEM
    from dangjian.indicators.models import Indicator, IndicatorValue, Target
    from dangjian.meetings import services as meetings
    from dangjian.points import services as points
    from dangjian.points.models import Appeal, PointsRule
    from dangjian.posts import services as posts
    from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember
    from dangjian.projects.boards.models import CompilationJob
    from dangjian.projects.costs.models import Measure as CostMeasure
    from dangjian.projects.costs.models import Programme, ProgrammeItem
    from dangjian.service.models import ServiceAttachment, ServiceRequest
    from dangjian.value import services as value
    from dangjian.value.models import AccountingUnit, AnnualWinner, GroupItem, Item, ItemPrice, PeerGroup
    from tests.assessment.conftest import build_template, key_task
    from tests.projects.factories import (
        GoalFactory,
        MeasureFactory,
        ProjectFactory,
        RuleRevisionFactory,
        SubPlanFactory,
        TaskFactory,
    )
    from tests.talent.world import company_b_objects as company_b_talent
    from tests.value.conftest import record_row

    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    branch = PartyOrgFactory(code="ZB", name="中州电解党支部", parent=root)
    company_unit = UnitFactory(code="ZCO", name="中州铝业", kind="company")
    workshop = UnitFactory(code="ZW", name="中州电解车间", parent=company_unit)
    team = UnitFactory(code="ZT", name="中州甲班", kind="shift_crew", parent=workshop)
    OrgUnitLinkFactory(org=root, unit=company_unit)
    person = PersonFactory(branch=branch, member=True, name="中州王五", employee_no="Z-E-1")
    colleague = PersonFactory(branch=branch, name="中州赵六", employee_no="Z-E-2")
    office = account_with_role("party_office", root, username="z_office")
    panelist = account_with_role("panel_member", root, username="z_panel")

    project = ProjectFactory(owner=branch, title="中州机密项目")
    task = TaskFactory(project=project)
    goal = GoalFactory(project=project)
    measure = MeasureFactory(project=project, text="中州保障措施")
    sub_plan = SubPlanFactory(project=project, title="中州子方案")
    rule_revision = RuleRevisionFactory(project=project, title="中州制度")
    indicator = Indicator.objects.filter(code="OUT").first() or Indicator.objects.create(
        code="OUT", name="铝产量", unit_of_measure="t", granularity="day"
    )
    # B's own catalogue: an indicator of company B is not found in company A (pages and API).
    own_indicator = Indicator.objects.create(
        code="ZOUT", name="中州电解槽寿命", unit_of_measure="d", granularity="month", company=root, owner_unit=workshop
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        unit=company_unit,
        granularity="day",
        period_start=timezone.localdate() - dt.timedelta(days=1),
        value=Decimal("777.77"),
        source="manual",
    )
    # Targets at B's units: of B's own indicator, and of the shared catalogue's OUT (named by unit in the body/query).
    targets = {
        ind.code: Target.objects.create(indicator=ind, unit=unit, year=2025, value=Decimal("777.77"))
        for ind, unit in ((own_indicator, workshop), (indicator, company_unit))
    }
    programme = Programme.objects.create(owner_org=branch, year=2022, name="中州降本")
    programme_item = ProgrammeItem.objects.create(
        programme=programme, indicator=indicator, unit=workshop, annual_target=1
    )
    cost_measure = CostMeasure.objects.create(item=programme_item, text="中州换槽")
    panel = Panel.objects.create(org=root, year=2022, name="中州验收组")
    Criterion.objects.create(panel=panel, kind="goal_attainment", name="目标达成度", weight=100)
    seat = PanelMember.objects.create(panel=panel, user=panelist, department="leadership")
    job = ImportJob.objects.create(kind="people", created_by=office, file="imports/z.csv", original_name="z.csv")
    compilation = CompilationJob.objects.create(year=2022, org=root, requested_by=office)
    from dangjian.projects.reviews import services as reviews

    (notification,) = notify(
        recipients=[office],
        kind=reviews.REMINDER_KIND,
        subject=reviews.REMINDER_SUBJECT,
        text=reviews.REMINDER_TEXT,
        params={"code": project.code, "title": "中州", "month": "2022-03"},
        link="/",
        about=project,
        key=f"{reviews.REMINDER_KIND}:{project.pk}:2022-03",
    )

    builtin = {c: m for c, m in metrics._REGISTRY.items() if c in (metrics.REVIEW_ON_TIME, metrics.KEYTASK_ON_TIME)}
    saved, metrics._REGISTRY = metrics._REGISTRY, builtin
    try:
        template = build_template({"root": root})
        jan = assessment.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 1, 1))
        for sheet in jan.sheets.all():
            Line.objects.filter(sheet=sheet, automatic=False).update(self_score=Decimal(3), evidence="记录")
            Sheet.objects.filter(pk=sheet.pk).update(status=Sheet.Status.REVIEWED)
        assessment.period_lock(actor=SYSTEM, period=jan)
        feb = assessment.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 2, 1))
    finally:
        metrics._REGISTRY = saved
    sheet = feb.sheets.get(org=branch)
    line = sheet.lines.filter(automatic=False).first()
    keytask = key_task(branch, "ZKT", dt.date(2022, 3, 31))

    with override_settings(MEDIA_ROOT=tmp_path):
        meeting = meetings.meeting_record(
            actor=SYSTEM,
            org=branch,
            meeting_type="themed_day",
            held_on=dt.date(2024, 3, 5),
            topic="中州秘密议题",
            follow_ups=[meetings.ActionIn("整改", person, dt.date(2024, 4, 1))],
        )
        meetings.attachment_add(actor=SYSTEM, meeting=meeting, upload=SimpleUploadedFile("z.pdf", b"%PDF"))

    points.defaults_install(actor=SYSTEM, company=root, valid_from=dt.date(2020, 1, 1))
    rule = PointsRule.objects.get(company=root, code="HONOUR")
    entry = points.entry_create(
        actor=SYSTEM, person=person, rule=rule, occurred_on=dt.date(2025, 3, 1), reason="中州劳模", evidence="文件"
    )
    appeal = Appeal.objects.create(entry=entry, reason="中州")

    day = dt.date(2025, 3, 1)
    pairing = posts.post_save(
        actor=SYSTEM,
        kind="pairings",
        org=branch,
        name="中州结对",
        starts_on=day,
        member=person,
        colleague=colleague,
    )
    challenge = posts.challenge_create(
        actor=SYSTEM, org=branch, title="中州攻关", problem="p", deadline=dt.date(2099, 1, 1)
    )
    from dangjian.affairs.recruitment import services as recruitment

    recruitment_file = recruitment.dossier_open(actor=SYSTEM, person=colleague, applied_on=dt.date(2022, 1, 10))
    other_posts = {
        kind: posts.post_save(actor=SYSTEM, kind=kind, org=branch, name=f"中州{kind}", starts_on=day, **fields)
        for kind, fields in (
            ("zones", {"area": "中州"}),
            ("pioneers", {"holder": person}),
            ("taskforces", {"problem": "p"}),
        )
    }

    from dangjian.affairs.transfers import services as transfers

    leaving = PersonFactory(branch=branch, member=True, name="中州转出", employee_no="Z-T-1")
    transfer = transfers.transfer_request(
        actor=SYSTEM, kind="out", person=leaving, outside_org="中州外单位", reason="中州调出"
    )
    transfers.transfer_approve(actor=SYSTEM, transfer=transfer)
    transfers.transfer_send(actor=SYSTEM, transfer=transfer, on=day)
    floating = transfers.floating_create(
        actor=SYSTEM, person=person, location="中州外派", contact_method="phone", since=day
    )

    today = timezone.localdate()
    request = ServiceRequest.objects.create(
        title="中州噪音",
        description="d",
        submitter=person,
        handling_org=branch,
        category="production",
        submitted_on=today,
        accept_due=today,
        resolve_due=today,
    )
    attachment = ServiceAttachment.objects.create(
        request=request, file="service/z.pdf", name="附件1.pdf", content_type="application/pdf", size=4
    )

    al = Item.objects.filter(code="AL").first() or Item.objects.create(
        code="AL", name="原铝", kind="output", unit_of_measure="t", sort_order=1
    )
    if not ItemPrice.objects.filter(item=al).exists():
        ItemPrice.objects.create(item=al, effective_from=dt.date(2020, 1, 1), price=Decimal("15000"))
    # An item of company B's own catalogue: A's party office may not price it (404).
    own_item = Item.objects.create(code="ZITEM", name="中州阳极", kind="output", unit_of_measure="块", org=root)
    ItemPrice.objects.create(item=own_item, effective_from=dt.date(2020, 1, 1), price=Decimal("100"))
    group = PeerGroup.objects.create(code="ZG", name="中州横班", org=root)
    GroupItem.objects.create(group=group, item=al)
    accounting_unit = AccountingUnit.objects.create(unit=team, group=group, org=branch)
    (written,) = value.records_write(actor=SYSTEM, rows=[record_row("ZT", AL="1")], source="api")
    # B's winning team of 2025: A's office naming (or clearing, or computing) 2025's winners leaves it alone.
    winner = AnnualWinner.objects.create(year=2025, unit=accounting_unit, points=Decimal("88"), rule="中州评选")
    # B's handbook: its procedures, a member's list with a duty.
    from dangjian.handbook import services as handbook

    (procedure, *_others) = handbook.standard_load(actor=SYSTEM, company=root, effective_from=dt.date(2024, 1, 1))
    duty_list = handbook.duty_list_save(
        actor=SYSTEM, org=branch, kind="member", holder=person, year=2025, title="中州王五党员履责清单"
    )
    duty_item = handbook.duty_item_save(actor=SYSTEM, duty_list=duty_list, text="中州责任区履职")

    # Publicity: a published article, a column and a forum session (voting) with a presenter.
    from dangjian.publicity import services as publicity

    article = publicity.article_create(actor=SYSTEM, org=branch, title="中州新闻", body="中州")
    publicity.article_move(actor=SYSTEM, article=article, action="submit")
    publicity.article_move(actor=SYSTEM, article=article, action="publish")
    article_column = publicity.column_save(actor=SYSTEM, org=root, name="中州专栏")
    forum = publicity.forum_save(
        actor=SYSTEM, org=root, kind="innovation", code="Z-CX", title="中州论坛", held_on=dt.date(2025, 5, 1)
    )
    presentation = publicity.presentation_save(actor=SYSTEM, session=forum, presenter=person, title="中州成果")
    publicity.forum_move(actor=SYSTEM, session=forum, action="open_voting")

    return {
        "procedure": procedure,
        "duty_list": duty_list,
        "duty_item": duty_item,
        "article": article,
        "article_column": article_column,
        "forum": forum,
        "presentation": presentation,
        "indicator": own_indicator,
        "root": root,
        "branch": branch,
        "unit": company_unit,
        "workshop": workshop,
        "person": person,
        "project": project,
        "task": task,
        "goal": goal,
        "measure": measure,
        "sub_plan": sub_plan,
        "rule_revision": rule_revision,
        "targets": targets,
        "cost_measure": cost_measure,
        "winner": winner,
        "programme": programme,
        "programme_item": programme_item,
        "panel": panel,
        "seat": seat,
        "job": job,
        "compilation": compilation,
        "notification": notification,
        "template": template,
        "category": template.categories.get(name="组织建设"),
        "item": template.items.get(code="A1"),
        "jan": jan,
        "feb": feb,
        "sheet": sheet,
        "line": line,
        "keytask": keytask,
        "meeting": meeting,
        "rule": rule,
        "entry": entry,
        "appeal": appeal,
        "pairing": pairing,
        "challenge": challenge,
        "recruitment_file": recruitment_file,
        "transfer": transfer,
        "floating": floating,
        **{f"post_{kind}": post for kind, post in other_posts.items()},
        "request": request,
        "attachment": attachment,
        "accounting_unit": accounting_unit,
        "record": written.record,
        "value_item": own_item,
        "talent": company_b_talent(root=root, branch=branch, person=person, colleague=colleague, team=team),
        **archive_b(root, branch, office),
    }


def archive_b(root, branch, office) -> dict:
    """B's archive: its categories, a paper record of its branch and a finished zip of it."""
    from dangjian.archive import services as archive
    from dangjian.archive.models import Category, ZipJob
    from dangjian.core.services import SYSTEM

    archive.categories_load_defaults(actor=SYSTEM, company=root)
    category = Category.objects.get(company=root, code="OTHER")
    item = archive.item_paper(
        actor=SYSTEM, org=branch, category=category, year=2022, title="中州纸质档案", box_no="Z-1"
    )
    job = ZipJob.objects.create(org=branch, year=2022, requested_by=office, status="done", progress=100, items=1)
    return {"archive_item": item, "archive_zip": job, "archive_category": category}
