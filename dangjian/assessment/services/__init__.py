"""Writes of the assessment and the key-task list: each checks standing or permission, validates, saves and writes
its audit row in one transaction."""

from dangjian.assessment.services.keytasks import (
    keytask_cancel,
    keytask_close,
    keytask_confirm,
    keytask_create,
    keytask_restore,
    keytask_return,
    keytask_update,
    keytask_upsert,
)
from dangjian.assessment.services.periods import (
    line_deduct,
    line_self_save,
    period_lock,
    period_open,
    period_unlock,
    sheet_deductions,
    sheet_self_assess,
    sheet_transition,
)
from dangjian.assessment.services.results import (
    may_set_production,
    pay_export_audit,
    production_score_set,
    production_scores_set,
)
from dangjian.assessment.services.templates import (
    category_create,
    category_update,
    item_create,
    item_update,
    item_upsert,
    template_copy,
    template_create,
    template_update,
)

__all__ = [
    "category_create",
    "category_update",
    "item_create",
    "item_update",
    "item_upsert",
    "keytask_cancel",
    "keytask_close",
    "keytask_confirm",
    "keytask_create",
    "keytask_restore",
    "keytask_return",
    "keytask_update",
    "keytask_upsert",
    "line_deduct",
    "line_self_save",
    "pay_export_audit",
    "period_lock",
    "period_open",
    "period_unlock",
    "may_set_production",
    "production_score_set",
    "production_scores_set",
    "sheet_deductions",
    "sheet_self_assess",
    "sheet_transition",
    "template_copy",
    "template_create",
    "template_update",
]
