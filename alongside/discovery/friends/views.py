"""The "Send to a friend" page, its thank-you, and the do-not-send page a friend's email links to.

The form carries no CSRF token (docs/decisions/0003-cacheable-pages.md): it is `csrf_exempt`,
refused when cross-site, and protected by the signed form token, the honeypot and the limits.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from alongside.core.cache import patch_public_cache
from alongside.core.guard import client_ip, hit_rate_limit, submission_key
from alongside.core.http import emailed_link_page, same_origin_post
from alongside.videos.selectors import public_videos

from . import links, services
from .forms import SendToFriendForm


def _video(video_id: int):
    return get_object_or_404(public_videos().select_related("thumbnail"), pk=video_id)


def _form_page(request, video, form, *, status=200):
    response = TemplateResponse(
        request, "discovery/friends/send.html", {"video": video, "form": form}, status=status
    )
    if form.is_bound:
        add_never_cache_headers(response)
        return response
    return patch_public_cache(request, response)


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def send_to_friend(request, video_id: int):
    """The form: your name and email, up to three friends, a short note."""
    video = _video(video_id)
    if request.method != "POST":
        return _form_page(request, video, SendToFriendForm(video=video))
    form = SendToFriendForm(request.POST, video=video)
    if not form.is_valid():
        if form.tampered:
            return HttpResponseBadRequest("This form could not be read. Please reload the page.")
        return _form_page(request, video, form)
    ip = client_ip(request)
    if hit_rate_limit(
        scope="send-to-friend",
        ip=ip,
        email=form.cleaned_data["email"],
        per_ip=settings.FRIEND_SENDS_PER_IP,
        per_email=settings.FRIEND_SENDS_PER_SENDER,
    ):
        form.add_rate_limit_error()
        return _form_page(request, video, form)
    services.send_to_friends(
        video=video,
        ip=ip,
        user_agent=request.headers.get("User-Agent", ""),
        request_key=submission_key(request, form_token=form.form_token),
        **form.service_kwargs(),
    )
    return redirect("friends:sent", video_id=video.pk)


@require_GET
def sent(request, video_id: int):
    """The same thank-you whatever became of each address."""
    video = _video(video_id)
    response = TemplateResponse(request, "discovery/friends/sent.html", {"video": video})
    return patch_public_cache(request, response)


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def do_not_send(request, token: str):
    """One button: never receive these emails again. GET changes nothing (mail scanners open
    links); mail programs' one-click unsubscribe POSTs here too."""
    digest = links.digest_for_token(token)
    if digest is None:
        return emailed_link_page(request, "discovery/friends/link_gone.html", status=404)
    if request.method == "POST":
        services.add_to_do_not_send(address_digest=digest)
        return emailed_link_page(request, "discovery/friends/do_not_send_done.html")
    return emailed_link_page(request, "discovery/friends/do_not_send.html")
