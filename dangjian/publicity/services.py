"""Writes of publicity and the forums. Each is one transaction: permission (the grant at the org, or the standing in
`workflow`), validation (InvalidInput with per-field messages), the save, its audit row, and the notifications the
editorial flow asks for (`notices`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.concurrency import unique_conflict
from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.services import is_system, require_at, save_audited
from dangjian.org.models import PartyOrg, Person
from dangjian.org.tenancy import root_path
from dangjian.publicity import notices, workflow
from dangjian.publicity.models import Article, ArticleState, Column, ForumSession, ForumState, ForumVote, Presentation

COLUMN_FIELDS = ("name", "description", "order")
ARTICLE_FIELDS = ("title", "summary", "body", "column", "byline")
FORUM_FIELDS = ("kind", "code", "title", "held_on", "place", "theme")
PRESENTATION_FIELDS = ("presenter", "title", "summary", "order", "project", "challenge", "drill")


def _unknown(fields: dict, allowed: tuple[str, ...]) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(extra))})


# --- columns (专栏) ---------------------------------------------------------------------------------------------------


@transaction.atomic
def column_save(*, actor, org: PartyOrg, obj: Column | None = None, **fields) -> Column:
    """Create (obj None) or change a column of `org` (党群工作部 over it). Its name is unique in the org."""
    _unknown(fields, COLUMN_FIELDS)
    require_at(actor, "column", CHANGE if obj else ADD, org)
    before = None
    if obj is not None:
        obj = Column.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "column", CHANGE, obj.org)
        before = audit.snapshot(obj)
    column = obj or Column(org=org)
    for name, value in fields.items():
        setattr(column, name, value.strip() if isinstance(value, str) else value)
    return save_audited(column, actor=actor, before=before, conflict=_("A column with this name already exists."))


@transaction.atomic
def column_retire(*, actor, column: Column, on: dt.date | None = None) -> Column:
    """Retire a column: its articles stay where they are; no new article is filed under it. Retired already: 409."""
    column = Column.objects.select_for_update().select_related("org").get(pk=column.pk)
    require_at(actor, "column", CHANGE, column.org)
    if column.retired_on is not None:
        raise Conflict(_("This column is already retired."))
    before = audit.snapshot(column)
    column.retired_on = on or timezone.localdate()
    return save_audited(column, actor=actor, before=before, update_fields=["retired_on"])


def _check_column(actor, column: Column | None, org: PartyOrg, *, current: Column | None = None) -> None:
    if column is None:
        return
    rows = Column.objects.all() if is_system(actor) else Column.objects.restrict(actor, VIEW)
    column = rows.select_related("org").filter(pk=column.pk).first()  # as it is now, not as the caller read it
    if column is None:
        raise InvalidInput(_("Unknown column."), errors={"column": [_("Unknown column.")]})
    if column.retired_on is not None and column != current:
        raise InvalidInput(_("This column is retired."), errors={"column": [_("This column is retired.")]})
    if not column.open_to(org):
        raise InvalidInput(
            _("This column belongs to another organisation."),
            errors={"column": [_("This column belongs to another organisation.")]},
        )


# --- articles ------------------------------------------------------------------------------------------------------


def _byline(actor) -> str:
    person = getattr(actor, "person", None) if getattr(actor, "person_id", None) else None
    return person.name if person else (actor.get_username() if not is_system(actor) else "")


@transaction.atomic
def article_create(*, actor, org: PartyOrg, **fields) -> Article:
    """A new draft of `org` written by the actor (anyone who may add articles there: members and employees too)."""
    _unknown(fields, ARTICLE_FIELDS)
    require_at(actor, "article", ADD, org)
    _check_column(actor, fields.get("column"), org)
    now = timezone.now()
    article = Article(org=org, state=ArticleState.DRAFT, created_at=now, updated_at=now)
    article.author = actor if getattr(actor, "is_authenticated", False) else None
    for name, value in fields.items():
        setattr(article, name, value.strip() if isinstance(value, str) else value)
    if not article.byline:
        article.byline = _byline(actor)[:100]
    return save_audited(article, actor=actor)


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update(of=("self",)).select_related("org", "column__org").get(pk=article.pk)


@transaction.atomic
def article_update(*, actor, article: Article, **fields) -> Article:
    """Change the text (title, summary, body, column, byline) — the author or an editor of the org, while it is a
    draft or returned; under review or published it is 409."""
    _unknown(fields, ARTICLE_FIELDS)
    article = _locked(article)
    if not workflow.standings(actor, article) & {workflow.AUTHOR, workflow.EDITOR}:
        raise NotPermitted(_("You may not change this article."))
    if article.state not in workflow.EDITABLE:
        raise Conflict(
            _("An article can be changed only as a draft or when returned; it is now %(state)s.")
            % {"state": article.get_state_display()}
        )
    if "column" in fields:
        _check_column(actor, fields["column"], article.org, current=article.column)
    before = audit.snapshot(article)
    for name, value in fields.items():
        setattr(article, name, value.strip() if isinstance(value, str) else value)
    article.updated_at = timezone.now()
    return save_audited(article, actor=actor, before=before)


@transaction.atomic
def article_move(*, actor, article: Article, action: str, comment: str = "") -> Article:
    """Move an article through the editorial flow (workflow.TABLE). An action the actor could never take is
    NotPermitted; a move not legal from the article's state is a Conflict; a missing reason InvalidInput — and
    nothing changes. A legal move writes the state, its audit row and the notifications."""
    if action not in workflow.ACTIONS:
        raise InvalidInput(
            _("Unknown action: %(action)s.") % {"action": action}, errors={"action": [_("Choose a listed action.")]}
        )
    article = _locked(article)
    held = workflow.standings(actor, article)
    could = set().union(*(m.who for (_s, a), m in workflow.TABLE.items() if a == action))
    if not held & could:
        raise NotPermitted(_("You may not take the step “%(action)s”.") % {"action": workflow.ACTIONS[action]})
    move = workflow.move_for(article.state, action)
    if move is None:
        raise Conflict(
            _("An article that is %(state)s cannot take the step “%(action)s”.")
            % {"state": article.get_state_display(), "action": workflow.ACTIONS[action]}
        )
    if not held & move.who:
        raise NotPermitted(_("You may not take the step “%(action)s”.") % {"action": workflow.ACTIONS[action]})
    comment = (comment or "").strip()[:500]
    if move.comment_required and not comment:
        raise InvalidInput(_("Give the reason for this step."), errors={"comment": [_("This field is required.")]})
    from_state, now = article.state, timezone.now()
    article.state, article.updated_at = move.to_state, now
    fields = ["state", "updated_at"]
    if action == workflow.SUBMIT:
        article.submitted_at = now
        fields.append("submitted_at")
    if action in (workflow.PUBLISH, workflow.RETURN, workflow.WITHDRAW):
        article.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        article.review_comment = comment
        fields += ["reviewed_by", "review_comment"]
    if action == workflow.PUBLISH:
        article.published_at = now
        fields.append("published_at")
    article.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=article,
        before={"state": from_state},
        after={"state": move.to_state, "action": action},
        comment=comment,
    )
    notices.after_move(article=article, action=action, comment=comment)
    return article


# --- forums --------------------------------------------------------------------------------------------------------


@transaction.atomic
def forum_save(*, actor, org: PartyOrg, obj: ForumSession | None = None, **fields) -> ForumSession:
    """Create (obj None) or change a forum session hosted by `org` (its secretary, 党群工作部). A closed session
    keeps its record: changing it is 409."""
    _unknown(fields, FORUM_FIELDS)
    require_at(actor, "forum", CHANGE if obj else ADD, org)
    before = None
    if obj is not None:
        obj = ForumSession.objects.select_for_update().select_related("org").get(pk=obj.pk)
        require_at(actor, "forum", CHANGE, obj.org)
        if obj.state == ForumState.CLOSED:
            raise Conflict(_("The vote of this session is closed; it stays as it was held."))
        before = audit.snapshot(obj)
    session = obj or ForumSession(org=org)
    for name, value in fields.items():
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    return save_audited(session, actor=actor, before=before, conflict=_("A session with this code already exists."))


@transaction.atomic
def forum_move(*, actor, session: ForumSession, action: str) -> ForumSession:
    """Open the audience's vote (a session with presenters), or close it: the ranking stands from then on."""
    if action not in workflow.FORUM_ACTIONS:
        raise InvalidInput(
            _("Unknown action: %(action)s.") % {"action": action}, errors={"action": [_("Choose a listed action.")]}
        )
    session = ForumSession.objects.select_for_update().select_related("org").get(pk=session.pk)
    if not workflow.forum_organiser(actor, session):
        raise NotPermitted(_("You do not have permission to do this here."))
    move = workflow.FORUM_TABLE.get((session.state, action))
    if move is None:
        raise Conflict(
            _("A session that is %(state)s cannot take the step “%(action)s”.")
            % {"state": session.get_state_display(), "action": workflow.FORUM_ACTIONS[action]}
        )
    if action == workflow.OPEN_VOTING and not session.presentations.exists():
        raise InvalidInput(_("Add the presenters before opening the vote."))
    before = {"state": session.state}
    session.state = move.to_state
    session.save(update_fields=["state"])
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=session, before=before, after={"state": session.state})
    return session


