"""The emails about a subscription: a confirmation link, or "you are already subscribed".
Called only from tasks."""

from alongside.core.mail import absolute_url, send_templated_email

from . import links
from .models import Subscriber

TEMPLATES = {"confirm": "newsletter/email/confirm", "already": "newsletter/email/already"}


def send_subscription_email(*, subscriber_id: int, kind: str, request_key: str) -> str:
    """Send it once per sending of the form (raises on SMTP failure)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "forgotten"  # they deleted their data meanwhile
    context = {
        "name": subscriber.name,
        "confirm_url": links.link(subscriber=subscriber, action="confirm"),
        "unsubscribe_url": links.link(subscriber=subscriber, action="unsubscribe"),
        "site_url": absolute_url("/"),
    }
    sent = send_templated_email(
        key=f"newsletter.{kind}:{subscriber_id}:{request_key}",  # never the address
        to=subscriber.email,
        template=TEMPLATES[kind],
        context=context,
    )
    return "sent" if sent else "sent before"
