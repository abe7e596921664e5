"""The time rules of recruitment (发展党员工作细则, 2014; numbers in shared/DOMAIN.md), as small pure functions that the
services enforce and the pages, the home page and the API read. Each says which way it goes:

- refused (InvalidInput from the service): an applicant under 18; an activist designated candidate before a full year;
  introducers who are not two different full members, or who are declared relatives; training under 3 days and under
  24 hours; an admission or conversion vote without a quorum or without more than half of the voting members for it;
  approval more than 6 months after the vote; conversion before the probation year (with its extension) is over; an
  extension that is not 6–12 months, or a second one;
- warned (shown, never refused): the talk later than a month after the application; an activist not reviewed for six
  months; approval later than 3 months after the vote; conversion not discussed when probation ended.

Months are calendar months (`add_months`): 31 January + 1 month is the last day of February."""

from __future__ import annotations

import calendar
import datetime as dt

MIN_AGE = 18
TALK_MONTHS = 1
REVIEW_MONTHS = 6
ACTIVIST_MONTHS = 12
TRAINING_DAYS = 3
TRAINING_HOURS = 24
APPROVAL_MONTHS = 3
APPROVAL_MAX_MONTHS = 6
PROBATION_MONTHS = 12
EXTENSION_MIN, EXTENSION_MAX = 6, 12
UPCOMING_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def old_enough(birth: dt.date, day: dt.date) -> bool:
    """A person may apply on their 18th birthday or later."""
    return age_on(birth, day) >= MIN_AGE


def talk_due(applied_on: dt.date) -> dt.date:
    return add_months(applied_on, TALK_MONTHS)


def review_due(last: dt.date) -> dt.date:
    """The next half-yearly review of an activist (or probationary member), from the designation or the last review."""
    return add_months(last, REVIEW_MONTHS)


def candidate_earliest(activist_on: dt.date) -> dt.date:
    """An activist becomes a candidate after at least a full year: on the first anniversary or later."""
    return add_months(activist_on, ACTIVIST_MONTHS)


def training_enough(days: int | None, hours) -> bool:
    return (days or 0) >= TRAINING_DAYS or (hours or 0) >= TRAINING_HOURS


def approval_due(vote_on: dt.date) -> dt.date:
    return add_months(vote_on, APPROVAL_MONTHS)


def approval_latest(vote_on: dt.date) -> dt.date:
    return add_months(vote_on, APPROVAL_MAX_MONTHS)


def probation_end(vote_on: dt.date, extension_months: int | None = None) -> dt.date:
    """Probation runs a year from the day the branch general assembly admitted the person, plus any extension."""
    return add_months(vote_on, PROBATION_MONTHS + (extension_months or 0))


def vote_carried(votes_for: int, voting: int) -> bool:
    """A resolution on admission or conversion needs more than half of the voting (full) members for it."""
    return 2 * votes_for > voting


def surname(name: str) -> str:
    """The family name as far as we can tell from the written name: a two-character compound surname (欧阳, 司马 …) or
    the first character. Used only to ask for a declaration, never to decide on its own."""
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound):
            return compound
    return name[:1]


COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "长孙",
    "宇文",
    "夏侯",
    "轩辕",
)
