from dangjian.projects.boards.views.board import (
    board_home,
    org_board,
    org_board_data,
    project_kiosk,
    project_kiosk_data,
)
from dangjian.projects.boards.views.compilations import compilation_detail, compilation_download, compilation_list

__all__ = [
    "board_home",
    "compilation_detail",
    "compilation_download",
    "compilation_list",
    "org_board",
    "org_board_data",
    "project_kiosk",
    "project_kiosk_data",
]
