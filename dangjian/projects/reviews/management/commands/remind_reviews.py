"""manage.py remind_reviews [--today YYYY-MM-DD] [--queue]: remind secretaries of monthly reviews not yet submitted."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from dangjian.projects.reviews import services, tasks


class Command(BaseCommand):
    help = "Record (and e-mail) reminders for last month's project reviews not yet submitted. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--queue", action="store_true", help="Hand the work to the task worker and return.")

    def handle(self, *args, today=None, queue=False, **options):
        if today:
            try:
                dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD") from exc
        if queue:
            tasks.remind_reviews(today)
            self.stdout.write("Queued.")
            return
        day = dt.date.fromisoformat(today) if today else None
        count = services.reminders_send(today=day)
        self.stdout.write(f"{count} new reminder(s).")
