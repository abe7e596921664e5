"""`manage.py seed_indicators`: the demo company's indicator catalogue, series, targets and 2022 cost programme.
Needs the demo company (seed_demo calls it); running it again writes only the days since the last run."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangjian.core.errors import DomainError
from dangjian.demo.indicators import seed_indicators
from dangjian.demo.progress import phase_atomic


class Command(BaseCommand):
    help = "Load the demo company's indicators: catalogue, series from 2020-01 with the project effects, targets."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Seed up to the day before this one (YYYY-MM-DD) instead of today.")

    def handle(self, *args, today=None, **options):
        anchor = dt.date.fromisoformat(today) if today else timezone.localdate()
        started = time.monotonic()
        try:
            with phase_atomic():
                counts = seed_indicators(today=anchor)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
        if counts.get("skipped"):
            self.stdout.write("The demo company is not loaded (run seed_demo); no indicators seeded.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Indicators: {counts['created']} values added, {counts['updated']} changed, "
                f"{counts['unchanged']} already there; {counts['targets']} targets set"
                f"{'; the 2022 cost programme created' if counts['programme'] else ''}"
                f" in {time.monotonic() - started:.1f} s."
            )
        )
