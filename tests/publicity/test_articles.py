"""Articles: the editorial flow (draft → review by the publicity officer → published, returned, taken back,
withdrawn) with its inbox items, who sees what (drafts to their author and the org's editors, published news in the
company, another company's article 404), safe rendering of the text, columns, and bounded pages."""

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog, Notification
from dangjian.core.services import SYSTEM
from dangjian.publicity import markup, notices, selectors, services
from dangjian.publicity.models import Article
from tests.matrix.runner import module_world
from tests.publicity.world import build

world = module_world(build)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def draft(w, who="member", org="branch_a", **extra):
    return services.article_create(
        actor=w["users"][who], org=w[org], title=extra.pop("title", "电解一车间降耗见成效"), body="正文", **extra
    )


def inbox(user, kind=notices.REVIEW):
    return Notification.objects.filter(recipient=user, kind=kind, done_at__isnull=True)


def test_member_drafts_officer_publishes_and_the_company_reads_it(db, world):
    u = world["users"]
    article = draft(world, column=world["column"])
    assert article.byline == "李明" and article.author == u["member"]
    # a draft is the author's and the org's editors' only
    for who in ("member", "officer", "secretary", "office"):
        assert selectors.article_detail(user=u[who], pk=article.pk)
    for who in ("member_b", "employee", "secretary_b"):
        with pytest.raises(NotFound):
            selectors.article_detail(user=u[who], pk=article.pk)
    services.article_move(actor=u["member"], article=article, action="submit")
    # the org's publicity officer is asked (not the secretary: the officer reviews where there is one)
    assert inbox(u["officer"]).count() == 1 and not inbox(u["secretary"]).exists()
    with pytest.raises(NotPermitted):
        services.article_move(actor=u["member"], article=article, action="publish")
    with pytest.raises(NotPermitted):  # an editor without the seat does not review
        services.article_move(actor=u["committee"], article=article, action="publish")
    with pytest.raises(InvalidInput):
        services.article_move(actor=u["officer"], article=article, action="return")  # a reason is needed
    services.article_move(actor=u["officer"], article=article, action="publish")
    article.refresh_from_db()
    assert article.state == "published" and article.published_at and article.reviewed_by == u["officer"]
    assert not inbox(u["officer"]).exists()  # closed when reviewed
    assert Notification.objects.filter(recipient=u["member"], kind=notices.DECIDED).exists()
    for who in ("member_b", "employee", "secretary_b"):
        assert article in selectors.news(user=u[who])
    with pytest.raises(NotFound):  # another company
        selectors.article_detail(user=world["z"]["member"], pk=article.pk)
    assert world["z"]["article"] not in selectors.news(user=u["member"])
    with pytest.raises(Conflict):
        services.article_move(actor=u["officer"], article=article, action="publish")
    with pytest.raises(Conflict):  # published: the text stays
        services.article_update(actor=u["member"], article=article, title="改")
    services.article_move(actor=u["office"], article=article, action="withdraw", comment="数据有误")
    article.refresh_from_db()
    assert article.state == "withdrawn" and article not in selectors.news(user=u["member_b"])
    moves = AuditLog.objects.filter(object_type="publicity.article", object_id=str(article.pk))
    assert moves.count() == 4  # created, submitted, published, withdrawn


def test_returned_article_is_revised_and_resubmitted(db, world):
    u = world["users"]
    article = draft(world)
    services.article_move(actor=u["member"], article=article, action="submit")
    with pytest.raises(Conflict):  # under review: the text stays
        services.article_update(actor=u["member"], article=article, title="改")
    services.article_move(actor=u["officer"], article=article, action="return", comment="补充数据")
    assert not inbox(u["officer"]).exists()
    assert inbox(u["member"], notices.RETURNED).count() == 1
    services.article_update(actor=u["member"], article=article, body="补充了数据")
    with pytest.raises(NotPermitted):  # someone else's draft, not an editor
        services.article_update(actor=u["employee"], article=article, title="x")
    services.article_move(actor=u["member"], article=article, action="submit")
    assert not inbox(u["member"], notices.RETURNED).exists()
    assert inbox(u["officer"]).count() == 1
    services.article_move(actor=u["member"], article=article, action="recall")
    assert Article.objects.get(pk=article.pk).state == "draft" and not inbox(u["officer"]).exists()


