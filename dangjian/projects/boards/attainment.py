"""Goal attainment for the boards and the compilation: how far a goal has come from its baseline towards its target.

attainment = (actual − baseline) ÷ (target − baseline) × 100, read in the goal's direction, so 0 % is "still at the
baseline", 100 % is "target reached", above 100 % is better than target and below 0 % is worse than the baseline.
This is a different measure from indicators.attainment (actual ÷ target): a project is judged on the distance it
covered, not on the level it sits at.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
# Gauges and bars run from 0 to this; the number shown beside them stays the real one.
DISPLAY_MIN, DISPLAY_MAX = Decimal(0), Decimal(120)


def attainment_percent(*, baseline: Decimal, target: Decimal, actual: Decimal | None, higher: bool) -> Decimal | None:
    """The attainment in percent (one decimal, half up), unclamped; None without an actual value.

    Lower-is-better goals measure the fall from the baseline against the planned fall. A goal whose target equals its
    baseline ("hold the line", e.g. zero accidents) has no span to cover: 100 % when the actual is at least as good as
    the target, otherwise 0 %. A target on the wrong side of the baseline (the model refuses it, but old data may have
    it) has no meaningful span either and is treated the same way.
    """
    if actual is None or baseline is None or target is None:
        return None
    gain = actual - baseline if higher else baseline - actual
    span = target - baseline if higher else baseline - target
    if span <= 0:
        met = actual >= target if higher else actual <= target
        return HUNDRED.quantize(ONE_PLACE) if met else Decimal(0).quantize(ONE_PLACE)
    return (gain * HUNDRED / span).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def clamp_for_display(percent: Decimal | None) -> Decimal | None:
    """The percent squeezed into the gauge's range (DISPLAY_MIN…DISPLAY_MAX)."""
    if percent is None:
        return None
    return min(max(percent, DISPLAY_MIN), DISPLAY_MAX)


@dataclass(frozen=True)
class GoalAttainment:
    """One goal's baseline → target → actual with its attainment (`percent`, unclamped) and the value a gauge shows
    (`display`, clamped); `met` says whether the target is reached (None without an actual)."""

    baseline: Decimal
    target: Decimal
    actual: Decimal | None
    percent: Decimal | None
    display: Decimal | None
    met: bool | None

    @property
    def band(self) -> str:
        """A traffic-light band for colouring: "none" without data, "good" from 100 %, "fair" from 60 %, else "poor"."""
        if self.percent is None:
            return "none"
        if self.percent >= HUNDRED:
            return "good"
        return "fair" if self.percent >= 60 else "poor"


def goal_attainment(*, baseline: Decimal, target: Decimal, actual: Decimal | None, higher: bool) -> GoalAttainment:
    percent = attainment_percent(baseline=baseline, target=target, actual=actual, higher=higher)
    met = None if actual is None else (actual >= target if higher else actual <= target)
    return GoalAttainment(baseline, target, actual, percent, clamp_for_display(percent), met)
