"""The subscribe form's POST, and the pages the links in newsletter emails open.

The form sits on cached pages and carries no CSRF token (docs/decisions/0003, 0004): its views
are `csrf_exempt`, refuse cross-site posts and rely on the signed form token. Pages behind
emailed links change nothing on GET (mail scanners open links); the unsubscribe address also
takes mail programs' one-click POST (RFC 8058), which carries no token of any kind.
"""

from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from alongside.core.cache import patch_public_cache
from alongside.core.guard import client_ip, hit_rate_limit, submission_key
from alongside.core.http import emailed_link_page, same_origin_post

from . import compose, links, services
from .forms import SubscribeForm
from .models import Edition

FRAGMENT = "newsletter/includes/subscribe.html"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _form_response(request, form):
    """The form again with its errors and what was typed: a fragment for htmx, or a page of
    its own without JavaScript."""
    template = FRAGMENT if _is_htmx(request) else "newsletter/subscribe.html"
    response = TemplateResponse(request, template, {"subscribe_form": form})
    add_never_cache_headers(response)
    return response


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """GET: the form on a page of its own. POST: from here or from any page's form."""
    if request.method != "POST":
        response = TemplateResponse(request, "newsletter/subscribe.html", {})
        return patch_public_cache(request, response)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        if form.tampered:
            return HttpResponseBadRequest("This form could not be read. Please reload the page.")
        return _form_response(request, form)
    if hit_rate_limit(scope="newsletter", ip=client_ip(request), email=form.cleaned_data["email"]):
        form.add_rate_limit_error()
        return _form_response(request, form)
    services.subscribe(
        email=form.cleaned_data["email"],
        name=form.cleaned_data["name"],
        request_key=submission_key(request, form_token=form.form_token),
    )
    # The same answer whatever the address's state.
    if _is_htmx(request):
        return TemplateResponse(request, FRAGMENT, {"subscribe_sent": True})
    return redirect("newsletter:check_inbox")


@require_GET
def check_inbox(request):
    response = TemplateResponse(request, "newsletter/check_inbox.html", {})
    return patch_public_cache(request, response)


def _link_gone(request):
    return emailed_link_page(request, "newsletter/link_gone.html", status=404)


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """One Confirm button; nothing changes until it is pressed."""
    subscriber = links.subscriber_for_token(token=token, action="confirm")
    if subscriber is None:
        return _link_gone(request)
    if request.method == "POST":
        services.confirm(subscriber=subscriber)
        return emailed_link_page(request, "newsletter/confirmed.html")
    return emailed_link_page(request, "newsletter/confirm.html")


def _test_link(request):
    """A link in a curator's test email: it names nobody, and changes nothing."""
    return emailed_link_page(request, "newsletter/test_link.html")


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """GET: one button. POST (the button, or a mail program's one-click): unsubscribed now,
    and counted for the edition the link came in."""
    target = links.read_link(token=token, action="unsubscribe")
    if target is not None and target.is_test:
        return _test_link(request)
    if target is None or target.subscriber is None:
        return _link_gone(request)
    if request.method == "POST":
        services.unsubscribe(subscriber=target.subscriber, edition_id=target.edition_id)
        return emailed_link_page(request, "newsletter/unsubscribed.html", {"token": token})
    return emailed_link_page(request, "newsletter/unsubscribe.html")


@csrf_exempt
@same_origin_post
@require_http_methods(["POST"])
def forget(request, token: str):
    """ "Delete my address": the unsubscribe link's holder may also have it forgotten."""
    target = links.read_link(token=token, action="unsubscribe")
    if target is not None and target.is_test:
        return _test_link(request)
    if target is not None and target.subscriber is not None:
        services.forget_address(email=target.subscriber.email)
    return emailed_link_page(request, "newsletter/forgotten.html")


@require_safe
def visit(request, pk: int, to: str = ""):
    """A link in an edition to its video (`to="pledge"`: to the pledge button): one more visit
    counted on the edition when a GET comes once it has gone out, then on to the page.

    Nothing about the visitor is read or kept (no cookie, no row, no address), and HEAD, which
    link checkers and mail scanners send, is not counted."""
    edition = get_object_or_404(Edition.objects.select_related("video"), pk=pk)
    parts = edition.video.get_url_parts(request)
    if parts is None or not edition.video.live:
        raise Http404
    video_path = parts[2]  # the page's path on this site (see core.mail.absolute_page_url)
    if request.method == "GET" and edition.started_at is not None:  # not a draft's test email
        Edition.objects.filter(pk=pk).update(video_visits=F("video_visits") + 1)
    response = HttpResponseRedirect(f"{video_path}#pledge" if to == "pledge" else video_path)
    add_never_cache_headers(response)  # each visit reaches us, not a cache
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def archive(request):
    """Every edition sent, newest first."""
    editions = (
        Edition.objects.filter(status=Edition.Status.SENT)
        .only("pk", "subject", "preheader", "finished_at")
        .order_by("-finished_at")
    )
    response = TemplateResponse(request, "newsletter/archive.html", {"editions": editions})
    return patch_public_cache(request, response)


@require_GET
def edition(request, pk: int):
    """An edition as its readers got it, without anybody's own links ("read it in your
    browser")."""
    sent = get_object_or_404(Edition.objects.only("html_body"), pk=pk, status=Edition.Status.SENT)
    response = HttpResponse(compose.for_the_archive(sent.html_body))
    return patch_public_cache(request, response)
