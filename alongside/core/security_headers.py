"""Content-Security-Policy and Permissions-Policy on every response.

The middleware sits above the page cache, so a copy served from the cache carries exactly the
headers of a freshly rendered page. The policies are the same for every visitor (hashes, never
nonces: a cached page carries nothing per visitor). See docs/decisions/0041-security-headers.md.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from alongside.videos.providers import PLAYER_ORIGINS


def _origin(url: str) -> str:
    """The origin a setting's URL points at: 'self' for a path, scheme and host otherwise."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "'self'"


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(
        " ".join([name, *dict.fromkeys(sources)]) for name, sources in directives.items()
    )


def public_policy() -> str:
    """Public pages: our own scripts, styles and requests, images and media from where
    STATIC_URL and MEDIA_URL point, frames only from the two players, framed by nobody."""
    static, media = _origin(settings.STATIC_URL), _origin(settings.MEDIA_URL)
    return _policy(
        {
            "default-src": ["'none'"],
            "script-src": ["'self'", static],
            "style-src": ["'self'", static],
            # data: for the site icon, which travels inside the page.
            "img-src": ["'self'", "data:", static, media],
            "media-src": ["'self'", media],
            "font-src": ["'self'", static],
            "connect-src": ["'self'"],
            "frame-src": list(PLAYER_ORIGINS),
            "form-action": ["'self'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
        }
    )


def admin_policy() -> str:
    """The admin: Wagtail's editor still has inline scripts and styles, so this policy guards
    what does not break it: framed only by itself (the preview is an iframe of the admin), no
    plugins, no <base> from elsewhere."""
    return _policy(
        {
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    )


def _allow(feature: str, origins: tuple[str, ...]) -> str:
    quoted = " ".join(f'"{origin}"' for origin in origins)
    return f"{feature}=(self {quoted})"


# Nothing on the site uses sensors, the camera, the microphone or payments; the players may
# autoplay, go full screen and play protected media, and nobody else.
PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "camera",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "payment",
                "usb",
            )
        ),
        *(
            _allow(feature, PLAYER_ORIGINS)
            for feature in ("autoplay", "encrypted-media", "fullscreen", "picture-in-picture")
        ),
    ]
)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (the admin's own under /admin/) and the
    Permissions-Policy. Place it above alongside.core.cache.PageCacheMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical error pages in DEBUG are styled and scripted inline.
        if not (settings.DEBUG and response.status_code >= 400):
            in_admin = request.path.startswith(reverse("wagtailadmin_home"))
            response["Content-Security-Policy"] = admin_policy() if in_admin else public_policy()
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
