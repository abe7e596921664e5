"""Value accounting pages: the ranking board (kiosk), the team leader's daily entry, a team's page, the monthly
summary, a record with its revisions, and the .xlsx exports."""

from dangjian.value.views.board import board, board_export, board_rows, day_lock
from dangjian.value.views.entry import entry, record_detail
from dangjian.value.views.setup import record_confirm, setup, winners
from dangjian.value.views.summary import monthly, monthly_export, overview
from dangjian.value.views.team import team

__all__ = [
    "board",
    "board_export",
    "board_rows",
    "day_lock",
    "entry",
    "monthly",
    "monthly_export",
    "overview",
    "record_confirm",
    "record_detail",
    "setup",
    "team",
    "winners",
]
