"""The effect estimators on synthetic data: they recover a known effect inside the 95 % interval, cover it at the
stated rate, and claim an effect on pure noise no more often than the stated 5 % (pure functions, no database)."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from dangjian.projects.effects.estimate import (
    BEFORE_AFTER,
    DID,
    before_after,
    comparison_mean,
    did,
    join_sentences,
    month_label,
)
from dangjian.projects.effects.tquantile import t_quantile
from tests.effects.synthetic import BASELINE, MONTHS, TREATMENT, panel

D = Decimal
RUNS = 400


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.7062), (2, 4.3027), (3, 3.1824), (7, 2.3646), (10, 2.2281), (30, 2.0423), (120, 1.9799), (10**6, 1.96)],
)
def test_t_quantiles_match_the_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_one_dataset_with_a_known_effect():
    treated, comparisons = panel(random.Random(2022), effect=0.5)
    estimate = did(treated, comparisons, BASELINE, TREATMENT, decimals=2)
    assert estimate.method == DID
    assert estimate.n_comparison == 8
    assert estimate.inference == "units"
    assert estimate.ci_low <= D("0.5") <= estimate.ci_high
    assert estimate.effect == estimate.effect.quantize(D("0.01"))
    assert estimate.baseline == tuple(month_label(m) for m in BASELINE)
    assert estimate.treatment[0] == "2022-01" and estimate.n == 24
    assert "8 comparable units" in estimate.note()


def _simulate(effect: float, n_comparison: int = 8) -> tuple[float, float]:
    """(coverage of the true effect, share of intervals that exclude zero) over RUNS seeded datasets."""
    rng, truth, covered, claimed = random.Random(9), D(str(effect)), 0, 0
    for _ in range(RUNS):
        treated, comparisons = panel(rng, effect=effect, n_comparison=n_comparison)
        estimate = did(treated, comparisons, BASELINE, TREATMENT, decimals=4)
        covered += estimate.ci_low <= truth <= estimate.ci_high
        claimed += bool(estimate.significant)
    return covered / RUNS, claimed / RUNS


def test_did_interval_covers_the_true_effect_at_the_stated_rate():
    coverage, power = _simulate(0.5)
    assert coverage >= 0.92
    assert power >= 0.5  # and it is not so wide that it never sees a real +0.5


def test_did_refuses_to_claim_an_effect_on_pure_noise():
    coverage, false_positives = _simulate(0.0)
    assert false_positives <= 0.08
    assert coverage >= 0.92


def test_did_with_two_comparisons_reads_the_gap_and_still_covers():
    rng, covered = random.Random(5), 0
    for _ in range(200):
        treated, comparisons = panel(rng, effect=0.5, n_comparison=2)
        estimate = did(treated, comparisons, BASELINE, TREATMENT, decimals=4)
        covered += estimate.ci_low <= D("0.5") <= estimate.ci_high
    assert estimate.inference == "ar1" and estimate.n_comparison == 2
    assert "less reliable" in estimate.note()
    assert covered / 200 >= 0.85  # the AR(1) interval on 24 months is a little short at φ = 0.3 (≈ 0.92 measured)


def test_before_after_covers_despite_autocorrelation():
    # Without comparisons nothing removes common shocks, so the truth is only known without them.
    rng, covered, claimed = random.Random(11), 0, 0
    for _ in range(RUNS):
        treated, _ = panel(rng, effect=0.5, n_comparison=0, shock_sd=0)
        estimate = before_after(treated, BASELINE, TREATMENT, decimals=4)
        covered += estimate.ci_low <= D("0.5") <= estimate.ci_high
        noise, _ = panel(rng, effect=0, n_comparison=0, shock_sd=0)
        claimed += bool(before_after(noise, BASELINE, TREATMENT, decimals=4).significant)
    assert covered / RUNS >= 0.88  # AR(1) noise φ = 0.3: a Welch t-interval covers only ≈ 0.86 here
    assert claimed / RUNS <= 0.10


def test_no_comparison_units_gives_before_after_and_says_so():
    treated, _ = panel(random.Random(3), effect=0.5, n_comparison=0)
    estimate = did(treated, [], BASELINE, TREATMENT, decimals=2)
    assert estimate.method == BEFORE_AFTER
    assert estimate.n_comparison == 0
    assert estimate.inference == "ar1"
    assert estimate.note().startswith("No comparable unit that did not run the project has data for both periods")


def test_comparisons_without_data_in_both_periods_do_not_count():
    treated, (full, *_) = panel(random.Random(4), effect=0.5, n_comparison=3)
    baseline_only = {m: v for m, v in full.items() if m in BASELINE}
    sparse = {m: v for i, (m, v) in enumerate(full.items()) if i in (0, 13)}  # one month each side
    estimate = did(treated, [baseline_only, sparse], BASELINE, TREATMENT)
    assert estimate.method == BEFORE_AFTER and estimate.n_comparison == 0


def test_too_few_months_gives_no_number_and_a_sentence():
    treated = {MONTHS[0]: D("92.1"), MONTHS[12]: D("92.6")}
    estimate = did(treated, [], BASELINE, TREATMENT)
    assert estimate.effect is None and estimate.ci_low is None and estimate.significant is None
    assert "Not enough data yet" in estimate.note()


def test_hand_computed_two_period_did():
    # Two months each side. Treated 90, 92 → 95, 97: +5. Comparisons change +1, +2, +3: mean +2, sd 1.
    # DiD = 3; se = 1 × √(1 + 1/3) = 1.1547; t(2) = 4.3027 → 3 ± 4.968 = −1.97 … 7.97.
    months = MONTHS[10:14]
    treated = dict(zip(months, map(D, ["90", "92", "95", "97"]), strict=True))
    comparisons = [
        dict(zip(months, map(D, values), strict=True))
        for values in (
            ["50", "50", "51", "51"],
            ["60", "60", "62", "62"],
            ["70", "70", "73", "73"],
        )
    ]
    estimate = did(treated, comparisons, months[:2], months[2:], decimals=2)
    assert (estimate.effect, estimate.ci_low, estimate.ci_high) == (D("3.00"), D("-1.97"), D("7.97"))
    assert estimate.significant is False
    assert "cannot tell this change from chance" in estimate.note()


def test_month_keys_may_be_dates_or_text():
    by_date = {dt.date(2024, m, 1): D(90 + m) for m in range(1, 7)}
    by_text = {f"2024-{m:02d}": D(90 + m) for m in range(1, 7)}
    a = before_after(by_date, list(by_date)[:3], list(by_date)[3:])
    b = before_after(by_text, list(by_text)[:3], list(by_text)[3:])
    assert a.effect == b.effect == D("3.00")
    assert a.baseline == b.baseline == ("2024-01", "2024-02", "2024-03")


def test_comparison_mean_per_month_skips_missing_values():
    a = {MONTHS[0]: D(1), MONTHS[1]: D(3)}
    b = {MONTHS[0]: D(3)}
    assert comparison_mean([a, b], MONTHS[:3]) == {MONTHS[0]: 2.0, MONTHS[1]: 3.0}


def test_sentences_join_with_a_space_in_english_and_none_in_chinese():
    assert join_sentences(["One.", "", "Two."]) == "One. Two."
    assert join_sentences(["一。", "二。"]) == "一。二。"
