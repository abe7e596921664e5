"""Background work of value accounting: a team's daily totals go to the production indicators (最多报一次)."""

from __future__ import annotations

from dangjian.core.tasks import task


@task()
def sync_indicators(pairs: list[tuple[int, str]]) -> None:
    """Write each (accounting unit, day)'s value and hours as indicator values (source value_accounting)."""
    from dangjian.value.indicators import push_days

    push_days(pairs)
