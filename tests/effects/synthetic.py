"""Synthetic monthly panels with a known effect, for the estimator tests (pure Python, seeded)."""

import datetime as dt
import math
import random
from decimal import Decimal

MONTHS = [dt.date(2021 + m // 12, m % 12 + 1, 1) for m in range(24)]
BASELINE, TREATMENT = MONTHS[:12], MONTHS[12:]


def ar1(rng: random.Random, n: int, phi: float, sd: float) -> list[float]:
    """A stationary AR(1) path with marginal standard deviation `sd`."""
    x, step = rng.gauss(0, sd), sd * math.sqrt(1 - phi * phi)
    path = []
    for _ in range(n):
        path.append(x)
        x = phi * x + rng.gauss(0, step)
    return path


def panel(
    rng: random.Random,
    *,
    effect: float,
    n_comparison: int = 8,
    sd: float = 0.3,
    phi: float = 0.3,
    shock_sd: float = 0.3,
):
    """电流效率 (%) of one treated unit and `n_comparison` others over 24 months: each unit its own level, every unit
    the same month-to-month shocks (autocorrelated, sd `shock_sd`), its own AR(1) noise (sd `sd`), and the treated unit
    `effect` more from month 13. Returns (treated, [comparisons]) as {month: Decimal}."""
    shocks = ar1(rng, len(MONTHS), 0.5, shock_sd)

    def unit(gain: float) -> dict:
        level, noise = 92 + rng.gauss(0, 0.5), ar1(rng, len(MONTHS), phi, sd)
        return {
            m: Decimal(f"{level + shocks[t] + noise[t] + (gain if t >= 12 else 0):.3f}") for t, m in enumerate(MONTHS)
        }

    return unit(effect), [unit(0.0) for _ in range(n_comparison)]
