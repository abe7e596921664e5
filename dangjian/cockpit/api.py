"""The cockpit in the API: the same numbers as the page (summary), the colour map, and the map's thresholds (read by
leaders, set by 党群工作部)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema

from dangjian.cockpit import dimensions, selectors, services
from dangjian.core.api.errors import READ_ERRORS, WRITE_ERRORS
from dangjian.core.errors import NotPermitted
from dangjian.core.scoping import can_anywhere

router = Router(tags=["cockpit"])


def _require(user, resource: str, action: str = "view") -> None:
    """A page without an object: 403 to a caller without the grant anywhere (docs/architecture.md, 403 or 404)."""
    if not can_anywhere(user, resource, action):
        from django.utils.translation import gettext as _

        raise NotPermitted(_("You do not have permission to do this."))


class CockpitSummaryOut(Schema):
    org: str = Field(description="The code of the org the cockpit is about (the top of the caller's scope).")
    org_name: str
    as_of: dt.date
    projects: dict[str, Any] | None = Field(description="Counts by state, by domain and by red/amber/green.")
    production: dict[str, Any] | None = Field(description="Key indicators: actual, target, attainment, best ever.")
    value: dict[str, Any] | None = Field(description="The last day's team ranking and the month's leaders.")
    meetings: dict[str, Any] | None = Field(description="Meetings held ÷ expected this year, in %.")
    concerns: dict[str, Any] | None = Field(
        description="Concerns: sent in twelve months and SLA %; open and past a deadline now, with their lists."
    )
    points: dict[str, Any] | None = Field(description="This year's points leaders and the member stars.")
    assessment: dict[str, Any] | None = Field(description="Last month's branch assessment, best placed first.")
    recruitment: dict[str, Any] | None = Field(description="Open recruitment files per stage, overdue ones.")
    dues: dict[str, Any] | None = Field(description="Dues expected and collected this year.")


class CockpitCellOut(Schema):
    dimension: str
    value: Decimal | None = Field(description="0–100, higher is better; null without data.")
    grade: str = Field(description="green, yellow, orange, red or grey (no data or no thresholds).")
    url: str = Field(description="The page that shows what the cell summarises.")


class CockpitRowOut(Schema):
    org: str
    org_name: str
    cells: list[CockpitCellOut]


class CockpitMapOut(Schema):
    month: dt.date = Field(description="The month the monthly dimensions are for (last month).")
    as_of: dt.date
    thresholds_set: bool
    rows: list[CockpitRowOut]


class CockpitThresholdOut(Schema):
    dimension: str
    label: str
    set: bool = Field(description="Whether the company has set it (false: the defaults are shown).")
    green_from: Decimal
    yellow_from: Decimal
    orange_from: Decimal


class CockpitThresholdsOut(Schema):
    company: str
    thresholds: list[CockpitThresholdOut]


class CockpitThresholdIn(Schema):
    dimension: str = Field(description=f"One of: {', '.join(dimensions.CODES)}.")
    green_from: Decimal = Field(ge=0, le=100)
    yellow_from: Decimal = Field(ge=0, le=100)
    orange_from: Decimal = Field(ge=0, le=100)


class CockpitThresholdsIn(Schema):
    thresholds: list[CockpitThresholdIn] = Field(default=[], max_length=len(dimensions.CODES))
    load_defaults: bool = Field(False, description="First store the defaults for every dimension not set yet.")


@router.get(
    "/cockpit/summary",
    response={200: CockpitSummaryOut, **READ_ERRORS},
    summary="The cockpit's numbers",
    url_name="cockpit_summary",
)
def cockpit_summary(request):
    """Every number of the leaders' cockpit, read through each capability's own selector as the caller (a part the
    caller holds no grant for is null)."""
    user = request.auth_user
    _require(user, "cockpit")
    found = selectors.summary(user=user)
    org = found.pop("org")
    return {"org": org.code, "org_name": org.name, "as_of": found.pop("today"), **found}


@router.get(
    "/cockpit/map",
    response={200: CockpitMapOut, **READ_ERRORS},
    summary="The colour map",
    url_name="cockpit_map",
)
def cockpit_map(request):
    """The branches the caller sees × production, safety, project progress, meeting compliance, concerns and
    assessment, each graded by the company's thresholds."""
    user = request.auth_user
    _require(user, "cockpit_map")
    found = selectors.colour_map(user=user)
    return {
        "month": found.month,
        "as_of": found.today,
        "thresholds_set": found.thresholds_set,
        "rows": [
            {
                "org": row.org.code,
                "org_name": row.org.name,
                "cells": [vars(cell) for cell in row.cells],
            }
            for row in found.rows
        ],
    }


def _thresholds_out(user, company) -> dict:
    rows = selectors.threshold_rows(user=user, company=company)
    out = []
    for row in rows:
        t = row["threshold"]
        limits = t.limits if t is not None else row["defaults"]
        out.append(
            {
                "dimension": row["dimension"],
                "label": row["label"],
                "set": t is not None,
                "green_from": limits[0],
                "yellow_from": limits[1],
                "orange_from": limits[2],
            }
        )
    return {"company": company.code, "thresholds": out}


@router.get(
    "/cockpit/thresholds",
    response={200: CockpitThresholdsOut, **READ_ERRORS},
    summary="The colour map's thresholds",
    url_name="cockpit_thresholds",
)
def cockpit_thresholds(request):
    """Where each dimension turns green, yellow and orange for the caller's company (the defaults where not set)."""
    user = request.auth_user
    _require(user, "cockpit_threshold")
    return _thresholds_out(user, selectors.threshold_company(user=user))


@router.put(
    "/cockpit/thresholds",
    response={200: CockpitThresholdsOut, **WRITE_ERRORS},
    summary="Set the colour map's thresholds",
    url_name="cockpit_thresholds_set",
)
def cockpit_thresholds_set(request, payload: CockpitThresholdsIn):
    """Set the thresholds of the dimensions given (党群工作部 at the company); with `load_defaults`, first store the
    defaults of every dimension not set yet. Each change is audited."""
    user = request.auth_user
    _require(user, "cockpit_threshold", "change")
    company = selectors.threshold_company(user=user, action="change")
    rows = [row.model_dump() for row in payload.thresholds]
    services.thresholds_set(actor=user, company=company, rows=rows, load_defaults=payload.load_defaults)
    return _thresholds_out(user, company)
