"""The emails about a subscription (a confirmation link, or "you are already subscribed"), and
a curator's test of an edition. Called only from tasks."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from alongside.core.mail import absolute_url, send_once, send_templated_email

from . import compose, links, sending
from .models import Delivery, Edition, Subscriber

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


def send_test_edition(*, edition_id: int, user_id: int, request_key: str) -> str:
    """The edition as readers get it (or would, if it is not sent yet), built by the sender's
    own `build_message`, to the curator's own address, once per press of the button
    (`request_key`). "[Test]" heads the subject, and its reader is no subscriber: their key is
    links.TEST_KEY, so its unsubscribe links unsubscribe nobody. No Delivery is made, and it
    counts in none of the edition's numbers (raises on SMTP failure)."""
    edition = Edition.objects.select_related("video").filter(pk=edition_id).first()
    curator = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if edition is None or curator is None or not curator.email:
        return "nobody to send to"
    if edition.started_at is None:  # a draft: as it would go out now, as the preview shows
        edition.html_body, edition.text_body = compose.render_bodies(edition)
    edition.subject = _("[Test] %(subject)s") % {"subject": edition.subject}  # never saved
    reader = Subscriber(key=links.TEST_KEY, email=curator.email)
    message = sending.build_message(
        edition=edition, delivery=Delivery(edition=edition, subscriber=reader)
    )
    sent = send_once(  # the key names the edition and the curator, never the address
        key=f"newsletter.test:{edition_id}:{user_id}:{request_key}", message=message
    )
    return "sent" if sent else "sent before"
