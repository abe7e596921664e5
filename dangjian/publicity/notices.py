"""What the editorial flow asks of people, as notifications (core/notifications), written inside the move's
transaction by `services.article_move`:

- submitted → "稿件待审核", an action for the reviewers: the org's publicity officers (or its secretary where it has
  none); where none of them has an account, 党群工作部 over the org. Closed for all of them when anyone publishes,
  returns it, or the author takes it back;
- returned → "稿件被退回", with the reason: an action for the author, closed when it is submitted again;
- published / withdrawn → a notice to the author."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dangjian.core.models.tree import path_and_ancestors
from dangjian.core.notifications import services as notifications
from dangjian.core.permissions import Role
from dangjian.publicity import workflow

REVIEW = "publicity.review"
RETURNED = "publicity.returned"
DECIDED = "publicity.decided"

REVIEW_SUBJECT = gettext_lazy("Article awaiting review")
REVIEW_TEXT = gettext_lazy("%(org)s submitted「%(title)s」 for review: publish it or return it.")
RETURNED_SUBJECT = gettext_lazy("Article returned: %(reason)s")
RETURNED_TEXT = gettext_lazy("「%(title)s」 was returned: %(reason)s. Change it and submit it again.")
PUBLISHED_SUBJECT = gettext_lazy("Article published")
PUBLISHED_TEXT = gettext_lazy("「%(title)s」 is published in the company news.")
WITHDRAWN_SUBJECT = gettext_lazy("Article withdrawn")
WITHDRAWN_TEXT = gettext_lazy("「%(title)s」 was withdrawn from publication: %(reason)s")


def reviewers(article) -> list[int]:
    """The accounts asked to review `article` (two queries)."""
    from dangjian.accounts.models import RoleAssignment, User

    people = workflow.reviewer_seat_holders(article.org)
    ids = list(User.objects.filter(person_id__in=people, is_active=True).values_list("pk", flat=True))
    if not ids:
        ids = list(
            RoleAssignment.objects.active()
            .filter(role=Role.PARTY_OFFICE, org__path__in=path_and_ancestors(article.org.path), user__is_active=True)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()
        )
    return ids


def after_move(*, article, action: str, comment: str = "") -> None:
    link = reverse("publicity:article", kwargs={"pk": article.pk})
    params = {"title": article.title, "org": article.org.name, "reason": comment}
    if action == workflow.SUBMIT:
        notifications.notifications_done(about=article, kinds=[RETURNED])
        notifications.notify(
            recipients=reviewers(article),
            kind=REVIEW,
            subject=REVIEW_SUBJECT,
            text=REVIEW_TEXT,
            params=params,
            link=link,
            about=article,
            action=True,
        )
        return
    notifications.notifications_done(about=article, kinds=[REVIEW])
    author = [article.author_id] if article.author_id else []
    if action == workflow.RETURN:
        notifications.notify(
            recipients=author,
            kind=RETURNED,
            subject=RETURNED_SUBJECT,
            text=RETURNED_TEXT,
            params=params,
            link=link,
            about=article,
            action=True,
        )
    elif action in (workflow.PUBLISH, workflow.WITHDRAW):
        published = action == workflow.PUBLISH
        notifications.notify(
            recipients=author,
            kind=DECIDED,
            subject=PUBLISHED_SUBJECT if published else WITHDRAWN_SUBJECT,
            text=PUBLISHED_TEXT if published else WITHDRAWN_TEXT,
            params=params,
            link=link,
            about=article,
        )
