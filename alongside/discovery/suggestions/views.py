"""The "Suggest a video" page and the answer it gives.

Like every public form, it carries no CSRF token (docs/decisions/0003-cacheable-pages.md): it
is refused when cross-site and protected by the signed token, the honeypot and the limits.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from alongside.core.cache import patch_public_cache
from alongside.core.guard import client_ip, hit_rate_limit
from alongside.core.http import same_origin_post
from alongside.videos.selectors import public_videos

from . import services
from .forms import SuggestVideoForm


def _form_page(request, form):
    response = TemplateResponse(request, "discovery/suggestions/suggest.html", {"form": form})
    if form.is_bound:
        add_never_cache_headers(response)
        return response
    return patch_public_cache(request, response)


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def suggest(request):
    """The form: the video's link, why it moved you, and optionally who you are."""
    if request.method != "POST":
        return _form_page(request, SuggestVideoForm())
    form = SuggestVideoForm(request.POST)
    if not form.is_valid():
        if form.tampered:
            return HttpResponseBadRequest("This form could not be read. Please reload the page.")
        return _form_page(request, form)
    ip = client_ip(request)
    # Without an address, the IP address stands for the sender in the per-sender count.
    if hit_rate_limit(scope="suggest-video", ip=ip, email=form.cleaned_data["email"] or ip):
        form.add_rate_limit_error()
        return _form_page(request, form)
    result = services.suggest_video(ip=ip, **form.service_kwargs())
    query = {"result": result.outcome}
    if result.video is not None:
        query["video"] = result.video.pk
    return redirect(f"{reverse('suggestions:thanks')}?{urlencode(query)}")


@require_GET
def thanks(request):
    """What became of the suggestion: queued, known already, or published (with its link)."""
    outcomes = {outcome.value for outcome in services.Outcome}
    outcome = request.GET.get("result")
    if outcome not in outcomes:
        outcome = services.Outcome.NEW
    video_id = request.GET.get("video", "")
    video = None
    if outcome == services.Outcome.PUBLISHED and video_id.isdigit() and len(video_id) < 10:
        video = public_videos().filter(pk=int(video_id)).first()
    context = {"outcome": outcome, "video": video}
    response = TemplateResponse(request, "discovery/suggestions/thanks.html", context)
    return patch_public_cache(request, response)
