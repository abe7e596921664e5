"""Reading daily records as people, files and machines send them: every row checked, every bad cell named.

`check_records(rows)` turns raw rows ({unit, date, shift, hours, items: [{item, quantity}]}) into RecordIn objects
with prices resolved for the record's date, in a fixed number of queries however many rows. Nothing here writes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.functional import cached_property  # no lock, unlike functools' in 3.11: 20,000 records read it
from django.utils.translation import gettext as _

from dangjian.org import tenancy
from dangjian.value.models import AccountingUnit, GroupItem, Item, ItemPrice
from dangjian.value.models.records import Shift

DAY_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
MONEY = Decimal("0.0001")
QTY = Decimal("0.000001")
HOURS = Decimal("0.01")
MAX_HOURS = Decimal(4800)
LIMIT = Decimal(10) ** 13
SHIFTS = set(Shift.values)


class FieldError(ValueError):
    """A cell that cannot be used; `field` names the input it came from."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def text_of(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def parse_day(value, *, name: str = "date", today: dt.date | None = None) -> dt.date:
    """YYYY-MM-DD (or a date); a day that has not come yet is refused: records are what happened."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        text = text_of(value)
        match = DAY_TEXT.match(text.split(" ")[0].split("T")[0])
        try:
            day = dt.date(*(int(p) for p in match.groups())) if match else None
        except ValueError:
            day = None
        if day is None:
            if not text:
                raise FieldError(name, _("Give the date."))
            raise FieldError(name, _("“%(value)s” is not a day: write it as YYYY-MM-DD.") % {"value": text[:20]})
    if day > (today or timezone.localdate()):
        raise FieldError(name, _("%(day)s has not come yet.") % {"day": day.isoformat()})
    return day


def parse_number(value, *, name: str, places: Decimal = QTY, limit: Decimal = LIMIT) -> Decimal:
    """A finite, non-negative number (thousands separators allowed), rounded half up to `places`."""
    if isinstance(value, bool) or value is None or value == "":
        raise FieldError(name, _("Give a number."))
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FieldError(name, _("“%(value)s” is not a number.") % {"value": text[:40]}) from None
    if not number.is_finite():
        raise FieldError(name, _("“%(value)s” is not a number.") % {"value": text[:40]})
    if number < 0:
        raise FieldError(name, _("Give a number of zero or more."))
    if number > limit:
        raise FieldError(name, _("%(value)s is too large.") % {"value": text[:40]})
    return number.quantize(places, rounding=ROUND_HALF_UP)


def parse_shift(value) -> str:
    text = text_of(value).upper()
    if text not in SHIFTS:
        raise FieldError("shift", _("Give the shift: A, B, C or D."))
    return text


class PriceBook:
    """Every price version of some items, read in one query; `price(item_id, day)` is the version in force."""

    def __init__(self, item_ids):
        self._dates: dict[int, list[dt.date]] = {}
        self._prices: dict[int, list[Decimal]] = {}
        item_ids = set(item_ids)
        if not item_ids:
            return
        rows = ItemPrice.objects.filter(item_id__in=item_ids).order_by("item_id", "effective_from")
        for item_id, start, price in rows.values_list("item_id", "effective_from", "price"):
            self._dates.setdefault(item_id, []).append(start)
            self._prices.setdefault(item_id, []).append(price)

    def merge(self, other: PriceBook) -> None:
        self._dates.update(other._dates)
        self._prices.update(other._prices)

    def price(self, item_id: int, day: dt.date) -> Decimal | None:
        dates = self._dates.get(item_id)
        if not dates:
            return None
        index = bisect.bisect_right(dates, day) - 1
        return self._prices[item_id][index] if index >= 0 else None


@dataclass
class LineIn:
    """An item's quantity at its price; `amount` is signed: + for an output, − for an input."""

    item: Item
    quantity: Decimal
    price: Decimal
    amount: Decimal = field(init=False)

    def __post_init__(self):
        self.amount = (self.quantity * self.price).quantize(MONEY, rounding=ROUND_HALF_UP) * self.item.sign


@dataclass
class RecordIn:
    """A checked record, ready to write: values computed at the prices of its date."""

    number: int
    unit: AccountingUnit
    date: dt.date
    shift: str
    hours: Decimal
    lines: list[LineIn] = field(default_factory=list)

    @cached_property
    def key(self) -> tuple:
        return (self.unit.pk, self.date, self.shift)  # read several times per row by an import: computed once

    @cached_property
    def output_value(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.amount > 0), Decimal("0.0000"))

    @cached_property
    def input_value(self) -> Decimal:
        return -sum((ln.amount for ln in self.lines if ln.amount < 0), Decimal("0.0000"))

    @cached_property
    def value(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), Decimal("0.0000"))

    @property
    def value_per_hour(self) -> Decimal | None:
        return (self.value / self.hours).quantize(HOURS, rounding=ROUND_HALF_UP) if self.hours else None

    def quantities(self) -> dict[str, str]:
        return {ln.item.code: str(ln.quantity) for ln in self.lines}


