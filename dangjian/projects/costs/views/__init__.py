"""Cost-reduction programme pages: the list, a programme with its monthly results and chart, its items, and the
monthly performance-pay export."""

from dangjian.projects.costs.views.items import item_add, item_edit, item_remove
from dangjian.projects.costs.views.programmes import (
    programme_create,
    programme_detail,
    programme_edit,
    programme_list,
    results_export,
)

__all__ = [
    "item_add",
    "item_edit",
    "item_remove",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_list",
    "results_export",
]
