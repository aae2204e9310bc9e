"""What curators block: addresses, domains, IP ranges and words, shared by every form."""

import ipaddress

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockedSender(models.Model):
    """One blocklist entry. Submissions matching any entry are kept as spam, never published."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        DOMAIN = "domain", _("Email domain")
        IP_RANGE = "ip", _("IP address or range")
        WORD = "word", _("Word or phrase")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=254,
        help_text=_(
            "An address (someone@example.org), a domain (example.org), an IP address or range "
            "(203.0.113.0/24), or a word or phrase."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("blocklist")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="one_block_per_value")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip()
        if self.kind in (self.Kind.EMAIL, self.Kind.DOMAIN, self.Kind.WORD):
            self.value = self.value.lower()
        if self.kind == self.Kind.DOMAIN:
            self.value = self.value.lstrip("@")
        if self.kind == self.Kind.EMAIL and "@" not in self.value:
            raise ValidationError({"value": _("An email address needs an @.")})
        if self.kind == self.Kind.IP_RANGE:
            try:
                self.value = str(ipaddress.ip_network(self.value, strict=False))
            except ValueError as error:
                raise ValidationError(
                    {"value": _("Give an IP address or a range like 203.0.113.0/24.")}
                ) from error