def row_error(number: int, field: str, message: str) -> dict:
    return {"row": number, "field": field, "message": message}


class Catalogue:
    """The units, items, group items and prices a batch names, each read once. Given an `actor`, only the teams of
    the actor's companies are found (another company's team reads as unknown, dangjian/org/tenancy.py)."""

    def __init__(self, unit_codes: set[str], item_codes: set[str], *, actor=None):
        self.actor = actor
        self.units: dict = {}
        self.items: dict = {}
        self.allowed: set = set()
        self.prices = PriceBook([])
        self.today = timezone.localdate()
        self.days: dict = {}  # the same few dates recur on every row of a batch: parse each once
        # A record's unit, date, shift and hours, checked once however many rows (items) name them.
        self.heads: dict = {}
        self.extend(unit_codes, item_codes)

    def day(self, value) -> dt.date:
        key = value if isinstance(value, (str, dt.date)) else repr(value)
        found = self.days.get(key)
        if found is None:
            found = self.days[key] = parse_day(value, today=self.today)
        return found

    def extend(self, unit_codes: set[str], item_codes: set[str]) -> None:
        """Read the codes not read yet (an import reads its file chunk by chunk)."""
        unit_codes, item_codes = set(unit_codes) - set(self.units), set(item_codes) - set(self.items)
        if not unit_codes and not item_codes:
            return
        found = AccountingUnit._base_manager.select_related("unit", "group", "org").filter(unit__code__in=unit_codes)
        if self.actor is not None:
            found = found.filter(tenancy.unit_q(self.actor, "unit__path"))
        new_units = {u.unit.code: u for u in found}
        new_items = {i.code: i for i in Item.objects.filter(code__in=item_codes)}
        self.units.update(new_units)
        self.items.update(new_items)
        groups = {u.group_id for u in new_units.values()} - {g for g, _i in self.allowed}
        self.allowed |= set(GroupItem.objects.filter(group_id__in=groups).values_list("group_id", "item_id"))
        self.prices.merge(PriceBook(i.pk for i in new_items.values()))


_PLAIN = (str, int, float, Decimal, dt.date, type(None))


def _key(value):
    """A value as a dict key that tells apart what the checks tell apart (1 from True, a list from its text)."""
    return (value.__class__, value) if value.__class__ in _PLAIN else (None, repr(value))


def record_head(raw: dict, catalogue: Catalogue) -> tuple:
    """(unit, {date, shift, hours that parse}, [(field, message)]) of a record's unit, date, shift and hours."""
    key = (_key(raw.get("unit")), _key(raw.get("date")), _key(raw.get("shift")), _key(raw.get("hours")))
    found = catalogue.heads.get(key)
    if found is not None:
        return found
    problems: list[tuple[str, str]] = []
    code = text_of(raw.get("unit"))
    unit = catalogue.units.get(code)
    if unit is None:
        message = (
            _("Give the unit code.") if not code else _("There is no accounting unit “%(code)s”.") % {"code": code[:40]}
        )
        problems.append(("unit", message))
    elif not unit.active:
        problems.append(("unit", _("%(name)s no longer takes part.") % {"name": unit.unit.name}))
    parsed: dict = {}
    readers = {
        "date": catalogue.day,
        "shift": parse_shift,
        "hours": lambda v: parse_number(v, name="hours", places=HOURS, limit=MAX_HOURS),
    }
    for name, reader in readers.items():
        try:
            parsed[name] = reader(raw.get(name))
        except FieldError as exc:
            problems.append((exc.field, exc.message))
    found = catalogue.heads[key] = (unit, parsed, problems)
    return found


