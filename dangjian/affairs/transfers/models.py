"""Transfers of party membership (组织关系转接) and floating members (流动党员).

A transfer moves one member's party membership: from branch to branch within the company (`internal`), out to an
organisation outside the system (`out`, with an introduction letter 介绍信 and a deadline to report in), or in from
outside (`in`, registered with the outside letter's number). It is scoped to both ends: the sending branch's subtree
and the receiving branch's subtree see it (TransferQuerySet.restrict). The person's branch changes only in the
confirming step, in the same transaction, so a member is never in two branches or none.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.core.permissions import VIEW
from dangjian.core.scoping import ScopedQuerySet, scope_for


class TransferQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """The transfers whose sending or receiving org lies in one of the user's subtrees for `action`."""
        scope = scope_for(user, "transfer", action)
        if scope.everywhere:
            return self.all()
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(from_org__path__startswith=path) | Q(to_org__path__startswith=path)
        return self.filter(q)


class Transfer(models.Model):
    """One transfer of one member's party membership, from request to confirmation (or rejection/cancellation)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("within the company")
        OUT = "out", _("out of the system")
        IN = "in", _("in from outside")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("transfer status", "requested")
        APPROVED = "approved", pgettext_lazy("transfer status", "approved")
        SENT = "sent", pgettext_lazy("transfer status", "letter sent")
        CONFIRMED = "confirmed", pgettext_lazy("transfer status", "confirmed")
        REJECTED = "rejected", pgettext_lazy("transfer status", "rejected")
        CANCELLED = "cancelled", pgettext_lazy("transfer status", "cancelled")

    OPEN = (Status.REQUESTED, Status.APPROVED, Status.SENT)

    company = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    # Empty only for a transfer in from outside until it is confirmed (the person is created then).
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("person"),
    )
    from_org = models.ForeignKey(
        "org.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=_("from branch"),
    )
    to_org = models.ForeignKey(
        "org.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("to branch"),
    )
    outside_org = models.CharField(
        _("organisation outside"),
        max_length=200,
        blank=True,
        help_text=_("Out: the organisation the member goes to. In: the organisation that sent the letter."),
    )
    letter_no = models.CharField(
        _("letter number"),
        max_length=40,
        blank=True,
        help_text=_("The introduction letter's tracking number (given when the letter is sent, or the outside one)."),
    )
    report_by = models.DateField(_("report in by"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    # What a transfer in from outside says about the person (a Person is created from it on confirmation).
    name = models.CharField(pgettext_lazy("transfer", "name"), max_length=50, blank=True)
    employee_no = models.CharField(_("employee number"), max_length=30, blank=True)
    gender = models.CharField(_("gender"), max_length=10, blank=True)
    party_status = models.CharField(_("party status"), max_length=20, blank=True)
    status_since = models.DateField(_("status since"), null=True, blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("letter sent"), null=True, blank=True)
    sent_on = models.DateField(_("letter dated"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_on = models.DateField(
        _("reported in on"), null=True, blank=True, help_text=_("The day the member reported in (or the return slip).")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = models.Manager.from_queryset(TransferQuerySet)()
    scope_resource = "transfer"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # The race guard: two open transfers of one person cannot both be saved (the second is a 409).
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["requested", "approved", "sent"]),
                name="transfers_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["company", "letter_no"], condition=~Q(letter_no=""), name="transfers_letter_no_unique"
            ),
        ]

    def __str__(self):
        who = self.person.name if self.person_id else self.name
        return f"{who} {self.get_kind_display()} {self.letter_no}".strip()

    @property
    def who(self) -> str:
        return self.person.name if self.person_id else self.name

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def sending_side(self) -> str:
        return self.from_org.name if self.from_org_id else self.outside_org

    @property
    def receiving_side(self) -> str:
        return self.to_org.name if self.to_org_id else self.outside_org

    def overdue_on(self, day) -> bool:
        """A letter sent whose deadline to report in has passed without a confirmation."""
        return self.status == self.Status.SENT and self.report_by is not None and self.report_by < day

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in (self.Kind.INTERNAL, self.Kind.OUT) and not self.from_org_id:
            errors["from_org"] = _("Choose the branch the member leaves.")
        if self.kind in (self.Kind.INTERNAL, self.Kind.IN) and not self.to_org_id:
            errors["to_org"] = _("Choose the branch the member joins.")
        if self.kind == self.Kind.INTERNAL and self.from_org_id and self.from_org_id == self.to_org_id:
            errors["to_org"] = _("The member is already in this branch.")
        if self.kind in (self.Kind.OUT, self.Kind.IN) and not self.outside_org.strip():
            errors["outside_org"] = _("Name the organisation outside.")
        if self.kind == self.Kind.IN:
            if not self.name.strip():
                errors["name"] = _("This field is required.")
            if not self.employee_no.strip():
                errors["employee_no"] = _("This field is required.")
            if not self.letter_no.strip():
                errors["letter_no"] = _("Give the number of the letter the member brought.")
            if self.gender not in ("male", "female"):
                errors["gender"] = _("This field is required.")
            if self.party_status not in ("member", "probationary"):
                errors["party_status"] = _("A transfer is for a full or probationary member.")
            if not self.status_since:
                errors["status_since"] = _("Give the date the member reached this status.")
        for field in ("from_org", "to_org"):
            org = getattr(self, field) if getattr(self, f"{field}_id") else None
            if org is not None and org.kind in (org.Kind.GROUP,):
                errors[field] = _("Choose a branch, not a party group.")
        if errors:
            raise ValidationError(errors)


class FloatingMember(models.Model):
    """流动党员: a member of a branch who works or studies elsewhere for a while — where they are, how the branch
    keeps in touch with them, which org keeps in touch, and from when until when."""

    class Contact(models.TextChoices):
        PHONE = "phone", _("phone")
        WECHAT = "wechat", _("WeChat")
        EMAIL = "email", _("e-mail")
        LOCAL_ORG = "local_org", _("through the local party org")

    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="floating_records",
        verbose_name=pgettext_lazy("transfer", "member"),
    )
    location = models.CharField(_("where they are"), max_length=200)
    reason = models.CharField(_("why"), max_length=200, blank=True)
    contact_method = models.CharField(_("contact method"), max_length=20, choices=Contact.choices)
    contact = models.CharField(_("contact details"), max_length=100, blank=True)
    keeping_org = models.ForeignKey(
        "org.PartyOrg",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("org keeping in touch"),
    )
    local_org = models.CharField(
        _("party org where they are"), max_length=200, blank=True, help_text=_("流入地党组织, if they joined one.")
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("back on"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = models.Manager.from_queryset(ScopedQuerySet)()
    scope_resource = "transfer"
    scope_path_field = "person__branch__path"

    class Meta:
        verbose_name = _("floating member")
        verbose_name_plural = _("floating members")
        ordering = ["-since", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(until__isnull=True), name="transfers_one_open_floating_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person.name} @ {self.location}"

    def clean(self):
        super().clean()
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The return cannot be before the departure.")})
        if self.since and self.last_contact_on and self.last_contact_on < self.since:
            raise ValidationError({"last_contact_on": _("The last contact cannot be before the departure.")})
