"""Pages of the assessment and the key-task list."""

from dangjian.assessment.views.keytasks import (
    board,
    keytask,
    keytask_close,
    keytask_create,
    keytask_decide,
    ranking,
)
from dangjian.assessment.views.periods import (
    index,
    pay_export,
    period,
    period_lock,
    period_open,
    production,
    rankings,
)
from dangjian.assessment.views.sheets import line_deduct, line_save, sheet, sheet_move, sheet_pdf
from dangjian.assessment.views.templates import template, template_export

__all__ = [
    "board",
    "index",
    "keytask",
    "keytask_close",
    "keytask_create",
    "keytask_decide",
    "line_deduct",
    "line_save",
    "pay_export",
    "period",
    "period_lock",
    "period_open",
    "production",
    "ranking",
    "rankings",
    "sheet",
    "sheet_move",
    "sheet_pdf",
    "template",
    "template_export",
]
