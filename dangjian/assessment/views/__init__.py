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
from dangjian.assessment.views.templates import (
    category_add,
    category_change,
    item_add,
    item_change,
    item_edit,
    template,
    template_copy,
    template_create,
    template_export,
)

__all__ = [
    "board",
    "category_add",
    "category_change",
    "index",
    "item_add",
    "item_change",
    "item_edit",
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
    "template_copy",
    "template_create",
    "template_export",
]
