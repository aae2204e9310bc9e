"""What each pledge email says and who still wants it. Called only from tasks."""

from alongside.core.mail import absolute_page_url, send_templated_email
from alongside.core.moderation import ModerationStatus
from alongside.videos.selectors import public_videos

from . import links
from .models import PUBLIC_STATUSES, Pledge, PledgeEmail

TEMPLATES = {
    PledgeEmail.Kind.CONFIRM: "pledges/email/confirm",
    PledgeEmail.Kind.ALREADY: "pledges/email/already",
    PledgeEmail.Kind.FOLLOW_UP: "pledges/email/follow_up",
    PledgeEmail.Kind.ASK_AGAIN: "pledges/email/ask_again",
}


def still_wanted(*, pledge: Pledge, kind: str) -> bool:
    """False when sending now would be wrong: confirmed already, answered, stopped, spam, or
    the video made private or unpublished meanwhile (its links would lead nowhere)."""
    if pledge.status == ModerationStatus.SPAM:
        return False
    if not public_videos().filter(pk=pledge.video_id).exists():
        return False
    if kind == PledgeEmail.Kind.CONFIRM:
        return not pledge.is_confirmed
    if kind == PledgeEmail.Kind.ALREADY:
        return pledge.is_confirmed
    asked_before = 0 if kind == PledgeEmail.Kind.FOLLOW_UP else 1
    return (
        pledge.is_confirmed
        and pledge.status in PUBLIC_STATUSES
        and pledge.kept_at is None
        and pledge.emails_stopped_at is None
        and pledge.follow_ups_sent == asked_before
    )


def ledger_key(key: str) -> str:
    """The name of a pledge email (its PledgeEmail key) in the site's email ledger."""
    return f"pledge:{key}"


def deliver(*, pledge: Pledge, kind: str, key: str) -> bool:
    """Send one email about `pledge` now, once under `key` (raises on SMTP failure); False if
    it was sent before (core.mail.send_once)."""
    video = pledge.video
    context = {
        "pledge": pledge,
        "video_title": video.title,
        "act_title": video.act_title,
        "act_explanation": video.act_explanation,
        "video_url": absolute_page_url(video),
        "follow_up_days": video.pledge_follow_up_days,
        "withdraw_url": links.link(pledge=pledge, action="withdraw"),
    }
    headers = {}
    if kind == PledgeEmail.Kind.CONFIRM:
        context["confirm_url"] = links.link(pledge=pledge, action="confirm")
    if kind in (PledgeEmail.Kind.FOLLOW_UP, PledgeEmail.Kind.ASK_AGAIN):
        stop_url = links.link(pledge=pledge, action="stop")
        context.update(
            kept_url=links.link(pledge=pledge, action="kept"),
            not_yet_url=links.link(pledge=pledge, action="not_yet"),
            stop_url=stop_url,
        )
        # One-click unsubscribe (RFC 8058): mail providers POST to this address.
        headers = {
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return send_templated_email(
        key=ledger_key(key),
        to=pledge.email,
        template=TEMPLATES[kind],
        context=context,
        headers=headers,
    )
