"""Demo subscribers to the weekly email, confirmed, so `make run`'s site can send an edition
(to the console) at once: `manage.py send_edition <a video's slug> --now`.

Looked up by address, so a second run adds nothing.
"""

from django.db import transaction
from django.utils import timezone

from .models import Subscriber
from .services import address_digest

DEMO_SUBSCRIBERS = (("demo-reader-1@example.org", "Amara"), ("demo-reader-2@example.org", ""))


@transaction.atomic
def load(*, stdout=None) -> None:
    now = timezone.now()
    added = 0
    for email, name in DEMO_SUBSCRIBERS:
        _subscriber, created = Subscriber.objects.get_or_create(
            address_digest=address_digest(email),
            defaults={
                "email": email,
                "name": name,
                "status": Subscriber.Status.CONFIRMED,
                "created_at": now,
                "confirmed_at": now,
            },
        )
        added += created
    if stdout is not None:
        stdout.write(f"Demo subscribers to the weekly email: {added} added.")
