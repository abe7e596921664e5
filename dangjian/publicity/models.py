"""Publicity (宣传) and the two forums (五大平台: 支部书记论坛, 创新创意论坛).

- `Column` (专栏): a heading an org's news is filed under, kept by 党群工作部.
- `Article`: a piece of news or a column article of an org, moving through the editorial flow in `workflow.py`
  (draft → submitted → published, returned, withdrawn). Drafts are seen by their author and the org's editors;
  published articles by everyone signed in within the company.
- `ForumSession`: one session of a secretary's forum or an innovation forum, with its `Presentation`s (each a
  presenter and the result they showed, linked to a 党建+X project or an open challenge) and the audience's
  `ForumVote`s: one per person per session, counted only into the session's ranking (never into points).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.tree import path_and_ancestors
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import ScopedQuerySet, scope_for
from dangjian.core.services import is_system
from dangjian.org.tenancy import root_path


def company_paths(user, resource: str) -> list[str]:
    """The root org paths of the companies where `user` holds `resource` view somewhere: what is published there is
    read by everyone signed in within the company (and by nobody outside it)."""
    scope = scope_for(user, resource, VIEW)
    return sorted({root_path(path) for path in scope.paths})


def _under(paths, field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class CompanyWideQuerySet(ScopedQuerySet):
    """View: everything the user's grant reaches, plus what is public (`public_q`) in the user's companies. Other
    actions: the grant's subtree only."""

    def public_q(self, user) -> Q:
        return Q()

    def restrict(self, user, action: str = VIEW):
        if is_system(user):
            return self
        if action != VIEW:
            return super().restrict(user, action)
        scope = scope_for(user, self.model.scope_resource, VIEW)
        if scope.everywhere:
            return self
        public = _under(company_paths(user, self.model.scope_resource), "org__path") & self.public_q(user)
        return self.filter(public | self.editor_q(user))

    def editor_q(self, user) -> Q:
        return _under(scope_for(user, self.model.scope_resource, VIEW).paths, "org__path")


class ColumnQuerySet(CompanyWideQuerySet):
    """Every column of the user's companies is seen by all who write there (to file an article under it)."""


class Column(models.Model):
    """专栏: a heading news is filed under (公司要闻, 基层动态, 党建+X 风采 …), kept by 党群工作部 for its org and the
    orgs below it. A retired column keeps its articles and takes no new ones."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party org"))
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_on = models.DateField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = models.Manager.from_queryset(ColumnQuerySet)()
    scope_resource = "column"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="publicity_column_name")]

    def __str__(self):
        return self.name

    @property
    def active(self) -> bool:
        return self.retired_on is None

    def open_to(self, org) -> bool:
        """Whether an article of `org` may be filed under this column (the column's org or one above it)."""
        return self.org.path in path_and_ancestors(org.path)


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ArticleQuerySet(CompanyWideQuerySet):
    """View: published articles of the user's companies; any article of the subtrees where the user may change
    articles (the org's editors: secretary, committee, 党群工作部); and the user's own, whatever its state."""

    def public_q(self, user) -> Q:
        return Q(state=ArticleState.PUBLISHED)

    def editor_q(self, user) -> Q:
        q = _under(scope_for(user, "article", "change").paths, "org__path")
        if getattr(user, "pk", None):
            q |= Q(author_id=user.pk)
        return q


class Article(models.Model):
    """A piece of news (or a column's article) of an org. The body is plain text with a little markdown (`markup.py`
    renders it, HTML escaped); a view count is never kept, and reading or liking gives nothing."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party org"))
    column = models.ForeignKey(
        Column, null=True, blank=True, on_delete=models.PROTECT, related_name="articles", verbose_name=_("column")
    )
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    byline = models.CharField(_("byline"), max_length=100, blank=True, help_text=_("The author's name as printed."))
    state = models.CharField(_("state"), max_length=10, choices=ArticleState.choices, default=ArticleState.DRAFT)
    review_comment = models.CharField(_("reviewer's comment"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = models.Manager.from_queryset(ArticleQuerySet)()
    scope_resource = "article"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-updated_at", "-id"]
        indexes = [models.Index(fields=["state", "-published_at"], name="publicity_article_news")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.column_id and self.org_id and not self.column.open_to(self.org):
            raise ValidationError({"column": _("This column belongs to another organisation.")})


class ForumKind(models.TextChoices):
    SECRETARY = "secretary", _("Secretaries' forum (支部书记论坛)")
    INNOVATION = "innovation", _("Innovation forum (创新创意论坛)")


class ForumState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    VOTING = "voting", _("Voting open")
    CLOSED = "closed", _("Voting closed")


class ForumQuerySet(CompanyWideQuerySet):
    """Every session of the user's companies is open to everyone signed in there (the audience votes)."""


class ForumSession(models.Model):
    """One session of a forum: where and when, its presenters, and the audience's vote for the best."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("host org"))
    kind = models.CharField(_("forum"), max_length=12, choices=ForumKind.choices)
    code = models.CharField(
        _("code"), max_length=40, help_text=_("Names the session in imports, e.g. LT-2025-1 (unique in the org).")
    )
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    theme = models.TextField(_("theme"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ForumState.choices, default=ForumState.PLANNED)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = models.Manager.from_queryset(ForumQuerySet)()
    scope_resource = "forum"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("forum session")
        verbose_name_plural = _("forum sessions")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="publicity_forum_code")]

    def __str__(self):
        return self.title


class Presentation(models.Model):
    """A presenter at a session and the result they showed. The result is linked where it lives: a 党建+X project, an
    open challenge (揭榜挂帅) or a drill session (课后练兵, the talent app) — at most one; `results.KINDS` lists the
    kinds."""

    session = models.ForeignKey(ForumSession, on_delete=models.CASCADE, related_name="presentations")
    presenter = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("presenter"))
    title = models.CharField(_("title"), max_length=150)
    summary = models.TextField(_("what was shown"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("党建+X project"),
    )
    challenge = models.ForeignKey(
        "posts.OpenChallenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("open challenge"),
    )
    drill = models.ForeignKey(
        "talent.Drill",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("drill session"),
    )

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "presenter"], name="publicity_one_presentation_each"),
            models.CheckConstraint(
                condition=Q(project__isnull=True, challenge__isnull=True)
                | Q(project__isnull=True, drill__isnull=True)
                | Q(challenge__isnull=True, drill__isnull=True),
                name="publicity_one_result_link",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        linked = [code for code in ("project", "challenge", "drill") if getattr(self, f"{code}_id")]
        if len(linked) > 1:
            raise ValidationError(
                {linked[-1]: _("Link the result to one project, challenge or drill session, not more.")}
            )


class ForumVote(models.Model):
    """One person's vote for the best presentation of a session: one per person per session (the database says so,
    so two votes sent at once give 409, never two rows). It counts only into the session's ranking."""

    session = models.ForeignKey(ForumSession, on_delete=models.CASCADE, related_name="votes")
    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("voter"))
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("forum vote")
        verbose_name_plural = _("forum votes")
        constraints = [models.UniqueConstraint(fields=["session", "voter"], name="publicity_one_vote_per_session")]

    def __str__(self):
        return f"{self.session_id}:{self.voter_id}"
