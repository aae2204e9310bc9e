"""The Share block's plain links: each an address on the target site, asked for only when a
reader clicks it (nothing of theirs is loaded on our pages)."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

from alongside.core.mail import absolute_page_url


def share_links(video) -> dict:
    """The video's address, and a link per place to share it."""
    url = absolute_page_url(video)
    words = f"{video.title}: {video.summary}"
    email = {
        "subject": video.title,
        "body": _("I thought of you when I watched this.\n\n%(words)s\n%(url)s")
        % {"words": words, "url": url},
    }
    return {
        "url": url,
        "links": [
            # Mail programs read "+" in a mailto: literally: spaces are written %20.
            ("email", _("Email"), "mailto:?" + urlencode(email, quote_via=quote)),
            ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": f"{words} {url}"})),
            ("x", "X", "https://x.com/intent/post?" + urlencode({"text": video.title, "url": url})),
            (
                "facebook",
                "Facebook",
                "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
            ),
            (
                "linkedin",
                "LinkedIn",
                "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
            ),
        ],
    }
