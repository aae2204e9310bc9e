"""The spam guard every public form shares: signed form tokens, a honeypot, rate limits,
the curators' blocklist, a limit on links, and (when configured) Akismet.

Forms on cached pages carry no per-visitor token (docs/decisions/0003-cacheable-pages.md):
the signed token only says which object the form is for, when it was issued and a random
idempotency key, so the same HTML can be served to everyone.
"""

import hashlib
import ipaddress
import logging
import re
import time
import uuid
from dataclasses import dataclass
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from .cache import kept_for_site_version
from .mail import email_digest, normalise_email
from .models import BlockedSender

logger = logging.getLogger(__name__)

TOKEN_SALT = "alongside.core.guard.form"
LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
SUBMIT_KEY = re.compile(r"[0-9a-f]{32}")


class TokenTampered(Exception):
    """The form's token was forged, edited or made for another object: a plain 400."""


class TokenExpired(Exception):
    """The form sat open too long; the viewer sends it again with a fresh token."""


class TooFast(Exception):
    """Sent sooner than a person could have filled the form in."""


@dataclass(frozen=True)
class FormToken:
    target_id: int
    idempotency_key: str
    issued_at: int


def issue_token(*, purpose: str, target_id: int, now: float | None = None) -> str:
    """A signed token naming the form's purpose and target, the time and a fresh key."""
    issued_at = int(now if now is not None else time.time())
    payload = {"p": purpose, "o": target_id, "k": uuid.uuid4().hex, "t": issued_at}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


# Where a rendered form's token goes: the slot is filled with a fresh token as the response
# leaves (FormTokenMiddleware), so a page part kept rendered (videos' sections, see
# VideoPage.get_context) still gives every rendering its own token. A "<" escapes in anything
# a visitor wrote, so their words can never make a slot.
TOKEN_SLOT = '<input type="hidden" name="token" data-token-for="{purpose} {target}">'
TOKEN_SLOTS = re.compile(rb'<input type="hidden" name="token" data-token-for="([\w-]+) (\d*)">')


def token_slot(*, purpose: str, target_id: int | None) -> str:
    return TOKEN_SLOT.format(purpose=purpose, target="" if target_id is None else target_id)


def fill_token_slots(content: bytes) -> bytes:
    """Each slot made a hidden input carrying a token issued now."""

    def fill(slot) -> bytes:
        purpose, target = slot[1].decode(), slot[2].decode()
        token = issue_token(purpose=purpose, target_id=int(target) if target else None)
        return b'<input type="hidden" name="token" value="%s">' % token.encode()

    return TOKEN_SLOTS.sub(fill, content)


