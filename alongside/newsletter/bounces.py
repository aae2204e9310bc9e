"""Bounces and complaints reported by the email provider, through django-anymail's tracking
webhooks (`/anymail/<provider>/tracking/`): a hard bounce or a spam complaint stops all mail to
that address, and the curator sees why.

Anymail checks each webhook's credentials (the basic-auth WEBHOOK_SECRET, and the provider's
signature where it signs) before any event reaches us. Without a WEBHOOK_SECRET anymail would
accept anyone's post, so then events are ignored: a stranger must not be able to stop
somebody's mail.
"""

import logging

from anymail.signals import EventType, tracking
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from alongside.core.mail import normalise_email

from .models import Delivery, Subscriber
from .services import address_digest

logger = logging.getLogger(__name__)

REASONS = {
    EventType.BOUNCED: "The address bounced: {provider} reported that it cannot receive mail.",
    EventType.COMPLAINED: "They marked the weekly email as spam ({provider} reported it).",
}


@receiver(tracking, dispatch_uid="newsletter.stop_mail_on_bounce")
def stop_mail_on_bounce(sender, event, esp_name, **kwargs) -> None:
    if event.event_type not in REASONS or not event.recipient:
        return
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        logger.warning("Ignored a %s webhook: ANYMAIL_WEBHOOK_SECRET is not set", esp_name)
        return
    digest = address_digest(normalise_email(event.recipient))
    reason = REASONS[event.event_type].format(provider=esp_name)
    with transaction.atomic():
        subscriber = Subscriber.objects.filter(address_digest=digest).only("pk").first()
        if subscriber is None:
            return  # not a subscriber (a pledge's email, say), or forgotten since
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.BOUNCED, bounced_at=timezone.now(), bounce_reason=reason
        )
        Delivery.objects.filter(subscriber_id=subscriber.pk, state=Delivery.State.QUEUED).update(
            state=Delivery.State.BOUNCED, last_error=event.event_type
        )
    logger.info("Subscriber %s: %s from %s", subscriber.pk, event.event_type, esp_name)
