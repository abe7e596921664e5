"""`manage.py seed_demo`: the demo company 旗能电铝, built through the services as SYSTEM. Running it again changes
nothing (the root org's code, QNDL, marks a seeded database); it prints the demo logins either way.

`--stage first` loads only the company and its logins (≈ 40 s) so the site can start; `--stage rest` loads the
indicators, projects and every capability's data beside the running site, committing in small transactions
(progress.py). Without `--stage`, everything is loaded in order, each phase in one transaction."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.core.capabilities import capability_apps, capability_modules
from dangjian.core.errors import DomainError
from dangjian.demo import projects as demo_projects
from dangjian.demo.builder import DemoBuilder
from dangjian.demo.data import qineng
from dangjian.demo.logins import login_table
from dangjian.demo.progress import Phase, committing_small, console_language, phase_atomic, refresh_statistics
from dangjian.org.models import PartyOrg

# What each phase loads and about how long it takes on this project's 2-core machine while the site runs beside it
# (seconds, `make run` measured on a fresh clone), for the progress lines.
PHASES = {
    "company": (gettext_lazy("the demo company and its logins"), 30),
    "indicators": (gettext_lazy("the production indicators (128,000 values)"), 70),
    "projects": (gettext_lazy("the 党建+X projects"), 60),
    "value": (gettext_lazy("the 卓越行动 team accounting (69,000 daily records)"), 80),
    "meetings": (gettext_lazy("the meetings of organisational life"), 35),
    "service": (gettext_lazy("the employee concerns"), 6),
    "points": (gettext_lazy("the member points"), 95),
    "posts": (gettext_lazy("the demonstration posts"), 5),
    "recruitment": (gettext_lazy("the recruitment pipeline"), 3),
    "dues": (gettext_lazy("a year of party dues"), 10),
    "transfers": (gettext_lazy("the transfers of membership"), 2),
    "talent": (gettext_lazy("the talent development and drills"), 15),
    "channels": (gettext_lazy("the message channels of the demo logins"), 2),
    "handbook": (gettext_lazy("the handbook of procedures and duties"), 2),
    "assessment": (gettext_lazy("the branch assessment"), 65),
    "publicity": (gettext_lazy("the publicity articles and forums"), 3),
    "archive": (gettext_lazy("the party records archive"), 8),
    "indices": (gettext_lazy("the explainable indices (12 months)"), 90),
    "cockpit": (gettext_lazy("the colour map thresholds"), 1),
}
STAGES = ("all", "first", "rest")


def incomplete_marker() -> Path | None:
    """A file beside an SQLite database while `--stage rest` runs: if it is still there, a load was cut short."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name + ".demo-incomplete")


@contextlib.contextmanager
def background_connection():
    """SQLite beside a running site: write-ahead log (pages read while the seed writes), the seed's transactions
    take the write lock when they begin and wait for it (no deadlock with a login), cheap commits, and a pause now
    and then (Yield). Undone at the end (the journal mode stays: it belongs to the file)."""
    if connection.vendor != "sqlite":
        yield
        return
    options = connection.settings_dict.setdefault("OPTIONS", {})
    before = dict(options)
    connection.close()  # reopened below with the options (an in-memory test database ignores this)
    options.setdefault("timeout", 30)
    options["transaction_mode"] = "IMMEDIATE"
    if not connection.in_atomic_block:  # (a test runs the command inside its transaction)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
    pause = Yield()
    connection.execute_wrappers.append(pause)
    try:
        yield
    finally:
        connection.execute_wrappers.remove(pause)
        options.clear()
        options.update(before)


