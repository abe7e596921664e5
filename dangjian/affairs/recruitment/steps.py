"""The national standard of recruitment (发展党员工作细则, 2014): 5 stages, 25 steps, as data.

Each step says its stage, its number (the national order), who acts, what record it produces, the party status the
person reaches when it is done (if any) and whether it is repeated (the education and review of activists and of
probationary members is recorded every six months, several times). The national table is code, not a database row:
it is the same for every company and versioned with the rules that read it, so no install can reorder or lose a
step. A company adds its own sub-steps after a national step (models.LocalStep); they sit between two national
steps and never move them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class Actor:
    APPLICANT = "applicant"
    BRANCH = "branch"
    BRANCH_COMMITTEE = "branch_committee"
    BRANCH_ASSEMBLY = "branch_assembly"
    HIGHER_COMMITTEE = "higher_committee"
    ORGANISATION_DEPT = "organisation_dept"


ACTOR_LABELS = {
    Actor.APPLICANT: _("the applicant"),
    Actor.BRANCH: _("the branch"),
    Actor.BRANCH_COMMITTEE: _("the branch committee"),
    Actor.BRANCH_ASSEMBLY: _("the branch general assembly"),
    Actor.HIGHER_COMMITTEE: _("the higher party committee"),
    Actor.ORGANISATION_DEPT: _("the organisation department above"),
}
# Steps these actors take are recorded by someone holding the recruitment grant over the committee above the branch
# (党群工作部 or the committee's own officers), never by the branch alone: a branch does not approve its own candidate.
HIGHER = frozenset({Actor.HIGHER_COMMITTEE, Actor.ORGANISATION_DEPT})

STAGES = {
    1: _("Application"),
    2: _("Activist: designation and training"),
    3: _("Candidate: designation and review"),
    4: _("Admission as probationary member"),
    5: _("Probation and conversion"),
}


@dataclass(frozen=True)
class Step:
    code: str
    number: int
    stage: int
    name: str
    actor: str
    record: str
    status: str = ""  # the PartyStatus reached when the step is done
    repeatable: bool = False
    vote: bool = False  # decided by a branch general assembly (a meeting with a quorum)

    @property
    def actor_label(self):
        return ACTOR_LABELS[self.actor]

    @property
    def stage_label(self):
        return STAGES[self.stage]


S = Step
NATIONAL = [
    S("apply", 1, 1, _("Written application to join the party"), Actor.APPLICANT, _("application letter"), "applicant"),
    S("talk", 2, 1, _("Talk with the applicant (within one month)"), Actor.BRANCH, _("talk record")),
    S(
        "activist",
        3,
        2,
        _("Recommendation and designation as activist"),
        Actor.BRANCH_COMMITTEE,
        _("recommendation and committee minutes"),
        "activist",
    ),
    S("activist_filed", 4, 2, _("Activist filed with the higher committee"), Actor.HIGHER_COMMITTEE, _("filing form")),
    S("contacts", 5, 2, _("One or two members named as contacts"), Actor.BRANCH_COMMITTEE, _("contact assignment")),
    S(
        "activist_review",
        6,
        2,
        _("Education and review of the activist (every six months)"),
        Actor.BRANCH,
        _("half-yearly review"),
        repeatable=True,
    ),
    S(
        "candidate",
        7,
        3,
        _("Designation as candidate (after a year as activist)"),
        Actor.BRANCH_COMMITTEE,
        _("committee minutes"),
        "candidate",
    ),
    S(
        "candidate_filed",
        8,
        3,
        _("Candidate filed with the higher committee"),
        Actor.HIGHER_COMMITTEE,
        _("filing form"),
    ),
    S(
        "introducers",
        9,
        3,
        _("Two full members named as introducers"),
        Actor.BRANCH_COMMITTEE,
        _("introducers' record"),
    ),
    S("political_review", 10, 3, _("Political review"), Actor.BRANCH_COMMITTEE, _("political review report")),
    S(
        "training",
        11,
        3,
        _("Concentrated training (at least 3 days or 24 hours)"),
        Actor.HIGHER_COMMITTEE,
        _("training certificate"),
    ),
    S(
        "committee_review",
        12,
        4,
        _("Review by the branch committee"),
        Actor.BRANCH_COMMITTEE,
        _("committee review opinion"),
    ),
    S(
        "pre_review",
        13,
        4,
        _("Pre-review by the higher committee, with public notice"),
        Actor.HIGHER_COMMITTEE,
        _("public notice and pre-review opinion"),
    ),
    S("application_form", 14, 4, _("Application form (入党志愿书) filled in"), Actor.APPLICANT, _("application form")),
    S(
        "admission_vote",
        15,
        4,
        _("Branch general assembly votes on admission"),
        Actor.BRANCH_ASSEMBLY,
        _("assembly resolution"),
        vote=True,
    ),
    S("higher_talk", 16, 4, _("Talk by the higher committee"), Actor.HIGHER_COMMITTEE, _("talk record")),
    S(
        "approval",
        17,
        4,
        _("Approval by the higher committee (within 3 months)"),
        Actor.HIGHER_COMMITTEE,
        _("approval letter"),
        "probationary",
    ),
    S(
        "approval_filed",
        18,
        4,
        _("Filed with the organisation department above"),
        Actor.ORGANISATION_DEPT,
        _("filing form"),
    ),
    S("placed", 19, 5, _("Placed in the branch and a party group"), Actor.BRANCH, _("placement")),
    S("oath", 20, 5, _("Admission oath"), Actor.BRANCH, _("oath record")),
    S(
        "probation_review",
        21,
        5,
        _("Education and review during probation"),
        Actor.BRANCH,
        _("half-yearly review"),
        repeatable=True,
    ),
    S("conversion_request", 22, 5, _("Written request for conversion"), Actor.APPLICANT, _("conversion request")),
    S(
        "conversion_vote",
        23,
        5,
        _("Branch general assembly votes on conversion"),
        Actor.BRANCH_ASSEMBLY,
        _("assembly resolution"),
        vote=True,
    ),
    S(
        "conversion_approval",
        24,
        5,
        _("Conversion approved by the higher committee"),
        Actor.HIGHER_COMMITTEE,
        _("approval letter"),
        "member",
    ),
    S("archived", 25, 5, _("Records filed in the personal file"), Actor.BRANCH, _("archive receipt")),
]
del S
BY_CODE = {s.code: s for s in NATIONAL}
CODES = [s.code for s in NATIONAL]
CHOICES = [(s.code, s.name) for s in NATIONAL]


def step(code: str) -> Step:
    return BY_CODE[code]