def check_record(raw: dict, number: int, catalogue: Catalogue) -> tuple[RecordIn | None, list[dict]]:
    """One raw record → a RecordIn, or the errors of its cells."""
    unit, parsed, problems = record_head(raw, catalogue)
    errors: list[dict] = [row_error(number, field, message) for field, message in problems]
    day, shift, hours = parsed.get("date"), parsed.get("shift"), parsed.get("hours")
    lines: list[LineIn] = []
    seen: set[str] = set()
    items = raw.get("items") or []
    if not items:
        errors.append(row_error(number, "items", _("Give at least one item with its quantity.")))
    for position, entry in enumerate(items, start=1):
        entry = entry if isinstance(entry, dict) else {}
        name = f"items.{position}"
        item_code = text_of(entry.get("item"))
        item = catalogue.items.get(item_code)
        if item is None:
            message = (
                _("Give the item code.")
                if not item_code
                else _("There is no item “%(code)s”.") % {"code": item_code[:40]}
            )
            errors.append(row_error(number, f"{name}.item", message))
            continue
        if item_code in seen:
            errors.append(row_error(number, f"{name}.item", _("%(item)s is given twice.") % {"item": item.name}))
            continue
        seen.add(item_code)
        if unit is not None and (unit.group_id, item.pk) not in catalogue.allowed:
            errors.append(
                row_error(
                    number,
                    f"{name}.item",
                    _("%(item)s is not accounted by %(group)s.") % {"item": item.name, "group": unit.group.name},
                )
            )
            continue
        try:
            quantity = parse_number(entry.get("quantity"), name=f"{name}.quantity")
        except FieldError as exc:
            errors.append(row_error(number, exc.field, exc.message))
            continue
        price = catalogue.prices.price(item.pk, day) if day else None
        if day is not None and price is None:
            errors.append(
                row_error(
                    number,
                    f"{name}.item",
                    _("%(item)s has no price on %(day)s yet.") % {"item": item.name, "day": day.isoformat()},
                )
            )
            continue
        if price is not None:
            lines.append(LineIn(item, quantity, price))
    if hours is not None and hours == 0 and any(ln.item.sign > 0 and ln.quantity > 0 for ln in lines):
        # Integrity: value with no hours would be infinitely productive and would raise every per-hour figure it
        # is summed into (a good day reported with 0 hours lifts the month), so it is refused, not ranked apart.
        errors.append(
            row_error(
                number,
                "hours",
                _(
                    "There is output but 0 hours worked. Give the person-hours the shift worked (e.g. 12 people × 8 "
                    "hours = 96)."
                ),
            )
        )
    if errors:
        return None, errors
    return RecordIn(number, unit, day, shift, hours, lines), []


def check_records(rows: list[dict], *, actor=None) -> tuple[list[RecordIn], list[dict]]:
    """Check a batch; a key (unit, date, shift) given twice is an error on the second row. Given an `actor`, a team
    of another company refuses the whole batch as not found (404) before any row is judged: no message about it
    (its peer group, its items) reaches the caller."""
    units = {text_of(r.get("unit")) for r in rows} - {""}
    items = {text_of(e.get("item")) for r in rows for e in (r.get("items") or []) if isinstance(e, dict)} - {""}
    catalogue = Catalogue(units, items)
    if actor is not None:
        tenancy.require_company(actor, [u.unit for u in catalogue.units.values()])
    good, errors, seen = [], [], {}
    for position, raw in enumerate(rows, start=1):
        number = raw.get("row") or position
        record, found = check_record(raw, number, catalogue)
        if found:
            errors.extend(found)
            continue
        if record.key in seen:
            errors.append(
                row_error(
                    number,
                    "shift",
                    _("Row %(other)s already gives %(unit)s on %(day)s, shift %(shift)s.")
                    % {"other": seen[record.key], "unit": record.unit.code, "day": record.date, "shift": record.shift},
                )
            )
            continue
        seen[record.key] = number
        good.append(record)
    return good, errors


# ---------------------------------------------------------------- outliers

RANGE_DAYS = 30
RANGE_MIN_RECORDS = 5


@dataclass(frozen=True)
class Range:
    """A team's own value per hour over its recent records: lowest, highest, mean and how many records."""

    low: Decimal
    high: Decimal
    mean: Decimal
    count: int

    @property
    def spread(self) -> Decimal:
        # Never narrower than half the mean: a steady team must not be flagged for an ordinary good day.
        return max(self.high - self.low, abs(self.mean) / 2)

    def outside(self, value_per_hour: Decimal | None) -> bool:
        """Far outside: more than one spread above the highest or below the lowest of the team's recent days."""
        if value_per_hour is None or self.count < RANGE_MIN_RECORDS:
            return False
        return value_per_hour > self.high + self.spread or value_per_hour < self.low - self.spread


def outlier_ranges(unit_ids, before: dt.date) -> dict[int, Range]:
    """Each unit's range over the RANGE_DAYS before `before` (records with hours, unconfirmed outliers left out).
    One grouped query for the whole batch."""
    from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F, Max, Min, Q

    from dangjian.value.models import DailyRecord

    unit_ids = set(unit_ids)
    if not unit_ids:
        return {}
    rate = ExpressionWrapper(F("value") / F("hours"), output_field=DecimalField(max_digits=24, decimal_places=6))
    rows = (
        DailyRecord.objects.filter(
            unit_id__in=unit_ids, date__gte=before - dt.timedelta(days=RANGE_DAYS), date__lt=before, hours__gt=0
        )
        .exclude(Q(outlier=True) & Q(confirmed_at__isnull=True))
        .values("unit_id")
        .annotate(low=Min(rate), high=Max(rate), mean=Avg(rate), count=Count("id"))
    )
    found = {}
    for row in rows:
        low, high, mean = (Decimal(str(row[k])) for k in ("low", "high", "mean"))
        found[row["unit_id"]] = Range(low, high, mean, row["count"])
    return found
