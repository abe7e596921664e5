"""Grants on "panel" (scoring as an acceptance panel member), merged into core.permissions.GRANTS (see
core/capabilities.py)."""

from dangjian.core.permissions import CHANGE, VIEW, Role

GRANTS = {Role.PANEL_MEMBER: {"panel": frozenset({VIEW, CHANGE})}}
