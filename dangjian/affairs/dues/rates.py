"""The 2008 dues rules (中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》, 2008), in one place.

The base is the member's monthly after-tax fixed pay (税后固定工资). The rate of the member's bracket applies to the
WHOLE base, not marginally: 3000.01 元 pays 1 % of 3000.01, not 0.5 % of 3000 plus 1 % of 0.01.

Where the boundaries fall, as the notice words them:
- "每月工资收入（税后）在3000元以下（含3000元）者，交纳月工资收入的0.5%": 3000.00 exactly is 0.5 %;
- "3000元以上至5000元（含5000元）者，交纳1%": 3000.01 … 5000.00 is 1 % (5000.00 exactly is 1 %);
- "5000元以上至10000元（含10000元）者，交纳1.5%": 5000.01 … 10000.00 is 1.5 % (10000.00 exactly is 1.5 %);
- "10000元以上者，交纳2%": from 10000.01 it is 2 %.
- Retirees (离退休干部、职工): "5000元以下（含5000元）的按0.5%交纳，5000元以上的按1%交纳":
  5000.00 is 0.5 %, 5000.01 is 1 %.
- Students, the unemployed and members living on minimum-income support (学生、下岗失业、依靠最低生活保障金生活的):
  0.2 元 a month, whatever the base.
So each upper bound is inclusive ("含"): the test is `base <= bound`.

Rounding: the month's dues are the base × rate rounded to the fen (0.01 元), half up (ROUND_HALF_UP, as a cashier
rounds: 2001.00 × 0.5 % = 10.005 → 10.01). Decimal throughout; a float never touches money here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
FLAT = Decimal("0.20")

# (inclusive upper bound of the after-tax monthly pay, rate); None = no upper bound.
EMPLOYED = (
    (Decimal("3000"), Decimal("0.005")),
    (Decimal("5000"), Decimal("0.01")),
    (Decimal("10000"), Decimal("0.015")),
    (None, Decimal("0.02")),
)
RETIRED = (
    (Decimal("5000"), Decimal("0.005")),
    (None, Decimal("0.01")),
)


class Category(models.TextChoices):
    """Which rule of the 2008 notice a member's dues follow."""

    EMPLOYED = "employed", _("In work (after-tax fixed pay)")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    UNEMPLOYED = "unemployed", _("Unemployed or on minimum-income support")


FLAT_CATEGORIES = frozenset({Category.STUDENT, Category.UNEMPLOYED})


def rate_for(base: Decimal, category: str) -> Decimal | None:
    """The rate for a base in a category (None: the flat 0.2 元 of a student or an unemployed member)."""
    if category in FLAT_CATEGORIES:
        return None
    brackets = RETIRED if category == Category.RETIRED else EMPLOYED
    for bound, rate in brackets:
        if bound is None or base <= bound:  # each bound is inclusive ("含3000元"): see the module docstring
            return rate
    raise AssertionError("the last bracket has no bound")


def monthly_dues(base: Decimal, category: str) -> Decimal:
    """One month's dues for `base` (元, Decimal) in `category`, to the fen, half up."""
    if not isinstance(base, Decimal):
        raise TypeError("the base is a Decimal")
    rate = rate_for(base, category)
    if rate is None:
        return FLAT
    return (base * rate).quantize(FEN, rounding=ROUND_HALF_UP)


def dues_year(month) -> int:
    """The dues year a month falls in: the base renewed in July holds from July to the next June (2025 = 2025-07 …
    2026-06)."""
    return month.year if month.month >= 7 else month.year - 1
