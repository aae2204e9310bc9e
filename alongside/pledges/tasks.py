"""Background work for pledges: emails (retried on failure), expiry and the spam check.

Every task takes ids, reloads what it needs and does nothing when run a second time.
"""

from django_tasks import task

from alongside.core.guard import akismet_says_spam
from alongside.core.mail import absolute_page_url, was_sent
from alongside.core.moderation import ModerationAction, ModerationStatus, moderate
from alongside.core.tasks import MAIL_ERRORS, give_up_quietly, retry_on

from . import emails, services
from .models import KeptStory, Pledge, PledgeEmail


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def send_pledge_email(*, pledge_id: int, kind: str, key: str) -> str:
    """Send one pledge email once; `key` names this email so a second run sends nothing.

    Safe to stop at any line: the email ledger (core.mail.send_once) sends it at most once
    more after a crash, and a run after one that sent it but did not record it records it.
    A mail server that fails is tried again later (core.tasks.retry_on).
    """
    pledge = Pledge.objects.select_related("video").filter(pk=pledge_id).first()
    if pledge is None:
        return "withdrawn"
    if PledgeEmail.objects.filter(key=key).exists():
        return "already sent"
    if not (was_sent(emails.ledger_key(key)) or emails.still_wanted(pledge=pledge, kind=kind)):
        return "no longer wanted"
    emails.deliver(pledge=pledge, kind=kind, key=key)
    services.record_email_sent(pledge_id=pledge_id, kind=kind, key=key)
    return "sent"


@task()
def expire_pledge(*, pledge_id: int) -> int:
    """Delete this pledge if it is still unconfirmed and past its expiry."""
    return services.expire_unconfirmed_pledges(pledge_ids=[pledge_id])


@task()
def check_for_spam(*, model: str, pk: int, then_confirm: str = "") -> bool:
    """Ask Akismet about a note or a story; mark it as spam if Akismet says so.

    For a new pledge, `then_confirm` names the confirmation email to send when it is clean.
    """
    if model == "pledge":
        item = Pledge.objects.select_related("video").filter(pk=pk).first()
        text = item.note if item else ""
        pledge = item
    else:
        item = KeptStory.objects.select_related("pledge__video").filter(pk=pk).first()
        text = item.text if item else ""
        pledge = item.pledge if item else None
    if item is None or item.status == ModerationStatus.SPAM:
        return False
    spam = akismet_says_spam(
        ip=item.ip_address or "",
        user_agent="",
        permalink=absolute_page_url(pledge.video),
        name=pledge.name,
        email=pledge.email,
        text=text,
        kind="comment",
    )
    if spam:
        moderate(items=[item], action=ModerationAction.SPAM, reason="Akismet")
    elif then_confirm:
        send_pledge_email.enqueue(pledge_id=pk, kind=PledgeEmail.Kind.CONFIRM, key=then_confirm)
    return spam
