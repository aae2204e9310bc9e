"""An edition's email, rendered once from its video page; each recipient's message is that
body with their own unsubscribe link put in."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from alongside.core.mail import absolute_url, render_plain_text
from alongside.pledges.selectors import pledge_totals

from .models import Edition

# Stands for the recipient's own unsubscribe link in the rendered body. Only its holder's
# message carries their link; the archive page gets the subscribe page instead.
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
# What only a recipient's copy says (their unsubscribe link), left out of the archive.
FOR_THE_RECIPIENT = re.compile(r"<!--recipient-->.*?<!--/recipient-->", re.DOTALL)
THUMBNAIL_SPEC = "fill-600x338"
STORY_WORDS = 70


def archive_url(edition: Edition) -> str:
    return absolute_url(reverse("newsletter:edition", kwargs={"pk": edition.pk}))


def _thumbnail_url(video) -> str:
    """Our own copy of the thumbnail (never the provider's), as an absolute address."""
    if video.thumbnail is None:
        return ""
    url = video.thumbnail.get_rendition(THUMBNAIL_SPEC).url
    return url if url.startswith("http") else absolute_url(url)


def _previous_numbers(edition: Edition) -> dict | None:
    """Last week's video and what people did about it."""
    previous = (
        Edition.objects.filter(status=Edition.Status.SENT)
        .exclude(pk=edition.pk)
        .select_related("video")
        .order_by("-finished_at")
        .first()
    )
    if previous is None:
        return None
    totals = pledge_totals(video=previous.video)
    return {"title": previous.video.title, "pledged": totals.pledged, "kept": totals.kept}


def context_for(edition: Edition) -> dict:
    video = edition.video.specific
    # Links to the video go through a redirect that counts visits (newsletter.views.visit).
    return {
        "edition": edition,
        "video": video,
        "video_url": absolute_url(reverse("newsletter:visit", kwargs={"pk": edition.pk})),
        "pledge_url": absolute_url(reverse("newsletter:visit_pledge", kwargs={"pk": edition.pk})),
        "thumbnail_url": _thumbnail_url(video),
        "story_opening": Truncator(strip_tags(video.story)).words(STORY_WORDS),
        "previous": _previous_numbers(edition),
        "archive_url": archive_url(edition),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "site_url": absolute_url("/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def render_bodies(edition: Edition) -> tuple[str, str]:
    """(HTML, plain text) for everyone."""
    context = context_for(edition)
    return (
        render_to_string("newsletter/email/edition.html", context),
        render_plain_text("newsletter/email/edition.txt", context),
    )


def personalise(body: str, *, unsubscribe_url: str) -> str:
    return body.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url)


def for_the_archive(html_body: str) -> str:
    return FOR_THE_RECIPIENT.sub("", html_body)