def test_without_a_publicity_officer_the_secretary_reviews(db, world):
    u = world["users"]
    article = draft(world, who="member_b", org="branch_b")
    services.article_move(actor=u["member_b"], article=article, action="submit")
    assert inbox(u["secretary_b"]).count() == 1
    services.article_move(actor=u["secretary_b"], article=article, action="publish")
    with pytest.raises(NotFound):  # BA's secretary does not see BB's (its drafts, nor move them)
        selectors.article_detail(user=u["secretary"], pk=draft(world, who="member_b", org="branch_b").pk)


def test_writing_needs_the_grant_at_the_org_and_an_open_column_of_it(db, world):
    u = world["users"]
    with pytest.raises(NotPermitted):
        draft(world, who="member", org="branch_b")
    with pytest.raises(NotPermitted):
        draft(world, who="member", org="root")
    other = services.column_save(actor=SYSTEM, org=world["branch_b"], name="发电风采")
    with pytest.raises(InvalidInput) as refused:
        draft(world, column=other)
    assert "column" in refused.value.errors
    services.column_retire(actor=u["office"], column=world["column"])
    with pytest.raises(InvalidInput):
        draft(world, column=world["column"])
    with pytest.raises(Conflict):
        services.column_retire(actor=u["office"], column=world["column"])


def test_columns_are_kept_by_the_office(db, world):
    u = world["users"]
    with pytest.raises(NotPermitted):
        services.column_save(actor=u["secretary"], org=world["branch_a"], name="支部风采")
    column = services.column_save(actor=u["office"], org=world["root"], name="先锋人物", description="d")
    with pytest.raises(InvalidInput):  # the name is taken in the org
        services.column_save(actor=u["office"], org=world["root"], name="先锋人物")
    services.column_save(actor=u["office"], org=world["root"], obj=column, name="先锋人物风采")
    assert selectors.column_detail(user=u["employee"], pk=column.pk).name == "先锋人物风采"
    with pytest.raises(NotFound):
        selectors.column_detail(user=world["z"]["member"], pk=column.pk)


