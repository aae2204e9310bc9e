"""Every public page type in a real browser: WCAG 2.2 AA by axe-core in the light and dark
colour schemes, valid HTML by the Nu HTML Checker, page weight within budget, screenshots."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.core.models import ModerationStatus
from alongside.core.tests.browser import (
    DESKTOP,
    PHONE,
    SHOTS,
    add_reflections,
    axe_source,
    axe_violations,
    measure,
    open_page,
    record_weights,
    vnu_command,
    vnu_errors,
)
from alongside.pledges import links
from alongside.pledges.models import KeptStory, Pledge

pytestmark = [pytest.mark.e2e]

VIDEO_PAGE_BUDGET = {"compressed_bytes": 50 * 1024, "requests": 6}


@dataclass
class Site:
    live: str
    video: object
    report_path: str
    confirm_path: str


def add_pledges(video, count: int = 4) -> None:
    """Confirmed pledges, one with a public note and one kept with a story; and one waiting."""
    now = timezone.now()
    for number in range(count):
        pledge = Pledge.objects.create(
            video=video,
            name=f"Pledger {number + 1}",
            email=f"pledger{number + 1}@example.org",
            show_name=number != 1,
            note="For my grandmother, who taught me this." if number == 0 else "",
            created_at=now - timedelta(days=3, hours=number),
            confirmed_at=now - timedelta(days=2, hours=number),
            kept_at=now - timedelta(hours=number) if number == 0 else None,
            status=ModerationStatus.PUBLISHED,
        )
        if pledge.kept_at:
            KeptStory.objects.create(
                pledge=pledge,
                text="I called her on Sunday.\n\nWe talked for an hour.",
                created_at=pledge.kept_at,
                status=ModerationStatus.PUBLISHED,
            )


@pytest.fixture
def site(transactional_db, live_server, make_video, topic, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    settings.RATELIMIT_ENABLE = False
    video = make_video("The Finish Line", topics=[topic], pledge_goal=10)
    make_video("Another week", topics=[topic], days_ago=7)
    make_video("Three weeks ago", days_ago=21)
    reflections = add_reflections(video, 55)
    add_pledges(video)
    waiting = Pledge.objects.create(
        video=video,
        name="Ana",
        email="ana@example.org",
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    confirm_token = links.make_token(pledge=waiting, action="confirm")
    return Site(
        live=live_server.url,
        video=video,
        report_path=f"/reflections/{reflections[0].pk}/report/",
        confirm_path=f"/pledges/confirm/{confirm_token}/",
    )


def submit_empty(button: str, *, field: str = "", value: str = "", too_soon: bool = False):
    """Put a form in its error state: send it with at most one field filled (the rest empty),
    or sooner than the spam guard allows. Returns the POST's response."""

    def act(page, settings):
        if too_soon:
            settings.FORM_MIN_FILL_SECONDS = 600
        if field:
            page.fill(field, value)
        with page.expect_response(lambda response: response.request.method == "POST") as sent:
            page.get_by_role("button", name=button).click()
        page.locator(".form-errors").first.wait_for()
        return sent.value

    return act


# Each public page type: where it is, and what to do there to reach the state checked.
PAGES = {
    "home": (lambda site: "/", None),
    "video-index": (lambda site: "/videos/", None),
    "topic": (lambda site: "/videos/topics/kindness/", None),
    "video": (lambda site: site.video.url, None),
    "reflections-page-2": (lambda site: site.video.url + "?page=2", None),
    "video-pledges": (lambda site: f"/pledges/video/{site.video.pk}/", None),
    "recent-pledges": (lambda site: "/pledges/", None),
    "pledge-confirm": (lambda site: site.confirm_path, None),
    "report": (lambda site: site.report_path, None),
    "reflection-form-error": (
        lambda site: site.video.url,
        submit_empty("Send reflection", field="#id_name", value="Seán O'Brien"),
    ),
    "pledge-form-error": (
        lambda site: site.video.url,
        submit_empty("Pledge", field="#pledge_name", value="Nguyễn Thị Lan"),
    ),
    "report-form-error": (
        lambda site: site.report_path,
        submit_empty("Send report", too_soon=True),
    ),
}
# Page types a viewer lands on (the error states are reached by sending a form).
LANDING_PAGES = [name for name, (_, act) in PAGES.items() if act is None]
VIDEO_PAGES = ("video", "reflections-page-2")


def visit(browser, site, settings, name, **options):
    """Open page type `name` and bring it to its state; returns (page, traffic, response)."""
    path, act = PAGES[name]
    page, traffic = open_page(browser, site.live + path(site), **options)
    response = act(page, settings) if act else traffic.document
    return page, traffic, response


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['rule']}: {violation['help']}")
        lines.extend(f"    {node['target']}: {node['why']}" for node in violation["nodes"][:5])
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_type_has_no_accessibility_violations_in_light_or_dark(browser, site, settings, name):
    """Also saves screenshots: desktop and phone widths, and the phone in the dark scheme."""
    axe_source()  # installed, or skip (fail under E2E=required) before any work
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for scheme, viewport, shot in (
        ("light", DESKTOP, f"{name}-desktop.png"),
        ("light", PHONE, f"{name}-phone.png"),
        ("dark", PHONE, f"{name}-phone-dark.png"),
    ):
        page, _, _ = visit(browser, site, settings, name, viewport=viewport, color_scheme=scheme)
        page.screenshot(path=SHOTS / shot, full_page=True)
        assert (SHOTS / shot).stat().st_size > 10_000  # a page, not a blank
        if viewport is DESKTOP or scheme == "dark":
            found[f"{scheme}, {viewport['width']}px"] = axe_violations(page)
        page.context.close()
    problems = {where: describe(violations) for where, violations in found.items() if violations}
    assert not problems, "\n".join(f"[{where}]\n{text}" for where, text in problems.items())


def test_every_page_type_is_valid_html(browser, site, settings, tmp_path):
    vnu_command()  # installed, or skip (fail under E2E=required) before any work
    files = []
    for name in PAGES:
        page, _, response = visit(browser, site, settings, name, javascript=False)
        assert response.ok or response.status == 400, (name, response.status)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.body())
        page.context.close()
    errors = vnu_errors(files)
    assert not errors, "\n".join(
        f"{name}:\n  " + "\n  ".join(messages) for name, messages in errors.items()
    )


def test_page_weight_before_any_interaction(browser, site, settings):
    weights = []
    for name in LANDING_PAGES:
        page, traffic, _ = visit(browser, site, settings, name)
        weights.append(measure(page, traffic, name))
        page.context.close()
    record_weights(weights)
    for weight in weights:
        assert weight.blocking_scripts == [], (weight.page, weight.blocking_scripts)
        if weight.page in VIDEO_PAGES:
            assert weight.requests <= VIDEO_PAGE_BUDGET["requests"], weight
            assert weight.compressed_bytes <= VIDEO_PAGE_BUDGET["compressed_bytes"], weight
