"""Drafts from data in the API (/api/v1/drafts): a draft as sentences with their sources and gaps, so another tool
can lay it out. Read-only."""

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from dangjian.core.api.errors import READ_ERRORS
from dangjian.core.errors import NotPermitted
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.drafts import builder, selectors

router = Router(tags=["drafts"])


class DraftSourceOut(Schema):
    label: str
    url: str


class DraftSentenceOut(Schema):
    text: str
    gap: bool = Field(description="True where the records say nothing (the text carries 【待补充】).")
    sources: list[DraftSourceOut]


class DraftSectionOut(Schema):
    key: str
    title: str
    sentences: list[DraftSentenceOut]


class DraftOut(Schema):
    kind: str
    org: str
    year: int
    title: str
    gaps: int
    sections: list[DraftSectionOut]


class DraftQuery(Schema):
    org: str | None = Field(None, description="The org's code (default: the outermost you may see).")
    year: int | None = Field(None, ge=2000, le=2100)
    kind: str = Field(builder.Kind.SUMMARY, description="summary (支部年度总结) or secretary (书记述职).")


@router.get("/drafts", response={200: DraftOut, **READ_ERRORS}, url_name="drafts_draft")
def draft(request, filters: Query[DraftQuery]):
    """A draft written from the year's records, every sentence with its sources, gaps marked 【待补充】."""
    user = request.auth_user
    if not can_anywhere(user, "drafts", VIEW):
        from django.utils.translation import gettext as _

        raise NotPermitted(_("You do not have permission to see this page."))
    org = selectors.draft_org(user=user, code=filters.org)
    kind = filters.kind if filters.kind in builder.Kind.CHOICES else builder.Kind.SUMMARY
    result = builder.build(user=user, org=org, year=filters.year or timezone.localdate().year, kind=kind)
    return {
        "kind": result.kind,
        "org": org.code,
        "year": result.year,
        "title": result.title,
        "gaps": result.gaps,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "sentences": [
                    {"text": x.text, "gap": x.gap, "sources": [{"label": y.label, "url": y.url} for y in x.sources]}
                    for x in s.sentences
                ],
            }
            for s in result.sections
        ],
    }