def test_text_is_rendered_escaped():
    html = markup.render(
        "## 标题<script>alert(1)</script>\n\n**重点** <img src=x onerror=alert(1)>\n第二行\n\n- 一\n- 二\n\n"
        "1. 甲\n2. 乙\n\n> 引用\n\n[链接](javascript:alert(1))"
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<h2 class='h5'>标题" in html and "<strong>重点</strong>" in html and "<br>第二行" in html
    assert "<ul><li>一</li><li>二</li></ul>" in html and "<ol><li>甲</li><li>乙</li></ol>" in html
    assert "<blockquote" in html and "href" not in html


def test_article_page_escapes_the_text_and_offers_the_reviewer_his_moves(db, world):
    u = world["users"]
    article = draft(world, title="<b>标题</b>")
    services.article_update(actor=u["member"], article=article, body='<script>alert("x")</script>')
    services.article_move(actor=u["member"], article=article, action="submit")
    page = client_for(u["officer"]).get(reverse("publicity:article", kwargs={"pk": article.pk}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<script>alert" not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "&lt;b&gt;标题&lt;/b&gt;" in text
    assert 'data-testid="move-publish"' in text and 'data-testid="move-return"' in text
    reader = client_for(u["member"]).get(reverse("publicity:article", kwargs={"pk": article.pk})).content.decode()
    assert 'data-testid="move-recall"' in reader and "move-publish" not in reader


def test_pages_post_through_the_services(db, world):
    u = world["users"]
    member = client_for(u["member"])
    response = member.post(
        reverse("publicity:article_create"),
        {"org": world["branch_a"].pk, "column": world["column"].pk, "title": "班前五分钟", "body": "正文"},
    )
    article = Article.objects.get(title="班前五分钟")
    assert response.status_code == 302 and article.author == u["member"]
    response = member.post(reverse("publicity:article_move", kwargs={"pk": article.pk}), {"action": "submit"})
    assert response.status_code == 302
    officer = client_for(u["officer"])
    officer.post(reverse("publicity:article_move", kwargs={"pk": article.pk}), {"action": "publish"})
    assert Article.objects.get(pk=article.pk).state == "published"
    news = client_for(u["employee"]).get(reverse("publicity:news")).content.decode()
    assert "班前五分钟" in news and "中州新闻" not in news
    # a reader cannot move an article (403), an outsider does not find it (404)
    assert (
        client_for(u["employee"])
        .post(reverse("publicity:article_move", kwargs={"pk": article.pk}), {"action": "withdraw"})
        .status_code
        == 403
    )
    assert (
        client_for(world["z"]["member"]).get(reverse("publicity:article", kwargs={"pk": article.pk})).status_code == 404
    )
    assert member.get(reverse("publicity:article_edit", kwargs={"pk": article.pk})).status_code == 302  # published
    # the office keeps columns on its page
    office = client_for(u["office"])
    office.post(reverse("publicity:column_create"), {"org": world["root"].pk, "name": "公司要闻", "order": 0})
    assert "公司要闻" in office.get(reverse("publicity:columns")).content.decode()


def _articles(world, n):
    u = world["users"]
    for i in range(n):
        a = draft(world, title=f"新闻{i}", column=world["column"])
        services.article_move(actor=u["member"], article=a, action="submit")
        if i % 2:
            services.article_move(actor=u["officer"], article=a, action="publish")


@pytest.mark.parametrize("n", [2, 12])
@pytest.mark.parametrize(
    ("name", "who", "bound"),
    [
        ("publicity:news", "employee", 12),
        ("publicity:desk", "officer", 12),
        ("publicity:desk", "member", 12),
        ("publicity:columns", "office", 12),
        # the company, its years, projects and goals, actuals per indicator, winners (this year or last), teams
        ("publicity:showcase", "employee", 16),
    ],
)
def test_pages_are_bounded(db, world, django_assert_max_num_queries, name, who, bound, n):
    _articles(world, n)
    client = client_for(world["users"][who])
    with django_assert_max_num_queries(bound):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_article_page_is_bounded(db, world, django_assert_max_num_queries):
    u = world["users"]
    article = draft(world, column=world["column"])
    services.article_move(actor=u["member"], article=article, action="submit")
    client = client_for(u["officer"])
    with django_assert_max_num_queries(13):
        assert client.get(reverse("publicity:article", kwargs={"pk": article.pk})).status_code == 200


def test_export_is_audited(db, world):
    _articles(world, 3)
    response = client_for(world["users"]["secretary"]).get(reverse("publicity:article_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action="export", object_type="publicity.article").count() == 1
    assert client_for(world["users"]["member"]).get(reverse("publicity:article_export")).status_code == 403


def test_showcase_shows_the_companys_project_results_to_every_reader(db, world):
    text = client_for(world["users"]["employee"]).get(reverse("publicity:showcase")).content.decode()
    assert world["project"].title in text and "电流效率" in text
    assert world["z"]["project"].title not in text


def test_a_heading_and_a_list_need_no_blank_line_between_them():
    html = markup.render("## 做法\n- 每班交底\n- **隐患随手拍**\n正文一行")
    assert (
        html
        == "<h2 class='h5'>做法</h2>\n<ul><li>每班交底</li><li><strong>隐患随手拍</strong></li></ul>\n<p>正文一行</p>"
    )
