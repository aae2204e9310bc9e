"""Pledge pages: the form's POST, the lists, and the pages the links in pledge emails open.

Public forms carry no CSRF token (docs/decisions/0003-cacheable-pages.md): they are
`csrf_exempt`, refused when cross-site, and protected by the signed form token. The pages
behind emailed links are private to whoever holds the link: nothing changes on GET.
"""

from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.core.cache import patch_public_cache
from alongside.core.guard import client_ip, hit_rate_limit, submission_key
from alongside.core.http import emailed_link_page, same_origin_post
from alongside.newsletter.services import WEEKLY_EMAIL_FIELD, subscribe_from_pledge
from alongside.videos.selectors import public_video_or_404, public_videos

from . import links, selectors, services
from .forms import KeptStoryForm, PledgeForm


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _form_response(request, video, form):
    """The form again, with its errors and the viewer's input: a fragment for htmx, or the
    whole video page without JavaScript."""
    if _is_htmx(request):
        context = {"pledge_form": form, "page": video}
        return TemplateResponse(request, "pledges/includes/pledge_form.html", context)
    context = video.get_context(request) | {"pledge_form": form}
    response = TemplateResponse(request, video.get_template(request), context)
    add_never_cache_headers(response)
    return response


@csrf_exempt
@same_origin_post
@require_POST
def pledge(request, video_id: int):
    """Take a pledge from the video page's form."""
    video = public_video_or_404(video_id)
    form = PledgeForm(request.POST, video=video)
    if not form.is_valid():
        if form.tampered:
            return HttpResponseBadRequest("This form could not be read. Please reload the page.")
        return _form_response(request, video, form)
    ip = client_ip(request)
    if hit_rate_limit(scope="pledge", ip=ip, email=form.cleaned_data["email"]):
        form.add_rate_limit_error()
        return _form_response(request, video, form)
    try:
        services.start_pledge(
            video=video,
            ip=ip,
            request_key=submission_key(request, form_token=form.form_token),
            **form.service_kwargs(),
        )
    except services.PledgesClosed as error:
        form.add_error(None, error)
        return _form_response(request, video, form)
    # The same thank-you whether or not the address had pledged before.
    if _is_htmx(request):
        context = {"pledge_form": None, "pledge_sent": True, "page": video}
        return TemplateResponse(request, "pledges/includes/pledge_form.html", context)
    return redirect(f"{video.url}?pledge=sent#pledge")


@require_GET
def video_pledges(request, video_id: int):
    """Every confirmed pledge on one video, newest first, paginated."""
    video = public_video_or_404(video_id)
    context = {
        "video": video,
        "totals": selectors.pledge_totals(video=video),
        "pledges": selectors.paginate(
            selectors.public_pledges(video=video), number=request.GET.get("page")
        ),
        "stories": selectors.published_stories(video=video),
    }
    response = TemplateResponse(request, "pledges/video_pledges.html", context)
    return patch_public_cache(request, response)


@require_GET
def recent_pledges(request):
    """The newest pledges across the site."""
    context = {"pledges": selectors.recent_pledges(number=request.GET.get("page"))}
    response = TemplateResponse(request, "pledges/recent_pledges.html", context)
    return patch_public_cache(request, response)


def _link_gone(request):
    return emailed_link_page(request, "pledges/link_gone.html", {}, status=404)


def _on_public_video(pledge) -> bool:
    """Whether the pledge's video may be seen by anyone. Confirming, keeping and "not yet"
    show the video and add to it, so they stop when it goes private or is unpublished;
    stopping emails and withdrawing always work (nobody loses the way out)."""
    return public_videos().filter(pk=pledge.video_id).exists()


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """A page with one Confirm button: mail scanners that open the link confirm nothing."""
    pledge = links.pledge_for_token(token=token, action="confirm")
    if pledge is None or not _on_public_video(pledge):
        return _link_gone(request)
    if request.method == "POST":
        with transaction.atomic():
            services.confirm_pledge(pledge=pledge)
            if request.POST.get(WEEKLY_EMAIL_FIELD):
                subscribe_from_pledge(email=pledge.email, name=pledge.name)
        return redirect(f"{pledge.video.url}?pledge=confirmed#pledge")
    return emailed_link_page(
        request, "pledges/confirm.html", {"pledge": pledge, "video": pledge.video}
    )


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def kept(request, token: str):
    """ "I did it": one button, and a story if they want to tell one."""
    pledge = links.pledge_for_token(token=token, action="kept")
    if pledge is None or not pledge.is_confirmed or not _on_public_video(pledge):
        return _link_gone(request)
    form = KeptStoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mark_kept(pledge=pledge, story=form.cleaned_data["story"], ip=client_ip(request))
        return redirect(request.path)
    context = {
        "pledge": pledge,
        "video": pledge.video,
        "form": form,
        "has_story": hasattr(pledge, "story") if pledge.kept_at else False,
    }
    return emailed_link_page(request, "pledges/kept.html", context)


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def not_yet(request, token: str):
    """ "Not yet": one button asks us to ask once more in a week."""
    pledge = links.pledge_for_token(token=token, action="not_yet")
    if pledge is None or not pledge.is_confirmed or not _on_public_video(pledge):
        return _link_gone(request)
    if request.method == "POST":
        services.ask_again_later(pledge=pledge)
        return redirect(request.path)
    return emailed_link_page(
        request, "pledges/not_yet.html", {"pledge": pledge, "video": pledge.video}
    )


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def stop(request, token: str):
    """Stop the follow-up emails. Mail providers' one-click unsubscribe POSTs here too."""
    pledge = links.pledge_for_token(token=token, action="stop")
    if pledge is None:
        return _link_gone(request)
    if request.method == "POST":
        services.stop_emails(pledge=pledge)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return emailed_link_page(request, "pledges/stopped.html", {"video": pledge.video})
        return redirect(request.path)
    return emailed_link_page(
        request, "pledges/stop.html", {"pledge": pledge, "video": pledge.video}
    )


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    """Withdraw the pledge and delete what we keep about the pledger: one button."""
    pledge = links.pledge_for_token(token=token, action="withdraw")
    if pledge is None:
        return _link_gone(request)
    if request.method == "POST":
        services.withdraw_pledge(pledge=pledge)
        return redirect("pledges:withdrawn")
    return emailed_link_page(
        request, "pledges/withdraw.html", {"pledge": pledge, "video": pledge.video}
    )


@require_GET
def withdrawn(request):
    return emailed_link_page(request, "pledges/withdrawn.html", {})
