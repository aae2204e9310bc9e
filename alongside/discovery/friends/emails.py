"""The one fixed email a friend gets. Called only from tasks."""

from alongside.core.mail import absolute_page_url, absolute_url, send_templated_email

from .links import do_not_send_link

TEMPLATE = "discovery/friends/email/friend"
# JPEG, not WebP: some mail programs still cannot show WebP.
THUMBNAIL_SPEC = "fill-640x360|format-jpeg"


def thumbnail_url(video) -> str:
    """Our own copy of the video's thumbnail, as an absolute address; "" without one."""
    if video.thumbnail is None:
        return ""
    url = video.thumbnail.get_rendition(THUMBNAIL_SPEC).url
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def deliver(*, friend_email, address: str) -> None:
    """Send the email now (raises on SMTP failure). No Reply-To: the sender's address is not
    verified, so replies must not be sent to it on our word."""
    sending = friend_email.sending
    video = sending.video
    stop_url = do_not_send_link(address_digest=friend_email.recipient_digest)
    context = {
        "sender_name": sending.sender_name,
        "note": sending.note,
        "video_title": video.title,
        "video_summary": video.summary,
        "video_url": absolute_page_url(video),
        "thumbnail_url": thumbnail_url(video),
        "stop_url": stop_url,
    }
    headers = {
        # One-click unsubscribe (RFC 8058): mail providers POST to this address.
        "List-Unsubscribe": f"<{stop_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    send_templated_email(
        key=f"discovery.friend:{friend_email.pk}",  # names the email, never the address
        to=address,
        template=TEMPLATE,
        context=context,
        headers=headers,
        html=True,
    )
