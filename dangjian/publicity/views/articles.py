"""News pages: the company news (published), the editorial desk (drafts, under review, returned), an article with
its editorial moves, the write and change forms, the columns (党群工作部), the showcase and the list's export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, CHANGE, EXPORT, VIEW
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere
from dangjian.publicity import markup, selectors, services, showcase, workflow
from dangjian.publicity.forms import ArticleForm, ColumnForm
from dangjian.publicity.models import ArticleState

EXPORT_MAX_ROWS = 5000


@login_required
def news(request):
    """The company news: published articles, newest first, filtered by column."""
    user = request.user
    require_anywhere(user, "article", VIEW)
    columns = list(selectors.columns_for(user=user))
    chosen = next((c for c in columns if str(c.pk) == request.GET.get("column")), None)
    page = paginate(request, selectors.news(user=user, column=chosen))
    context = {
        "page": page,
        "columns": columns,
        "chosen": chosen,
        "can_write": can_anywhere(user, "article", ADD),
        "can_keep_columns": can_anywhere(user, "column", ADD),
    }
    return render(request, "publicity/news.html", context)


@login_required
def desk(request):
    """The editorial desk: one's own drafts, and for editors and reviewers every unpublished article of their orgs."""
    user = request.user
    require_anywhere(user, "article", ADD)
    state = request.GET.get("state") if request.GET.get("state") in ArticleState.values else None
    page = paginate(request, selectors.desk(user=user, state=state))
    states = [(s, label) for s, label in ArticleState.choices if s != ArticleState.PUBLISHED]
    context = {"page": page, "state": state, "states": states, "can_export": can_anywhere(user, "article", EXPORT)}
    return render(request, "publicity/desk.html", context)


@login_required
def article_create(request):
    user = request.user
    require_anywhere(user, "article", ADD)
    form = ArticleForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            found = services.article_create(actor=user, org=form.cleaned_data["org"], **form.service_args())
        if not refused:
            messages.success(request, _("The draft is saved. Submit it for review when it is ready."))
            return redirect("publicity:article", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "publicity/form.html", {"form": form, "title": _("Write an article")}, status=status)


@login_required
def article(request, pk: int):
    found = selectors.article_detail(user=request.user, pk=pk)
    context = {
        "article": found,
        "body": markup.render(found.body),
        "actions": [
            (
                a,
                workflow.ACTIONS[a],
                workflow.STYLES.get(a, "primary"),
                workflow.TABLE[(found.state, a)].comment_required,
            )
            for a in workflow.allowed_actions(request.user, found)
        ],
        "can_edit": workflow.may_edit(request.user, found),
    }
    return render(request, "publicity/article.html", context)


@login_required
def article_edit(request, pk: int):
    """Change the text (the author or an editor of the org) while it is a draft or returned."""
    user = request.user
    found = selectors.article_detail(user=user, pk=pk)
    if not workflow.standings(user, found) & {workflow.AUTHOR, workflow.EDITOR}:
        raise PermissionDenied
    if found.state not in workflow.EDITABLE:
        messages.error(request, _("An article under review or published cannot be changed."))
        return redirect("publicity:article", pk=pk)
    form = ArticleForm(request.POST or None, user=user, instance=found)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.article_update(actor=user, article=found, **form.service_args())
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("publicity:article", pk=pk)
        status = refused.status
    context = {"form": form, "title": _("Change: %(name)s") % {"name": found.title}}
    return render(request, "publicity/form.html", context, status=status)


@login_required
@require_POST
def article_move(request, pk: int):
    """One step of the editorial flow (submit, take back, publish, return, withdraw)."""
    user = request.user
    found = selectors.article_detail(user=user, pk=pk)
    if not workflow.standings(user, found):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.article_move(
            actor=user, article=found, action=request.POST.get("action", ""), comment=request.POST.get("comment", "")
        )
    if not refused:
        messages.success(request, _("Done."))
    return redirect("publicity:article", pk=pk)


@login_required
def article_export(request):
    """The articles the user may export (their orgs' desk and the news) as .xlsx, with an audit row."""
    user = request.user
    require_anywhere(user, "article", EXPORT)
    rows = selectors.article_list(user=user, state=request.GET.get("state") or None)
    count = rows.count()
    if count > EXPORT_MAX_ROWS:
        messages.error(request, _("%(rows)s articles match; narrow the filter to export them.") % {"rows": count})
        return redirect("publicity:desk")
    services.export_audit(actor=user, resource="article", label=_("Articles"), rows=count)
    headers = [_("Title"), _("Party organisation"), _("Column"), _("Byline"), _("State"), _("Published"), _("Summary")]
    data = (
        [
            a.title,
            a.org.name,
            a.column.name if a.column_id else "",
            a.byline,
            a.get_state_display(),
            a.published_at.date() if a.published_at else None,
            a.summary,
        ]
        for a in rows.iterator(chunk_size=1000)
    )
    return xlsx_response("articles.xlsx", [str(h) for h in headers], data, _("Articles"))


# --- columns ---------------------------------------------------------------------------------------------------------


@login_required
def columns(request):
    """The columns of the user's companies with their published articles (党群工作部 keeps them)."""
    user = request.user
    require_anywhere(user, "column", ADD)
    rows = list(selectors.column_list(user=user))
    context = {"columns": rows, "changeable": {c.pk for c in rows if can_at(user, "column", CHANGE, c.org)}}
    return render(request, "publicity/columns.html", context)


@login_required
def column_create(request):
    user = request.user
    require_anywhere(user, "column", ADD)
    form = ColumnForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.column_save(actor=user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("publicity:columns")
    status = 400 if request.method == "POST" else 200
    return render(request, "publicity/form.html", {"form": form, "title": _("New column")}, status=status)


@login_required
def column_edit(request, pk: int):
    user = request.user
    found = selectors.column_detail(user=user, pk=pk)
    if not can_at(user, "column", CHANGE, found.org):
        raise PermissionDenied
    form = ColumnForm(request.POST or None, user=user, instance=found)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            services.column_save(actor=user, org=found.org, obj=found, **form.cleaned_data)
        if not refused:
            messages.success(request, _("Saved."))
            return redirect("publicity:columns")
        status = refused.status
    context = {
        "form": form,
        "title": _("Change: %(name)s") % {"name": found.name},
        "retire_url": "" if found.retired_on else reverse("publicity:column_retire", kwargs={"pk": pk}),
    }
    return render(request, "publicity/form.html", context, status=status)


@login_required
@require_POST
def column_retire(request, pk: int):
    user = request.user
    found = selectors.column_detail(user=user, pk=pk)
    if not can_at(user, "column", CHANGE, found.org):
        raise PermissionDenied
    with refusal_as_message(request) as refused:
        services.column_retire(actor=user, column=found)
    if not refused:
        messages.success(request, _("The column is retired; its articles stay."))
    return redirect("publicity:columns")


# --- showcase --------------------------------------------------------------------------------------------------------


@login_required
def showcase_page(request):
    """展示: the company's 党建+X project results with goal attainment and its best teams, for everyone signed in."""
    user = request.user
    require_anywhere(user, "article", VIEW)
    root = selectors.company_root(user=user)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() and 2000 <= int(year) <= 2100 else None
    shown = showcase.showcase(root=root, year=year) if root else None
    return render(request, "publicity/showcase.html", {"show": shown})
