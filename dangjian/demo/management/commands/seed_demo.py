"""`manage.py seed_demo`: the demo company 旗能电铝, built through the services as SYSTEM. Running it again changes
nothing (the root org's code, QNDL, marks a seeded database); it prints the demo logins either way."""

from __future__ import annotations

import datetime as dt
import os
import time

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dangjian.core.capabilities import CAPABILITIES, capability_modules
from dangjian.core.errors import DomainError
from dangjian.demo import projects as demo_projects
from dangjian.demo.builder import DemoBuilder
from dangjian.demo.data import qineng
from dangjian.demo.logins import login_table
from dangjian.org.models import PartyOrg


class Command(BaseCommand):
    help = "Load the demo company (旗能电铝) once, and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Anchor dates to this day (YYYY-MM-DD) instead of today.")
        parser.add_argument("--url", default="", help="Where the site runs, for the printed table.")
        parser.add_argument("--quiet", action="store_true", help="Do not print the login table.")
        parser.add_argument(
            "--capabilities",
            default=None,
            help="Comma-separated capabilities whose demo data to load (default: all; 'none' for the company, "
            "indicators and projects only), e.g. for a quicker database.",
        )

    def seed_indicators(self, anchor: dt.date) -> None:
        """The production indicators, their series and targets (demo/indicators.py), every run: only the days since
        the last run are added. Before the projects, whose goals read these series."""
        call_command("seed_indicators", today=anchor.isoformat(), stdout=self.stdout, stderr=self.stderr)

    def handle(self, *args, today=None, url="", quiet=False, capabilities=None, **options):
        # A demo password: printed on screen and documented in the README. Never use the demo on a public host.
        password = os.environ.get("DEMO_PASSWORD") or qineng.DEFAULT_PASSWORD
        anchor = dt.date.fromisoformat(today) if today else timezone.localdate()
        try:  # refuse a weak DEMO_PASSWORD before building anything
            password_validation.validate_password(password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD: " + " ".join(exc.messages)) from exc
        if PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
            self.stdout.write(f"The demo company ({qineng.ROOT_CODE}) is already loaded; nothing to do.")
        else:
            started = time.monotonic()
            try:
                with transaction.atomic():
                    built = DemoBuilder(today=anchor, password=password).build()
            except DomainError as exc:
                raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
            people = sum(len(p) for p in built.people.values())
            orgs = len([code for code in built.orgs if not code.startswith("crew:")])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo company: {orgs} party organisations, {len(built.units)} production units,"
                    f" {people} people in {time.monotonic() - started:.1f} s."
                )
            )
        self.seed_indicators(anchor)
        self.seed_projects(anchor)
        self.seed_capabilities(anchor, self.chosen(capabilities))
        if not quiet:
            self.stdout.write(login_table(password, url))

    @staticmethod
    def chosen(text: str | None) -> set[str]:
        if text is None:
            return set(CAPABILITIES)
        names = {name.strip() for name in text.split(",") if name.strip() and name.strip() != "none"}
        unknown = names - set(CAPABILITIES)
        if unknown:
            raise CommandError(
                f"Unknown capabilities: {', '.join(sorted(unknown))} (known: {', '.join(CAPABILITIES)})."
            )
        return names

    def seed_capabilities(self, anchor: dt.date, chosen: set[str]) -> None:
        """Each chosen capability's demo data (`dangjian/<app>/demo.py`, core/capabilities.py), in order, idempotent."""
        for module in capability_modules("demo"):
            if module.__name__.split(".")[1] not in chosen:
                continue
            try:
                module.seed(today=anchor, stdout=self.stdout)
            except DomainError as exc:
                raise CommandError(f"{module.__name__}: {exc.message} {exc.errors or ''}".strip()) from exc

    def seed_projects(self, anchor: dt.date) -> None:
        """The 党建+X projects of 2020 to today (demo/projects.py), once, after the company and its production data."""
        if demo_projects.seeded():
            return
        why = demo_projects.ready()
        if why:
            self.stdout.write(f"The 党建+X projects are not loaded: {why}.")
            return
        started = time.monotonic()
        try:
            with transaction.atomic():
                summary = demo_projects.ProjectSeeder(today=anchor).run()
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary} in {time.monotonic() - started:.1f} s."))
