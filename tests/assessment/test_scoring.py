"""The arithmetic by hand (scoring.py)."""

from decimal import Decimal as D

from dangjian.assessment import scoring
from dangjian.assessment.models.templates import Template, parse_thresholds


def test_linear_points():
    rule = {"max_points": D(10), "zero_at": D("0.5"), "full_at": D(1)}
    assert scoring.linear_points(D("0.75"), **rule) == D("5.00")  # 10 × 0.25 ÷ 0.5
    assert scoring.linear_points(D("0.8333"), **rule) == D("6.67")  # 10 × 0.3333 ÷ 0.5 = 6.666
    assert scoring.linear_points(D("0.5"), **rule) == D("0.00")
    assert scoring.linear_points(D("0.2"), **rule) == D("0.00")
    assert scoring.linear_points(D("1"), **rule) == D("10.00")
    assert scoring.linear_points(None, **rule) == D("10.00")  # nothing due: nothing deducted


def test_threshold_points():
    thresholds = parse_thresholds("0.8:0.6, 0.95:1")
    assert thresholds == [(D("0.95"), D(1)), (D("0.8"), D("0.6"))]
    assert scoring.threshold_points(D("0.96"), max_points=D(5), thresholds=thresholds) == D("5.00")
    assert scoring.threshold_points(D("0.95"), max_points=D(5), thresholds=thresholds) == D("5.00")
    assert scoring.threshold_points(D("0.9"), max_points=D(5), thresholds=thresholds) == D("3.00")
    assert scoring.threshold_points(D("0.79"), max_points=D(5), thresholds=thresholds) == D("0.00")


def test_party_and_combined_scores():
    # finals 7 + 5 + 4 of maxima 10 + 10 + 5: 16 ÷ 25 = 64 %
    assert scoring.party_score([(D(7), D(10)), (D(5), D(10)), (D(4), D(5))]) == D("64.00")
    assert scoring.party_score([(None, D(10)), (D(5), D(10))]) == D("25.00")  # unscored counts 0
    assert scoring.party_score([]) is None
    assert scoring.combined(D(64), D(80), party_weight=D("0.6"), production_weight=D("0.4")) == D("70.40")
    assert scoring.combined(D("66.67"), None, party_weight=D("0.6"), production_weight=D("0.4")) == D("66.67")
    assert scoring.line_final(D(3), D(5)) == D(0)  # never below 0


def test_ranks_share_ties_and_skip():
    ranks = scoring.ranks({"a": D("90.5"), "b": D("88"), "c": D("88"), "d": D("70"), "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_pay_bands():
    template = Template(pay_bands="1:1.2, 3:1.1, *:0.9")
    assert [template.coefficient(r) for r in (1, 2, 3, 4, None)] == [D("1.2"), D("1.1"), D("1.1"), D("0.9"), None]
