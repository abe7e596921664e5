from dangjian.boards.views.board import board_home, org_board, org_board_data, project_kiosk, project_kiosk_data

__all__ = ["board_home", "org_board", "org_board_data", "project_kiosk", "project_kiosk_data"]
