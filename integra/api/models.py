"""Service accounts of the HTTP API: a token that acts as one role in one centre."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integra.core.models import ScopedModel, ScopedQuerySet
from integra.core.roles import Role, Specialty


class ServiceAccountQuerySet(ScopedQuerySet):
    def usable_on(self, day: dt.date) -> ServiceAccountQuerySet:
        """Accounts not revoked and not expired on the day."""
        return self.filter(revoked_at__isnull=True).filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day))


class ServiceAccount(ScopedModel):
    """Konto usługowe API: another system's access to one centre, with the rights of one role.

    The token itself is shown once and never stored: only its SHA-256 (a token has 256 random bits,
    so a slow hash adds nothing) and its first characters, to tell tokens apart on the screen.
    `user` is the account's own inactive user, so history and the access log name the token.
    """

    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    specialty = models.CharField(_("specialty"), max_length=30, choices=Specialty.choices, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account")
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(_("token begins with"), max_length=12)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ServiceAccountQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="service_account_name_unique_per_centre"),
            models.CheckConstraint(
                condition=~models.Q(role="specialist") | ~models.Q(specialty=""), name="service_account_specialist_has_specialty"
            ),
        ]
        verbose_name = _("API service account")
        verbose_name_plural = _("API service accounts")

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today: dt.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())