class FormTokenMiddleware:
    """Fills the token slots of every HTML answer (see TOKEN_SLOT), inside the page cache, so
    a kept copy holds real tokens as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b'data-token-for="' in response.content
        ):
            response.content = fill_token_slots(response.content)
            if response.has_header("Content-Length"):  # set by CommonMiddleware, inside this
                response["Content-Length"] = str(len(response.content))
        return response


def read_token(token: str, *, purpose: str, target_id: int, now: float | None = None):
    """Check a token's signature, target and age; returns a FormToken."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        valid = payload["p"] == purpose and payload["o"] == target_id
        parsed = FormToken(payload["o"], str(payload["k"]), int(payload["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenTampered from error
    if not valid:
        raise TokenTampered
    age = (now if now is not None else time.time()) - parsed.issued_at
    if age > settings.FORM_MAX_AGE_SECONDS:
        raise TokenExpired
    if age < settings.FORM_MIN_FILL_SECONDS:
        raise TooFast
    return parsed


def submission_key(request, *, form_token: FormToken) -> str:
    """Name one sending of a form, so that the same form sent twice (a double click) can be
    told from a second, deliberate one (docs/decisions/0010-pledge-confirmation-and-follow-up.md).

    A cached page gives every viewer the same token, so its key alone cannot tell two visits
    apart. With JavaScript, forms.js adds `submit_key`: random for each filling of the form,
    the same when that form is sent twice. Without it, the same token from the same IP address
    and browser stands for the same sending; callers fold only sendings seconds apart.
    """
    submit_key = request.POST.get("submit_key", "")
    if SUBMIT_KEY.fullmatch(submit_key):
        return submit_key
    user_agent = request.headers.get("User-Agent", "")
    source = f"{form_token.idempotency_key}|{client_ip(request)}|{user_agent}"
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def _parse_rate(rate: str) -> tuple[int, int]:
    """ "5/m", "20/h", "100/d" as (count, seconds)."""
    count, _, unit = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip()[:1].lower()]
    return int(count), seconds


def hit_rate_limit(
    *, scope: str, ip: str, email: str, per_ip: str = "", per_email: str = ""
) -> bool:
    """Count one submission; True when this IP or this address has sent too many lately.

    `per_ip` and `per_email` ("5/h") replace the site-wide rates for a form that needs tighter.
    """
    if not settings.RATELIMIT_ENABLE:
        return False
    limited = False
    checks = (
        (f"ip:{ip}", per_ip or settings.RATELIMIT_PER_IP),
        (
            f"email:{email_digest(email, purpose='ratelimit')[:32]}",
            per_email or settings.RATELIMIT_PER_EMAIL,
        ),
    )
    for who, rate in checks:
        allowed, window = _parse_rate(rate)
        key = f"ratelimit:{scope}:{who}:{int(time.time() // window)}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        limited = limited or count > allowed
    return limited


def is_blocked(*, email: str, ip: str, text: str = "") -> bool:
    """True when the address, its domain, the IP or a word is on the curators' blocklist."""
    email = normalise_email(email).lower()
    domain = email.rpartition("@")[2]
    lowered = text.lower()
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        address = None
    for kind, value in blocklist():
        if (
            (kind == BlockedSender.Kind.EMAIL and email == value)
            or (
                kind == BlockedSender.Kind.DOMAIN
                and (domain == value or domain.endswith(f".{value}"))
            )
            or (kind == BlockedSender.Kind.WORD and value in lowered)
            or (kind == BlockedSender.Kind.IP_RANGE and address and _in_network(address, value))
        ):
            return True
    return False


def blocklist() -> list[tuple[str, str]]:
    """The curators' blocklist, kept in each process under the site's version (every change to
    it changes that version, core/apps.py): checking a post costs no round trip."""
    return kept_for_site_version(
        "guard-blocklist", lambda: list(BlockedSender.objects.values_list("kind", "value"))
    )


def _in_network(address, network: str) -> bool:
    try:
        return address in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def akismet_says_spam(
    *, ip: str, user_agent: str, permalink: str, name: str, email: str, text: str, kind: str
) -> bool:
    """Ask Akismet (only when AKISMET_API_KEY is set). Run from a task: it is a network call.

    Akismet being down never blocks anyone: any failure counts as "not spam".
    """
    if not settings.AKISMET_API_KEY:
        return False
    data = urlencode(
        {
            "api_key": settings.AKISMET_API_KEY,
            "blog": settings.SITE_URL,
            "user_ip": ip,
            "user_agent": user_agent,
            "permalink": permalink,
            "comment_type": kind,
            "comment_author": name,
            "comment_author_email": email,
            "comment_content": text,
        }
    ).encode()
    request = Request(settings.AKISMET_URL, data=data, method="POST")
    try:
        with urlopen(request, timeout=settings.AKISMET_TIMEOUT) as response:
            return response.read().strip() == b"true"
    except (URLError, OSError) as error:
        logger.warning("Akismet check failed, treating as not spam: %s", type(error).__name__)
        return False


def client_ip(request) -> str:
    """The viewer's IP: REMOTE_ADDR, or the proxy's X-Forwarded-For when told to trust it."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
