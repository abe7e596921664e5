"""Transfers of party membership (组织关系转接) and floating members (流动党员)."""
