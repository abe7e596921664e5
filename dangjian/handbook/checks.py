"""The checks that prove a step from the records, so nothing is ticked by hand that the data already shows.

A procedure step names at most one check (`ProcedureItem.proof`); a responsibility item too (`DutyItem.proof`).
Meeting checks read a meeting already loaded with its attendance, follow-up actions and attachments (the meeting
page's prefetch: no query); election checks read what `ElectionFacts` holds (two queries per page); duty checks
count records of the item's owner or org in the list's year (selectors.duty_rows, a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


def _attendance(m) -> bool:
    return bool(m.attendance.all())


def _quorum(m) -> bool:
    voting = [r for r in m.attendance.all() if r.voting]
    present = sum(1 for r in voting if r.status == "present")
    return bool(voting) and 2 * present > len(voting)


def _actions_done(m) -> bool:
    actions = list(m.follow_ups.all())
    return bool(actions) and all(a.done_on for a in actions)


def _recorded(key: str):
    """A tick given on the meeting form itself (meetings' own checklist): entered once, reused here."""
    return lambda m: bool((m.checklist or {}).get(key))


# key: (label, test(meeting) -> bool)
MEETING_CHECKS = {
    "agenda": (_("the agenda is recorded"), lambda m: bool((m.agenda or "").strip())),
    "host_recorder": (_("the host and the recorder are named"), lambda m: bool(m.host_id and m.recorder_id)),
    "lecturer": (_("the lecturer is named"), lambda m: bool(m.lecturer_id)),
    "attendance": (_("attendance is taken"), _attendance),
    "quorum": (_("more than half of the voting members are present"), _quorum),
    "minutes": (_("the minutes are written"), lambda m: bool((m.minutes or "").strip())),
    "actions": (_("actions are assigned to people with due dates"), lambda m: bool(m.follow_ups.all())),
    "actions_done": (_("every action is done"), _actions_done),
    "attachment": (_("a file (sign-in sheet, slides) is kept"), lambda m: bool(m.attachments.all())),
    "recorded_prepared": (_("ticked on the meeting record: prepared"), _recorded("prepared")),
    "recorded_studied": (_("ticked on the meeting record: studied"), _recorded("studied")),
    "recorded_discussed": (_("ticked on the meeting record: discussed"), _recorded("discussed")),
}


@dataclass
class ElectionFacts:
    """What the records say about an org's 换届 for the term ending `term_end`."""

    org_term_end: dt.date | None
    term_end: dt.date
    assemblies: list = field(default_factory=list)  # 党员大会 with a vote in the election window

    def renewed(self) -> bool:
        return bool(self.org_term_end and self.org_term_end > self.term_end)


ELECTION_CHECKS = {
    "election_assembly": (
        _("a general assembly with a vote is recorded"),
        lambda f: bool(f.assemblies),
    ),
    "term_renewed": (_("the new term is recorded on the organisation"), lambda f: f.renewed()),
}

CHECKS = {**MEETING_CHECKS, **ELECTION_CHECKS}


class DutyCheck(models.TextChoices):
    """Duty checks: counted over the list's year for the item's owner (or, `org_*`, the list's org)."""

    LECTURES_GIVEN = "lectures_given", _("party lectures given (as lecturer)")
    MEETINGS_HOSTED = "meetings_hosted", _("meetings hosted")
    MEETINGS_ATTENDED = "meetings_attended", _("organisational life attended")
    ACTIONS_DONE = "actions_done", _("meeting actions done on time")
    ORG_GENERAL_ASSEMBLY = "org_general_assembly", _("general assemblies held by the organisation")
    ORG_COMMITTEE = "org_committee", _("committee meetings held by the organisation")
    ORG_REVIEW = "org_review", _("organisational life meetings held by the organisation")
    ORG_TALK = "org_talk", _("heart-to-heart talks held by the organisation")


DUTY_CHECKS = dict(DutyCheck.choices)


def check_label(key: str) -> str:
    if key in CHECKS:
        return str(CHECKS[key][0])
    return str(DUTY_CHECKS.get(key, ""))


def meeting_check(key: str, meeting) -> bool | None:
    """True/False when `key` is a meeting check, None when the step is ticked by hand."""
    if key in MEETING_CHECKS:
        return MEETING_CHECKS[key][1](meeting)
    return None


def election_check(key: str, facts: ElectionFacts) -> bool | None:
    if key in ELECTION_CHECKS:
        return ELECTION_CHECKS[key][1](facts)
    return None


# The short Chinese names the office types for a check in the step lines (forms.parse_steps), beside the codes the
# API takes; the step lines show these, so a Chinese page carries no code words.
CHECK_WORDS = {
    "agenda": "议程",
    "host_recorder": "主持记录人",
    "lecturer": "授课人",
    "attendance": "签到",
    "quorum": "过半数到会",
    "minutes": "会议记录",
    "actions": "定人定责",
    "actions_done": "落实销号",
    "attachment": "附件",
    "recorded_prepared": "勾选会前准备",
    "recorded_studied": "勾选集体学习",
    "recorded_discussed": "勾选交流研讨",
    "election_assembly": "选举大会",
    "term_renewed": "新任期",
}
CHECK_BY_WORD = {word: key for key, word in CHECK_WORDS.items()}
