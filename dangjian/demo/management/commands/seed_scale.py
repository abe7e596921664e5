"""`manage.py seed_scale`: a group-scale data set for benchmarks (default 6,000 orgs, 200,000 people), bulk-inserted.
Not for production databases: it adds a whole fictitious group under its own root org (code GRP by default)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangjian.demo.scale import seed_scale
from dangjian.org.models import PartyOrg


class Command(BaseCommand):
    help = "Bulk-load a group-scale data set (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=6000, help="Party organisations (default 6000).")
        parser.add_argument("--people", type=int, default=200_000, help="People (default 200000).")
        parser.add_argument("--root", default="GRP", help="Code of the group's root org (default GRP).")

    def handle(self, *args, orgs, people, root, **options):
        if orgs < 4 or people < 1:
            raise CommandError("Give at least 4 orgs and 1 person.")
        if PartyOrg.objects.filter(code=root).exists():
            self.stdout.write(f"A group with root {root} is already loaded; nothing to do.")
            return
        started = time.monotonic()

        def progress(message):
            self.stdout.write(f"  {time.monotonic() - started:6.1f} s  {message}")

        result = seed_scale(root=root, orgs=orgs, people=people, today=timezone.localdate(), progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.orgs} party organisations, {result.units} units, {result.people} people and"
                f" {result.history} status-history rows in {time.monotonic() - started:.1f} s."
            )
        )