class Yield:
    """Between two transactions, at least every `every` seconds, leave the database alone for `pause` seconds.

    SQLite's write lock is not fair: a loader committing back to back can keep a waiting login out for longer than
    its busy timeout. A waiting writer retries at least every 100 ms, so a 150 ms gap each second lets it in."""

    def __init__(self, every: float = 1.0, pause: float = 0.15):
        self.every, self.pause = every, pause
        self.last = time.monotonic()

    def __call__(self, execute, sql, params, many, context):
        if not connection.in_atomic_block and time.monotonic() - self.last >= self.every:
            time.sleep(self.pause)
            self.last = time.monotonic()
        return execute(sql, params, many, context)


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
        parser.add_argument(
            "--stage",
            choices=STAGES,
            default="all",
            help="first: only the company and its logins (so the site can start); rest: everything else, in small "
            "transactions beside the running site; all (default): everything, each phase in one transaction.",
        )

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    @contextlib.contextmanager
    def phase(self, key: str):
        """One phase, its progress on the console; after it, fresh table statistics for the next (progress.py)."""
        label, estimate = PHASES[key]
        with translation.override(self.language):
            label = str(label)
        with Phase(self.stdout, label, estimate, language=self.language):
            yield
        refresh_statistics()

    def seed_indicators(self, anchor: dt.date) -> None:
        """The production indicators, their series and targets (demo/indicators.py), every run: only the days since
        the last run are added. Before the projects, whose goals read these series."""
        if not PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
            return
        with self.phase("indicators"):
            call_command("seed_indicators", today=anchor.isoformat(), stdout=self.detail, stderr=self.stderr)

    def handle(self, *args, **options):
        # The console speaks the user's language; the data is always written in the site's (LANGUAGE_CODE): a
        # points reason or an assessment explanation must not come out in English because the shell's LANG (or,
        # under call_command, the caller's active language) is.
        with translation.override(settings.LANGUAGE_CODE):
            return self.load(*args, **options)

    def load(self, *args, today=None, url="", quiet=False, capabilities=None, stage="all", **options):
        self.language = console_language()
        self.detail = self.stdout  # the phases' own summaries, with their counts
        # A demo password: printed on screen and documented in the README. Never use the demo on a public host.
        password = os.environ.get("DEMO_PASSWORD") or qineng.DEFAULT_PASSWORD
        anchor = dt.date.fromisoformat(today) if today else timezone.localdate()
        chosen = self.chosen(capabilities)
        try:  # refuse a weak DEMO_PASSWORD before building anything
            password_validation.validate_password(password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD: " + " ".join(exc.messages)) from exc
        marker = incomplete_marker()
        if stage in ("all", "first"):
            if marker is not None and marker.exists() and not PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
                marker.unlink(missing_ok=True)  # left by a database since deleted: this one starts afresh
            if marker is not None and marker.exists():
                with translation.override(self.language):
                    self.say(
                        self.style.WARNING(
                            _(
                                "The last demo load was interrupted, so some demo data may be missing. To load it "
                                "afresh, delete %(database)s and start again."
                            )
                            % {"database": str(marker).removesuffix(".demo-incomplete")}
                        )
                    )
            self.seed_company(anchor, password)
        if stage == "first":
            if not quiet:
                self.say(login_table(password, url))
            return
        started = time.monotonic()
        if stage == "rest":
            if marker is not None:
                marker.touch()
            if PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
                rest = sum(seconds for key, (_label, seconds) in PHASES.items() if key != "company")
                with translation.override(self.language):
                    self.say(
                        _(
                            "The site is up: you can log in. The rest of the demo loads beside it "
                            "(about %(minutes)s min)."
                        )
                        % {"minutes": round(rest / 60)}
                    )
            with background_connection(), committing_small():
                self.seed_rest(anchor, chosen)
            if marker is not None:
                marker.unlink(missing_ok=True)
            with translation.override(self.language):
                self.say(
                    self.style.SUCCESS(
                        _("The whole demo is loaded (%(elapsed)s s).") % {"elapsed": round(time.monotonic() - started)}
                    )
                )
        else:
            self.seed_rest(anchor, chosen)
        if not quiet:
            self.say(login_table(password, url))

    def seed_company(self, anchor: dt.date, password: str) -> None:
        if PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
            with translation.override(self.language):
                self.say(_("The demo company (%(code)s) is already loaded.") % {"code": qineng.ROOT_CODE})
            return
        with self.phase("company"):
            try:
                with transaction.atomic():
                    built = DemoBuilder(today=anchor, password=password).build()
            except DomainError as exc:
                raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
        people = sum(len(p) for p in built.people.values())
        orgs = len([code for code in built.orgs if not code.startswith("crew:")])
        with translation.override(self.language):
            self.say(
                self.style.SUCCESS(
                    _("The demo company: %(orgs)s party organisations, %(units)s production units, %(people)s people.")
                    % {"orgs": orgs, "units": len(built.units), "people": people}
                )
            )

    def seed_rest(self, anchor: dt.date, chosen: set[str]) -> None:
        self.seed_indicators(anchor)
        self.seed_projects(anchor)
        self.seed_capabilities(anchor, chosen)

    @staticmethod
    def chosen(text: str | None) -> set[str]:
        known = capability_apps("demo")  # the apps with demo data, in INSTALLED_APPS order
        if text is None:
            return set(known)
        names = {name.strip() for name in text.split(",") if name.strip() and name.strip() != "none"}
        unknown = names - set(known)
        if unknown:
            raise CommandError(f"Unknown capabilities: {', '.join(sorted(unknown))} (known: {', '.join(known)}).")
        return names

    def seed_capabilities(self, anchor: dt.date, chosen: set[str]) -> None:
        """Each chosen capability's demo data (`dangjian/<app>/demo.py`, core/capabilities.py), in order, idempotent."""
        if not PartyOrg.objects.filter(code=qineng.ROOT_CODE).exists():
            return
        for module in capability_modules("demo"):
            name = module.__name__.split(".")[-2]  # the app label (a family's apps sit one level down)
            if name not in chosen:
                continue
            try:
                if name in PHASES:
                    with self.phase(name):
                        module.seed(today=anchor, stdout=self.detail)
                else:
                    module.seed(today=anchor, stdout=self.detail)
            except DomainError as exc:
                raise CommandError(f"{module.__name__}: {exc.message} {exc.errors or ''}".strip()) from exc

    def seed_projects(self, anchor: dt.date) -> None:
        """The 党建+X projects of 2020 to today (demo/projects.py), once, after the company and its production data."""
        if demo_projects.seeded():
            return
        why = demo_projects.ready()
        if why:
            self.say(f"The 党建+X projects are not loaded: {why}.")
            return
        with self.phase("projects"):
            try:
                with phase_atomic():
                    summary = demo_projects.ProjectSeeder(today=anchor).run()
            except DomainError as exc:
                raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
        self.detail.write(f"Loaded {summary}.")
