"""The demo company's archive (党建资料档案): the default categories (the same function as the set-up centre's
button), every record the other apps' demo data finished last year and this year filed by org, year and category
(the same service the nightly task runs), and what came from outside: a few paper records with their box numbers
and one uploaded notice of the higher committee. Idempotent: filing files only what is new; the outside records
are added once."""

from __future__ import annotations

import datetime as dt
import time

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.archive import services
from dangjian.archive.models import Category, Item
from dangjian.core.services import SYSTEM
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import PartyOrg

# (category code, title, box number, date offset in days from 1 January, keywords)
PAPER = [
    ("ORG", "支部委员会换届选举材料（请示、批复、选举结果）", "ORG-01", 80, "换届 选举 批复"),
    ("LIFE", "第一季度支部党员大会会议记录（纸质原件）", "LIFE-01", 85, "党员大会 原件"),
    ("LIFE", "主题党日活动签到表（上半年）", "LIFE-02", 170, "主题党日 签到"),
    ("DUES", "党费收缴登记表（纸质台账）", "DUES-01", 180, "党费 台账"),
    ("PUBLICITY", "“党建+X”项目宣传展板设计稿", "PUB-01", 200, "展板 宣传"),
]


def _notice_pdf(year: int) -> bytes:
    from dangjian.core.pdf import html_to_pdf

    html = (
        f"<h1 style='text-align:center'>关于做好{year}年度党建资料归档工作的通知</h1>"
        "<p>各党支部：为规范党建资料管理，请按照统一档案盒样式、颜色和侧面标签，将本年度党建资料按类别装盒归档。</p>"
        "<p style='text-align:right'>公司党委党群工作部</p>"
    )
    return html_to_pdf(html)


def seed(*, today: dt.date, stdout) -> None:
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None:
        return
    started = time.monotonic()
    with phase_atomic():
        services.categories_load_defaults(actor=SYSTEM, company=root)
        filed = 0
        for year in (today.year - 1, today.year):
            filed += services.file_year(actor=SYSTEM, org=root, year=year)["filed"]
        categories = {c.code: c for c in Category.objects.filter(company=root)}
        branch = PartyOrg.objects.filter(path__startswith=root.path, kind="branch").order_by("path").first()
        year = today.year - 1
        if branch is not None and not Item.objects.filter(org=branch, kind__in=("paper", "upload")).exists():
            for code, title, box, offset, words in PAPER:
                services.item_paper(
                    actor=SYSTEM,
                    org=branch,
                    category=categories[code],
                    year=year,
                    title=f"{year}年{title}",
                    box_no=f"{year}-{box}",
                    day=dt.date(year, 1, 1) + dt.timedelta(days=offset),
                    text=words,
                )
            upload = SimpleUploadedFile(f"notice-{year}.pdf", _notice_pdf(year), content_type="application/pdf")
            services.item_upload(
                actor=SYSTEM,
                org=root,
                category=categories["ORG"],
                year=year,
                upload=upload,
                title=f"关于做好{year}年度党建资料归档工作的通知",
                day=dt.date(year, 12, 1),
                text="归档 档案盒 侧面标签",
            )
    stdout.write(f"Archive: {filed} records filed ({time.monotonic() - started:.0f} s).\n")
