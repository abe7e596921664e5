"""Writes for points and stars. The integration hooks other capabilities call are `auto_award` and `auto_withdraw`."""

from dangjian.points.services.auto import auto_award, auto_withdraw, sources_in_force
from dangjian.points.services.bulk import Fact, auto_award_many
from dangjian.points.services.ledger import (
    appeal_create,
    appeal_decide,
    entry_approve,
    entry_create,
    entry_reject,
    entry_reverse,
    rule_for,
)
from dangjian.points.services.rules import defaults_install, rule_create, rule_new_version, rule_retire
from dangjian.points.services.stars import (
    CriterionSpec,
    appraisal_record,
    branch_rate,
    branch_template_save,
    member_stars_compute,
    policy_save,
)

__all__ = [
    "CriterionSpec",
    "Fact",
    "auto_award_many",
    "appeal_create",
    "appeal_decide",
    "appraisal_record",
    "auto_award",
    "auto_withdraw",
    "branch_rate",
    "branch_template_save",
    "defaults_install",
    "entry_approve",
    "entry_create",
    "entry_reject",
    "entry_reverse",
    "member_stars_compute",
    "policy_save",
    "rule_create",
    "rule_for",
    "rule_new_version",
    "rule_retire",
    "sources_in_force",
]
