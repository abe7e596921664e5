"""The editorial flow of an article and the life of a forum session, each in ONE table of allowed moves:
(from_state, action) → (to_state, who may make the move, comment required). `services.article_move` and
`services.forum_move` are the only code that applies a move.

Article standings over the article's org (cheap: cached assignments, one query for the committee seats):
- AUTHOR: the account that wrote it;
- EDITOR: article "change" over the org (its secretary and committee members, 党群工作部 above);
- REVIEWER: the org's publicity officer (宣传委员, a CommitteeSeat) — or, where the org has none (a branch under seven
  full members has no committee), its secretary — holding article "change" there; and 党群工作部 over the org.

draft ─submit→ submitted ─publish→ published ─withdraw→ withdrawn
           ↑        └─return→ returned ─submit┘ (recall: submitted → draft, by the author)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.org.standing import is_office_over
from dangjian.publicity.models import ArticleState, ForumState

AUTHOR, EDITOR, REVIEWER, ORGANISER = "author", "editor", "reviewer", "organiser"
SUBMIT, RECALL, PUBLISH, RETURN, WITHDRAW = "submit", "recall", "publish", "return", "withdraw"
OPEN_VOTING, CLOSE_VOTING = "open_voting", "close_voting"

ACTIONS = {
    SUBMIT: _("Submit for review"),
    RECALL: _("Take back to draft"),
    PUBLISH: _("Publish"),
    RETURN: _("Return for changes"),
    WITHDRAW: _("Withdraw from publication"),
}
STYLES = {PUBLISH: "success", RETURN: "warning", WITHDRAW: "outline-danger", RECALL: "outline-secondary"}
FORUM_ACTIONS = {OPEN_VOTING: _("Open the vote"), CLOSE_VOTING: _("Close the vote")}

# The text can be changed only before review, or after it was returned.
EDITABLE = frozenset({ArticleState.DRAFT, ArticleState.RETURNED})


@dataclass(frozen=True)
class Move:
    to_state: str
    who: frozenset[str]
    comment_required: bool = False


def _move(to_state: str, *who: str, comment: bool = False) -> Move:
    return Move(to_state, frozenset(who), comment)


TABLE: dict[tuple[str, str], Move] = {
    (ArticleState.DRAFT, SUBMIT): _move(ArticleState.SUBMITTED, AUTHOR, EDITOR),
    (ArticleState.RETURNED, SUBMIT): _move(ArticleState.SUBMITTED, AUTHOR, EDITOR),
    (ArticleState.SUBMITTED, RECALL): _move(ArticleState.DRAFT, AUTHOR),
    (ArticleState.SUBMITTED, PUBLISH): _move(ArticleState.PUBLISHED, REVIEWER),
    (ArticleState.SUBMITTED, RETURN): _move(ArticleState.RETURNED, REVIEWER, comment=True),
    (ArticleState.PUBLISHED, WITHDRAW): _move(ArticleState.WITHDRAWN, REVIEWER, comment=True),
}

FORUM_TABLE: dict[tuple[str, str], Move] = {
    (ForumState.PLANNED, OPEN_VOTING): _move(ForumState.VOTING, ORGANISER),
    (ForumState.VOTING, CLOSE_VOTING): _move(ForumState.CLOSED, ORGANISER),
}


def move_for(state: str, action: str) -> Move | None:
    return TABLE.get((state, action))


def reviewer_seat_holders(org) -> list[int]:
    """The people who review `org`'s articles: its current publicity officers, or its secretary where it has none
    (one query)."""
    from dangjian.org.models import CommitteeSeat

    today = timezone.localdate()
    seats = list(
        CommitteeSeat.objects.filter(org=org, role__in=("publicity_officer", "secretary"))
        .filter(Q(since__isnull=True) | Q(since__lte=today), Q(until__isnull=True) | Q(until__gte=today))
        .values_list("role", "person_id")
    )
    officers = [pid for role, pid in seats if role == "publicity_officer"]
    return officers or [pid for role, pid in seats if role == "secretary"]


def standings(user, article, *, seat_holders: list[int] | None = None) -> frozenset[str]:
    """What `user` is to `article`: author, editor, reviewer (see the module docstring)."""
    if is_system(user):
        return frozenset({AUTHOR, EDITOR, REVIEWER})
    held = set()
    if article.author_id and article.author_id == user.pk:
        held.add(AUTHOR)
    editor = can_at(user, "article", "change", article.org)
    if editor:
        held.add(EDITOR)
    if is_office_over(user, article.org.path):
        held.add(REVIEWER)
    elif editor and user.person_id:
        holders = seat_holders if seat_holders is not None else reviewer_seat_holders(article.org)
        if user.person_id in holders:
            held.add(REVIEWER)
    return frozenset(held)


def may(user, article, move: Move) -> bool:
    return bool(standings(user, article) & move.who)


def allowed_actions(user, article) -> list[str]:
    """The moves `user` may make on `article` now, in table order (the article page's buttons)."""
    moves = [(action, move) for (state, action), move in TABLE.items() if state == article.state]
    if not moves:
        return []
    held = standings(user, article)
    return [action for action, move in moves if held & move.who]


def may_edit(user, article) -> bool:
    """The text is changed by its author or an editor of the org, while it is a draft or returned."""
    return article.state in EDITABLE and bool(standings(user, article) & {AUTHOR, EDITOR})


def forum_organiser(user, session) -> bool:
    return is_system(user) or can_at(user, "forum", "change", session.org)


def forum_actions(user, session) -> list[str]:
    if not forum_organiser(user, session):
        return []
    return [action for (state, action) in FORUM_TABLE if state == session.state]