def _in_company(session: ForumSession, path: str) -> bool:
    return path.startswith(root_path(session.org.path))


def _check_links(actor, session: ForumSession, fields: dict) -> None:
    """The presenter is on the roll of the session's company; a linked project, challenge or drill session is one
    the actor sees there (another company's is unknown, never named back)."""
    from dangjian.posts.models import OpenChallenge
    from dangjian.projects.projects.models import Project
    from dangjian.talent.models import Drill

    errors = {}
    presenter = fields.get("presenter")
    if presenter is not None and not _in_company(session, presenter.branch.path):
        errors["presenter"] = [_("Unknown person.")]
    project = fields.get("project")
    if project is not None and not (
        _in_company(session, project.owner.path)
        and (is_system(actor) or Project.objects.restrict(actor, VIEW).filter(pk=project.pk).exists())
    ):
        errors["project"] = [_("Unknown project.")]
    challenge = fields.get("challenge")
    if challenge is not None and not (
        _in_company(session, challenge.org.path)
        and (is_system(actor) or OpenChallenge.objects.restrict(actor, VIEW).filter(pk=challenge.pk).exists())
    ):
        errors["challenge"] = [_("Unknown challenge.")]
    drill = fields.get("drill")
    if drill is not None and not (
        _in_company(session, drill.org.path)
        and (is_system(actor) or Drill.objects.restrict(actor, VIEW).filter(pk=drill.pk).exists())
    ):
        errors["drill"] = [_("Unknown drill session.")]
    if errors:
        raise InvalidInput(_("Check the presenter and the result linked."), errors=errors)


