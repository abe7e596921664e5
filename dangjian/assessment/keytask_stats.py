"""Key-task arithmetic free of the database: due dates that fall on a day a month lacks, overdue at a day's end, and
the monthly completion ranking of branches.

- A due date written as a month ("2022-04") or as a day the month lacks ("the 31st" of April) is that month's last
  day (2022-04-30; February 28, or 29 in a leap year).
- Overdue at the end of a day: not completed by then and the due date is before that day (a task due today is not
  overdue yet; due on the 31st it is overdue from the 1st of the next month).
- Completion of a branch in a month: of its tasks due by the end of that month (the year so far), the share completed
  (closure accepted, submitted no later than the due date) by the end of the month. A task completed late counts as
  done but not on time, and one not done by the month's end is overdue (the month is over, so even one due on its
  last day); ranks are competition ranks on the rate (1, 2, 2, 4).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dangjian.core import months
from dangjian.projects.acceptance.scoring import competition_ranks


def due_in(year: int, month: int, day: int | None = None) -> dt.date:
    """The due date for a day of a month, clamped to the month's last day (no day: the last day)."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day or last, last))


def overdue(task, day: dt.date) -> bool:
    return task.overdue_on(day)


@dataclass
class Completion:
    """One branch's line in the month's ranking."""

    org_id: int
    due: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    rank: int | None = None

    @property
    def rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(100) * self.on_time / self.due).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def completion(tasks: Iterable, month: dt.date, org_of) -> dict[int, Completion]:
    """{org id: Completion} at the end of `month` for the tasks of its year due by then; `org_of(task)` names the
    branch a task counts for."""
    end = months.last_day(month)
    result: dict[int, Completion] = defaultdict(lambda: Completion(0))
    for task in tasks:
        if task.due_on > end or task.due_on.year != month.year:
            continue
        org_id = org_of(task)
        line = result[org_id]
        line.org_id = org_id
        line.due += 1
        if task.completed_on is not None and task.completed_on <= end:
            line.done += 1
            line.on_time += task.completed_on <= task.due_on
        else:  # the month is over: a task due on its last day and not done is missed too
            line.overdue += 1
    ranks = competition_ranks({k: v.rate for k, v in result.items() if v.rate is not None})
    for key, line in result.items():
        line.rank = ranks.get(key)
    return dict(result)
