import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.permissions import ROLE_CHOICES


class User(AbstractUser):
    """A login. Linked to a person for business roles; the three system administrators need not be."""

    person = models.OneToOneField(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
        verbose_name=_("person"),
    )
    # Set when someone else chose the password (the system administrator's reset, a one-time password at creation):
    # every page sends the user to change it and the API refuses them until they have (三员分立: the administrator
    # who knows the password cannot use the account without leaving its owner locked out).
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else (self.get_full_name() or self.username)


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, today=None):
        """Held today (or on `today`)."""
        today = today or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gte=today), since__lte=today)


class RoleAssignment(models.Model):
    """A role held by an account over an org subtree (business roles) or globally (system roles, org empty)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("account"))
    role = models.CharField(_("role"), max_length=30, choices=ROLE_CHOICES)
    org = models.ForeignKey(
        "org.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("over organisation"),
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by")
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "role", "org"], name="role_assignment_unique")]

    def __str__(self):
        where = self.org.name if self.org_id else _("whole system")
        return f"{self.user} · {self.get_role_display()} · {where}"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def find(self, raw: str):
        """The live token for this raw value, or None."""
        return (
            self.select_related("user")
            .filter(key_hash=_hash(raw), expires_at__gt=timezone.now(), user__is_active=True)
            .first()
        )


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the raw value is shown once, when issued.

    Its scope narrows what the account may do with it: `full` is everything the account's roles allow (as its
    browser session), `read` only reads (GET), `push` only the MES/ERP push endpoints (see core/api/auth.py).
    Tokens are deleted when the account's password changes or it is deactivated, and the security administrator
    lists and revokes them on the tokens page."""

    class Scope(models.TextChoices):
        FULL = "full", _("full (as the account)")
        READ = "read", _("read only")
        PUSH = "push", _("push only (MES/ERP)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("account"))
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.FULL)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @classmethod
    def issue(cls, user, scope: str = "full") -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            key_hash=_hash(raw),
            scope=scope,
            # Issuing counts as a use (it took the password), so a token's first minute costs no extra write.
            last_used_at=now,
            expires_at=now + timezone.timedelta(days=settings.API_TOKEN_DAYS),
        )
        return token, raw
