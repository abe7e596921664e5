from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.core.scoping import ScopedManager


class Person(models.Model):
    """An employee of the company, party member or not. `branch` is the branch a member belongs to; for a non-member
    it is the branch that covers their production line (支部建在生产线上), so each person has one responsible org."""

    class Gender(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    class Education(models.TextChoices):
        SECONDARY = "secondary", _("secondary school or below")
        VOCATIONAL = "vocational", _("vocational college")
        BACHELOR = "bachelor", _("bachelor")
        MASTER = "master", _("master")
        DOCTOR = "doctor", _("doctorate")

    class PartyStatus(models.TextChoices):
        NON_MEMBER = "non_member", _("non-member")
        APPLICANT = "applicant", _("applicant")
        ACTIVIST = "activist", _("activist")
        CANDIDATE = "candidate", _("candidate")
        PROBATIONARY = "probationary", _("probationary member")
        MEMBER = "member", _("full member")

    # The order of the recruitment path; a status may only move to the next one (or back to non_member).
    STATUS_ORDER = [s.value for s in PartyStatus]
    # The date field that records when a person reached each status.
    STATUS_DATE_FIELD = {
        PartyStatus.APPLICANT: "applied_on",
        PartyStatus.ACTIVIST: "activist_on",
        PartyStatus.CANDIDATE: "candidate_on",
        PartyStatus.PROBATIONARY: "probationary_on",
        PartyStatus.MEMBER: "full_member_on",
    }

    employee_no = models.CharField(_("employee number"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    job_title = models.CharField(_("job title"), max_length=60, blank=True)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    party_status = models.CharField(
        _("party status"), max_length=20, choices=PartyStatus.choices, default=PartyStatus.NON_MEMBER, db_index=True
    )
    applied_on = models.DateField(_("applied"), null=True, blank=True)
    activist_on = models.DateField(_("activist since"), null=True, blank=True)
    candidate_on = models.DateField(_("candidate since"), null=True, blank=True)
    probationary_on = models.DateField(_("probationary since"), null=True, blank=True)
    full_member_on = models.DateField(_("full member since"), null=True, blank=True)
    branch = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="people", verbose_name=_("branch")
    )
    group = models.ForeignKey(
        "org.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_people",
        verbose_name=_("party group"),
    )
    active = models.BooleanField(_("on the roll"), default=True)

    objects = ScopedManager()
    scope_resource = "person"
    scope_path_field = "branch__path"
    # A party-group leader's scope is the group, which people reach through `group`, not `branch`.
    scope_kind_fields = {"group": "group__path"}

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["employee_no"]

    def __str__(self):
        return f"{self.name}（{self.employee_no}）"

    @staticmethod
    def self_q(user) -> Q:
        return Q(pk=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_party_member(self) -> bool:
        return self.party_status in (self.PartyStatus.PROBATIONARY, self.PartyStatus.MEMBER)

    def clean(self):
        super().clean()
        if self.group_id:
            if self.group.kind != self.group.Kind.GROUP:
                raise ValidationError({"group": _("Choose a party group, not another kind of organisation.")})
            if self.branch_id and self.group.parent_id != self.branch_id:
                raise ValidationError({"group": _("The party group must belong to the person's branch.")})
        if self.branch_id and self.branch.kind == self.branch.Kind.GROUP:
            raise ValidationError({"branch": _("Choose a branch, not a party group.")})
        dates = [getattr(self, self.STATUS_DATE_FIELD[s]) for s in self.STATUS_ORDER[1:]]
        known = [d for d in dates if d]
        if known != sorted(known):
            raise ValidationError(_("The dates of the recruitment steps must follow one another."))
        if self.party_status != self.PartyStatus.NON_MEMBER:
            field = self.STATUS_DATE_FIELD[self.party_status]
            if not getattr(self, field):
                raise ValidationError({field: _("Give the date this status was reached.")})


def mask_phone(phone: str) -> str:
    """138****5678: lists show the phone masked; only the person page shows it whole to those who may change it."""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


class StatusChange(models.Model):
    """The history of a person's party status: one row per step, never edited."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("person")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Person.PartyStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Person.PartyStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["person", "on", "id"]

    def __str__(self):
        return f"{self.person} {self.from_status} → {self.to_status} {self.on}"
