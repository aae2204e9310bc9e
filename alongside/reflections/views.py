"""Thin views: parse the request, call one service or selector, redirect or render."""

from django.core import signing
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alongside.core import guard
from alongside.core.http import same_origin_post
from alongside.core.models import ModerationMode
from alongside.videos.selectors import public_video_or_404, public_videos

from . import services
from .forms import EditReflectionForm, ReflectionForm, ReportForm
from .models import EDIT_WINDOW_MINUTES, Reflection
from .selectors import OWN_COOKIE, OWN_COOKIE_SALT, own_reflection_ids

SECTION_TEMPLATE = "reflections/includes/section.html"


def _render_video(request, video, form, *, status=200, **extra):
    """The video page (or, for htmx, just its reflections section) with this form in it."""
    context = video.get_context(request) | {"reflection_form": form} | extra
    if request.headers.get("HX-Request"):
        # htmx swaps only 2xx answers; the form's errors are in the fragment either way.
        template, status = SECTION_TEMPLATE, 200
    else:
        template = video.get_template(request)
    response = TemplateResponse(request, template, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _remember_own(response, request, reflection_id: int):
    ids = sorted(own_reflection_ids(request) | {reflection_id})[-20:]
    response.set_cookie(
        OWN_COOKIE,
        signing.dumps(ids, salt=OWN_COOKIE_SALT),
        max_age=EDIT_WINDOW_MINUTES * 60,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@csrf_exempt  # the page is cached for everyone; see docs/decisions/0003-cacheable-pages.md
@same_origin_post
@require_POST
def post_reflection_view(request, video_id):
    video = public_video_or_404(video_id)
    form = ReflectionForm(request.POST, video=video)
    mode = services.moderation_mode(video=video, request=request)
    if mode == ModerationMode.CLOSED:
        form.add_error(None, _("Reflections on this video are closed."))
        return _render_video(request, video, form, status=403)
    if not form.is_valid():
        if form.tampered:
            return HttpResponseBadRequest("This form could not be accepted.")
        return _render_video(request, video, form, status=400)
    ip = guard.client_ip(request)
    if guard.hit_rate_limit(scope="reflections", ip=ip, email=form.cleaned_data["email"]):
        form.add_rate_limit_error()
        return _render_video(request, video, form, status=429)
    result = services.post_reflection(
        **form.service_kwargs(),
        mode=mode,
        ip=ip,
        user_agent=request.headers.get("User-Agent", ""),
    )
    reflection = result.reflection
    if request.headers.get("HX-Request"):
        response = _render_video(
            request,
            video,
            ReflectionForm(video=video),
            thanks_for=reflection,
            # the section shows page 1; theirs may be on another page
            thanks_url=services.landing_url(reflection).split("#")[0],
            own_reflection_ids=own_reflection_ids(request) | {reflection.pk},
        )
    else:
        response = redirect(services.landing_url(reflection))
    _remember_own(response, request, reflection.pk)
    return response


def _own_reflection_or_404(request, reflection_id) -> Reflection:
    """A reflection this browser wrote, or one whose 15 minutes are over.

    Past the window the browser no longer holds the cookie naming its own reflections, so
    authorship cannot be told any more; the views then only say the window closed, which
    reveals nothing (the date is on the page) and changes nothing.
    """
    # On a video nobody may see (private, unpublished) it is not there either.
    reflection = get_object_or_404(
        Reflection.objects.filter(video__in=public_videos().values("pk")).select_related("video"),
        pk=reflection_id,
    )
    if services.can_still_edit(reflection) and reflection_id not in own_reflection_ids(request):
        raise Http404
    return reflection


@require_http_methods(["GET", "POST"])
def edit_reflection_view(request, reflection_id):
    reflection = _own_reflection_or_404(request, reflection_id)
    form = EditReflectionForm(request.POST or None, initial={"text": reflection.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_reflection(reflection=reflection, text=form.cleaned_data["text"])
        except services.EditWindowClosed:
            return _edit_window_closed(request, reflection, text=form.cleaned_data["text"])
        return redirect(f"{reflection.video.url}#{reflection.anchor}")
    if not services.can_still_edit(reflection):
        return _edit_window_closed(request, reflection, text=request.POST.get("text", ""))
    return TemplateResponse(
        request,
        "reflections/edit.html",
        {"form": form, "reflection": reflection},
        status=400 if form.errors else 200,
    )


def _edit_window_closed(request, reflection, *, text: str):
    """Too late to change it: keep the words they sent, ready to post as a new reflection."""
    video = reflection.video
    mode = services.moderation_mode(video=video, request=request)
    new_form = None
    if text.strip() and video.live and mode != ModerationMode.CLOSED:
        new_form = ReflectionForm(
            video=video,
            initial={"name": reflection.name, "text": text, "parent": reflection.parent_id},
        )
    context = {
        "reflection": reflection,
        "page": video,
        "reflection_form": new_form,
        "reflection_mode": mode,
        "reply_to": reflection.parent,
    }
    return TemplateResponse(request, "reflections/edit_closed.html", context, status=403)


def _delete_window_closed(request, reflection):
    context = {"reflection": reflection}
    return TemplateResponse(request, "reflections/delete_closed.html", context, status=403)


@require_http_methods(["GET", "POST"])
def delete_reflection_view(request, reflection_id):
    reflection = _own_reflection_or_404(request, reflection_id)
    if request.method == "POST":
        try:
            services.delete_reflection(reflection=reflection)
        except services.EditWindowClosed:
            return _delete_window_closed(request, reflection)
        # The notice there is shown only to the browser that wrote it (see selectors).
        return redirect(f"{reflection.video.url}?deleted={reflection_id}#reflections")
    if not services.can_still_edit(reflection):
        return _delete_window_closed(request, reflection)
    return TemplateResponse(request, "reflections/delete.html", {"reflection": reflection})


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def report_reflection_view(request, reflection_id):
    reflection = get_object_or_404(
        Reflection.objects.published()
        .filter(video__in=public_videos().values("pk"))
        .select_related("video"),
        pk=reflection_id,
    )
    form = ReportForm(request.POST or None, target_id=reflection.pk)
    if request.method == "POST":
        if form.is_valid():
            ip = guard.client_ip(request)
            if guard.hit_rate_limit(scope="reports", ip=ip, email=f"report-{reflection.pk}"):
                form.add_rate_limit_error()
            else:
                services.report_reflection(
                    reflection=reflection, reason=form.cleaned_data["reason"], ip=ip
                )
                return TemplateResponse(
                    request, "reflections/reported.html", {"reflection": reflection}
                )
        elif form.tampered:
            return HttpResponseBadRequest("This form could not be accepted.")
    return TemplateResponse(
        request,
        "reflections/report.html",
        {"form": form, "reflection": reflection},
        status=400 if form.errors else 200,
    )


@csrf_exempt
@same_origin_post
@require_http_methods(["GET", "POST"])
def forget_view(request, token):
    """From the link in every email: delete everything written from that address."""
    reflection = services.reflection_from_email_link(token, action="forget")
    if request.method == "POST" and reflection is not None:
        count = services.forget_address(reflection=reflection)
        return TemplateResponse(request, "reflections/forgotten.html", {"count": count})
    return TemplateResponse(
        request,
        "reflections/forget.html",
        {"reflection": reflection},
        status=200 if reflection else 404,
    )


@csrf_exempt  # mail providers send the one-click unsubscribe POST from their own servers
@require_http_methods(["GET", "POST"])
def stop_replies_view(request, token):
    reflection = services.reflection_from_email_link(token, action="stop")
    if request.method == "POST" and reflection is not None:
        services.stop_reply_emails(reflection=reflection)
        return TemplateResponse(request, "reflections/stopped.html", {})
    return TemplateResponse(
        request,
        "reflections/stop.html",
        {"reflection": reflection},
        status=200 if reflection else 404,
    )
