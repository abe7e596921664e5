"""The demo's employee concerns (旗能电铝): a year of requests lived through the services on their own dates — most
answered and rated, some anonymous, some 必达 straight to the company leaders, a few late and escalated, a few open —
plus the holiday calendar with its make-up days and a deadline per category. Idempotent: runs once per database."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db.models import Q

from dangjian.accounts.models import User
from dangjian.core.notifications.services import notifications_read_as_of
from dangjian.core.services import SYSTEM
from dangjian.demo.clock import DemoClock
from dangjian.demo.data import qineng
from dangjian.demo.progress import phase_atomic
from dangjian.org.models import CommitteeSeat, PartyOrg, Person
from dangjian.service import services, sla
from dangjian.service.demo_data import CALENDAR, CONCERNS, OPEN
from dangjian.service.models import CalendarDay, ServiceRequest, SlaPolicy

SEED = 7
ONE_DAY = dt.timedelta(days=1)


def seeded(root: PartyOrg) -> bool:
    return ServiceRequest.objects.filter(handling_org__path__startswith=root.path).exists()


class Seeder:
    """Lives the demo's requests through the services, as SYSTEM on behalf of the people (the demo logins act
    themselves where they are the submitter or the handling secretary)."""

    def __init__(self, *, root: PartyOrg, today: dt.date):
        self.root, self.today = root, today
        self.rng = random.Random(SEED)
        self.clock = DemoClock(today)
        users = User.objects.filter(username__in=["employee", "secretary", "office"]).select_related("person")
        self.users = {u.username: u for u in users}
        self.people = list(
            Person.objects.filter(branch__path__startswith=root.path, branch__kind="branch")
            .select_related("branch")
            .order_by("employee_no")
        )
        seats = CommitteeSeat.objects.filter(org__path__startswith=root.path, role="secretary").filter(
            Q(until__isnull=True) | Q(until__gte=today)
        )
        self.secretaries = {s.org_id: s.person for s in seats.select_related("person").order_by("since")}
        leaders = CommitteeSeat.objects.filter(org=root).select_related("person").order_by("role", "since")
        # 必达 goes to the company: the union chairman (党委副书记、工会主席) or 党群工作部 answers for the leaders
        self.company_handlers = [s.person for s in leaders if s.role in ("deputy_secretary", "organisation_officer")]

    def at(self, day: dt.date, hour: int | None = None) -> None:
        self.clock.at(day, hour if hour is not None else self.rng.randrange(8, 17), self.rng.randrange(60))

    def calendar(self) -> None:
        existing = set(CalendarDay.objects.values_list("day", flat=True))
        for kind, first, last, name in CALENDAR:
            day = first
            while day <= last:
                if day not in existing:
                    services.calendar_day_save(actor=SYSTEM, day=day, kind=kind, name=name)
                day += ONE_DAY
        have = set(SlaPolicy.objects.values_list("category", flat=True))
        for category, (accept, resolve) in sla.DEFAULT_SLA.items():
            if category not in have:
                services.sla_policy_save(actor=SYSTEM, category=category, accept_days=accept, resolve_days=resolve)

    def working(self, day: dt.date, calendar: sla.Calendar) -> dt.date:
        while not calendar.is_working_day(day):
            day += ONE_DAY
        return day

    def actor_for(self, request: ServiceRequest, role: str):
        """The demo login when it holds that standing, else SYSTEM."""
        if role == "submitter":
            user = self.users.get("employee")
            return user if user and user.person_id == request.submitter_id else SYSTEM
        user = self.users.get("secretary")
        if user and request.handler_id == user.person_id:
            return user
        return SYSTEM

    def submit(self, *, day, person, category, title, description, leaders, anonymous, public):
        self.at(day)
        return services.request_submit(
            actor=SYSTEM,
            submitter=person,
            category=category,
            title=title,
            description=description,
            destination="leaders" if leaders else "branch",
            anonymous=anonymous,
            public=public,
        )

    def handler_for(self, request: ServiceRequest) -> Person:
        if request.handling_org_id == self.root.pk:
            return self.rng.choice(self.company_handlers)
        secretary = self.secretaries.get(request.handling_org_id)
        if secretary is not None and secretary.pk != request.submitter_id:
            return secretary
        # the sender never handles their own concern: another person of the handling branch, or the company's
        others = [p for p in self.people if p.branch_id == request.handling_org_id and p.pk != request.submitter_id]
        return others[0] if others else self.rng.choice(self.company_handlers)

    def step(self, request, day, action, who, **kwargs):
        self.at(day)
        return services.request_transition(actor=self.actor_for(request, who), request=request, action=action, **kwargs)

    def escalate(self, request, day) -> None:
        self.at(day, 7)
        services.escalate_breaches(actor=SYSTEM, today=day, queryset=ServiceRequest.objects.filter(pk=request.pk))

    def pick_person(self, n: int) -> Person:
        employee = self.users.get("employee")
        if employee and employee.person_id and n % 9 == 4:
            return employee.person  # the employee login's own requests, to follow in "my requests"
        return self.rng.choice(self.people)

    def run(self) -> dict[str, int]:
        counts = {"answered": 0, "open": 0, "late": 0, "anonymous": 0, "bida": 0}
        with self.clock:
            self.at(self.today - dt.timedelta(days=370), 8)
            self.calendar()
            calendar = sla.calendar_for(self.today - dt.timedelta(days=400), self.today + dt.timedelta(days=200))
            total = 44
            for n in range(total):
                category, title, description, resolution = CONCERNS[n % len(CONCERNS)]
                # spread over the past year, oldest first; the last ones are recent enough to be still rated
                day = self.working(self.today - dt.timedelta(days=360 - n * 8 - self.rng.randrange(4)), calendar)
                anonymous, leaders = n % 4 == 1, n % 6 == 2
                request = self.submit(
                    day=day,
                    person=self.pick_person(n),
                    category=category,
                    title=title,
                    description=description,
                    leaders=leaders,
                    anonymous=anonymous,
                    public=n % 3 != 0,
                )
                counts["anonymous"] += anonymous
                counts["bida"] += leaders
                self.answer(request, n, resolution, calendar, counts)
            for n, (category, title, description, ago, state) in enumerate(OPEN):
                day = self.working(self.today - dt.timedelta(days=ago), calendar)
                if day > self.today:
                    day = self.today
                request = self.submit(
                    day=day,
                    person=self.pick_person(n + 4 if n == 1 else n),
                    category=category,
                    title=title,
                    description=description,
                    leaders=n == 0,
                    anonymous=n == 2,
                    public=True,
                )
                if state != "submitted":
                    self.step(request, day, "accept", "manager", handler=self.handler_for(request))
                if state == "coordinating":
                    self.step(request, day, "coordinate", "handler", comment="已联系设备部门现场查看。")
                counts["open"] += 1
            self.breached(calendar, counts)
        # The year's notices were read at the time; the last week's are still new.
        recent = dt.datetime.combine(self.today - dt.timedelta(days=7), dt.time(), tzinfo=self.clock.moment.tzinfo)
        notifications_read_as_of(
            actor=SYSTEM,
            about=ServiceRequest.objects.filter(handling_org__path__startswith=self.root.path),
            before=recent,
        )
        return counts

    def answer(self, request, n, resolution, calendar, counts) -> None:
        """Accept, coordinate, resolve (a few late, escalated first), rate, and close — or leave it for the
        submitter to rate when it is recent."""
        late = n in (5, 17, 29)
        accept_on = min(
            sla.add_working_days(request.submitted_on, self.rng.randrange(0, 2), calendar), request.accept_due
        )
        self.step(request, accept_on, "accept", "manager", handler=self.handler_for(request))
        if n % 2 == 0:
            self.step(request, accept_on, "coordinate", "handler", comment="已协调相关部门现场办理。")
        allowance = sla.working_days_between(request.submitted_on, request.resolve_due, calendar)
        if late:
            resolve_on = sla.add_working_days(request.resolve_due, 2 + self.rng.randrange(3), calendar)
            self.escalate(request, request.resolve_due + ONE_DAY)
            counts["late"] += 1
        else:
            resolve_on = sla.add_working_days(request.submitted_on, self.rng.randrange(2, allowance + 1), calendar)
        if resolve_on > self.today:
            return
        self.step(request, resolve_on, "resolve", "handler", comment=resolution)
        if n == 11:  # not solved the first time: reopened, then answered again
            again = sla.add_working_days(resolve_on, 1, calendar)
            self.step(request, again, "reopen", "submitter", comment="问题还没有彻底解决，希望再跟进。")
            resolve_on = sla.add_working_days(again, 3, calendar)
            self.step(request, resolve_on, "resolve", "handler", comment=resolution + "复查后彻底整改。")
        rate_on = sla.add_working_days(resolve_on, 1 + self.rng.randrange(3), calendar)
        counts["answered"] += 1
        if rate_on >= self.today - dt.timedelta(days=3):
            return  # recent: waits for the submitter's rating
        rating = 3 if late else self.rng.choice((5, 5, 5, 4, 4, 3))
        self.step(request, rate_on, "rate", "submitter", rating=rating)
        self.step(request, sla.add_working_days(rate_on, 2, calendar), "close", "manager")

    def breached(self, calendar, counts) -> None:
        """Two requests past their deadline today: one never accepted, one stuck in coordination; both escalated."""
        stuck = [
            ("welfare", "退休职工慰问名单有遗漏", "今年春节慰问退休职工，我父亲不在名单上。", 12, False),
            ("environment", "电解二车间卫生间堵塞", "二车间卫生间下水道经常堵塞，反映过几次。", 30, True),
        ]
        for category, title, description, ago, accepted in stuck:
            day = self.working(self.today - dt.timedelta(days=ago), calendar)
            person = next((p for p in self.people if p.branch.code == "QNDL-DJ2"), self.people[0])
            request = self.submit(
                day=day,
                person=person,
                category=category,
                title=title,
                description=description,
                leaders=False,
                anonymous=not accepted,
                public=False,
            )
            if accepted:
                self.step(request, day, "accept", "manager", handler=self.handler_for(request))
            request.refresh_from_db()
            due = request.resolve_due if accepted else request.accept_due
            if due < self.today:
                self.escalate(request, due + ONE_DAY)
            counts["open"] += 1


def seed(*, today: dt.date, stdout) -> None:
    """Load the demo's requests once (after the company, its logins and projects exist)."""
    root = PartyOrg.objects.filter(code=qineng.ROOT_CODE).first()
    if root is None or seeded(root):
        return
    started = time.monotonic()
    with phase_atomic():
        counts = Seeder(root=root, today=today).run()
    stdout.write(
        f"Loaded employee concerns: {counts['answered']} answered, {counts['open']} open, {counts['late']} late and"
        f" escalated, {counts['anonymous']} anonymous, {counts['bida']} 必达 in {time.monotonic() - started:.1f} s."
    )