def _session_open(actor, session: ForumSession) -> ForumSession:
    session = ForumSession.objects.select_for_update().select_related("org").get(pk=session.pk)
    require_at(actor, "forum", CHANGE, session.org)
    if session.state == ForumState.CLOSED:
        raise Conflict(_("The vote of this session is closed; its presenters stay as they were."))
    return session


@transaction.atomic
def presentation_save(*, actor, session: ForumSession, obj: Presentation | None = None, **fields) -> Presentation:
    """Add (obj None) or change a presenter of a session that is not closed, with the result they show."""
    _unknown(fields, PRESENTATION_FIELDS)
    session = _session_open(actor, session)
    if obj is not None:
        obj = Presentation.objects.select_for_update().get(pk=obj.pk, session=session)
        if "presenter" in fields and fields["presenter"] != obj.presenter and obj.votes.exists():
            raise Conflict(_("Votes have been cast for this presentation; its presenter stays."))
    _check_links(actor, session, fields)
    before = audit.snapshot(obj) if obj else None
    presentation = obj or Presentation(session=session)
    for name, value in fields.items():
        setattr(presentation, name, value.strip() if isinstance(value, str) else value)
    return save_audited(
        presentation, actor=actor, before=before, conflict=_("This person already presents at the session.")
    )


@transaction.atomic
def presentation_remove(*, actor, presentation: Presentation) -> None:
    """Take a presenter off a session before anyone voted for them."""
    session = _session_open(actor, presentation.session)
    presentation = Presentation.objects.select_for_update().get(pk=presentation.pk, session=session)
    if presentation.votes.exists():
        raise Conflict(_("Votes have been cast for this presentation; it stays."))
    audit.record(actor=actor, action=AuditLog.Action.DELETE, obj=presentation, before=audit.snapshot(presentation))
    presentation.delete()


@transaction.atomic
def vote_cast(*, actor, session: ForumSession, presentation: Presentation, voter: Person | None = None) -> ForumVote:
    """The signed-in person votes for the best presentation of a session whose vote is open: once per session (a
    second vote, or two sent at once, is 409), never for their own. The vote counts only in the ranking. (`voter` is
    for the system loading votes cast on paper; a user always votes as themselves.)"""
    if not is_system(actor) and not ForumSession.objects.restrict(actor, VIEW).filter(pk=session.pk).exists():
        raise NotFound(_("No such forum session, or you do not have access to it."))
    if not is_system(actor) or voter is None:
        voter = Person.objects.filter(pk=getattr(actor, "person_id", None) or 0).first()
    if voter is None:
        raise NotPermitted(_("Only a person on the roll can vote."))
    session = ForumSession.objects.select_for_update().get(pk=session.pk)
    if session.state != ForumState.VOTING:
        raise Conflict(_("The vote of this session is not open."))
    if presentation.session_id != session.pk:
        raise InvalidInput(
            _("That presentation is not part of this session."), errors={"presentation": [_("Unknown presentation.")]}
        )
    if presentation.presenter_id == voter.pk:
        raise InvalidInput(
            _("You cannot vote for your own presentation."),
            errors={"presentation": [_("You cannot vote for your own presentation.")]},
        )
    already = _("You have already voted in this session.")
    if ForumVote.objects.filter(session=session, voter=voter).exists():
        raise Conflict(already)
    with unique_conflict(already):
        vote = ForumVote.objects.create(session=session, presentation=presentation, voter=voter)
    audit.record(actor=actor, action=AuditLog.Action.CREATE, obj=vote, after=audit.snapshot(vote))
    return vote


def export_audit(*, actor, resource: str, label: str, rows: int, about: str = "") -> None:
    """Record an export (the article list, a session's ranking): who took how many rows."""
    from dangjian.core.scoping import can_anywhere

    if not is_system(actor) and not can_anywhere(actor, resource, "export"):
        raise NotPermitted(_("You do not have permission to do this."))
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        object_type=f"publicity.{resource}",
        object_repr=label,
        after={"rows": rows, "about": about},
    )
