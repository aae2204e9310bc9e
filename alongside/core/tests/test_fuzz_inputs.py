"""Arbitrary text, numbers and Unicode thrown at every public form and address parameter:
never a 5xx, and nothing stored when the input is turned down.

Forms carry freshly minted valid tokens, so the input reaches the fields and the services
behind the spam guard. Runs derandomized with a fixed number of examples per test; a time cap
keeps the file well under a minute on a slow machine (examples past it return at once, and the
count of those really run is printed at the end).
"""

import time
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from alongside.conftest import form_token
from alongside.pledges import links
from alongside.pledges import services as pledges
from alongside.pledges.models import KeptStory, Pledge
from alongside.pledges.tests.conftest import form_data as pledge_form
from alongside.reflections.models import Reflection, Report
from alongside.reflections.tests.conftest import reflection_post
from alongside.reflections.tests.test_display import write

pytestmark = [
    pytest.mark.django_db,
    # Odd paths make page-cache keys longer than memcached takes; Redis and files take them.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

EXAMPLES = 30
TIME_CAP_SECONDS = 30  # for all the examples of the file
FUZZ = hypothesis_settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # The test's fixtures (one video, one reflection) serve all its examples, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SAME_SITE = {"Origin": "http://testserver"}

# Inputs that broke things before, or are known to break naive parsing.
ODD = [
    "²",
    "١٢",
    "\U0001d7d9\U0001d7da",  # mathematical double-struck 1 and 2
    "9" * 20,
    "9" * 19,
    "-1",
    "0",
    "1e3",
    " 7",
    "7 ",
    "0x1f",
    "NaN",
    "",
    "\x00",
    "a\u0301",
    "\u202e",
    "<script>alert(1)</script>",
    '=HYPERLINK("x")',
    "a" * 400,
]
anything = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=300),
    st.integers().map(str),
    st.from_regex(r"[0-9]{15,25}", fullmatch=True),
)
emails = st.one_of(
    st.emails(),
    anything,
    # Long enough for the form's limit (254) and the model's, either side of them.
    st.integers(min_value=240, max_value=330).map(lambda n: "a" * (n - 12) + "@example.org"),
)
path_part = anything.map(lambda value: quote(value, safe=""))
TOO_LONG_EMAIL = "a" * 243 + "@example.org"  # 255: the form took it, the model did not


def or_valid(value, strategy=anything):
    """Mostly one odd field among valid ones, so each odd input reaches the code after the
    checks of the other fields."""
    return st.one_of(st.just(value), strategy)


class Budget:
    """Counts the examples run, and stops running them once the file's time is up."""

    started = None
    run = 0
    skipped = 0

    @classmethod
    def allows(cls) -> bool:
        cls.started = cls.started or time.monotonic()
        if time.monotonic() - cls.started > TIME_CAP_SECONDS:
            cls.skipped += 1
            return False
        cls.run += 1
        return True


@pytest.fixture(scope="module", autouse=True)
def report_fuzz_cases(request):
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past pytest's capture, to the terminal
            reporter.write_line(
                f"Fuzz inputs: {Budget.run} cases run, {Budget.skipped} left out by the time cap."
            )


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False  # a limit would turn every later example down unread


@pytest.fixture
def video(make_video):
    return make_video("The Finish Line")


@pytest.fixture
def reflection(video):
    return write(video, "Amara", "Words to reply to.")


def assert_answered(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(
    name=or_valid("Amara"),
    email=or_valid("amara@example.org", emails),
    text=or_valid("He kept going."),
    notify=or_valid("on"),
)
@example(name="Amara", email=TOO_LONG_EMAIL, text="He kept going.", notify="on")
def test_the_reflection_form(video, name, email, text, notify):
    if not Budget.allows():
        return
    before = Reflection.objects.count()
    response = Client().post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, name=name, email=email, text=text, notify_replies=notify),
        headers=SAME_SITE,
    )
    assert_answered(response)
    if response.status_code != 302:
        assert Reflection.objects.count() == before


@FUZZ
@given(parent=anything, text=or_valid("Me too."), htmx=st.booleans())
@example(parent="9" * 20, text="Me too.", htmx=False)
def test_the_reply_form(video, reflection, parent, text, htmx):
    if not Budget.allows():
        return
    before = Reflection.objects.count()
    headers = SAME_SITE | ({"HX-Request": "true"} if htmx else {})
    response = Client().post(
        f"/reflections/video/{video.pk}/",
        reflection_post(
            video, name="Replying", email="reply@example.org", text=text, parent=parent
        ),
        headers=headers,
    )
    assert_answered(response)
    # Without JavaScript a reply is taken with a redirect; with htmx, with its thanks.
    accepted = response.status_code == 302 or bool(htmx and response.context.get("thanks_for"))
    if not accepted:
        assert Reflection.objects.count() == before


@FUZZ
@given(reason=anything)
def test_the_report_form(reflection, reason):
    if not Budget.allows():
        return
    before = Report.objects.count()
    response = Client().post(
        f"/reflections/{reflection.pk}/report/",
        {"token": form_token(reflection.pk, purpose="report"), "website": "", "reason": reason},
        headers=SAME_SITE,
    )
    assert_answered(response)
    if "reflections/reported.html" not in [t.name for t in response.templates]:
        assert Report.objects.count() == before


@FUZZ
@given(
    name=or_valid("Amara"),
    email=or_valid("amara@example.org", emails),
    note=or_valid(""),
    visibility=or_valid("name"),
)
@example(name="Amara", email=TOO_LONG_EMAIL, note="", visibility="name")
def test_the_pledge_form(video, name, email, note, visibility):
    if not Budget.allows():
        return
    before = Pledge.objects.count()
    response = Client().post(
        f"/pledges/video/{video.pk}/pledge/",
        pledge_form(video, name=name, email=email, note=note, visibility=visibility),
        headers=SAME_SITE,
    )
    assert_answered(response)
    if response.status_code != 302:
        assert Pledge.objects.count() == before


@FUZZ
@given(story=anything)
def test_the_kept_story_form(video, story):
    if not Budget.allows():
        return
    pledge = pledges.start_pledge(video=video, name="Keeper", email="keeper@example.org")
    pledges.confirm_pledge(pledge=pledge)
    token = links.make_token(pledge=pledge, action="kept")
    response = Client().post(f"/pledges/did-it/{token}/", {"story": story}, headers=SAME_SITE)
    assert_answered(response)
    if response.status_code != 302:
        pledge.refresh_from_db()
        assert pledge.kept_at is None and not KeptStory.objects.filter(pledge=pledge).exists()
    pledges.withdraw_pledge(pledge=pledge)  # the next example pledges from the same address


@FUZZ
@given(text=anything)
def test_the_edit_form(video, text):
    if not Budget.allows():
        return
    writer = Client()
    writer.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, name="Writer", email="writer@example.org", text="As first written."),
        headers=SAME_SITE,
    )
    own = Reflection.objects.latest("pk")
    response = writer.post(f"/reflections/{own.pk}/edit/", {"text": text}, headers=SAME_SITE)
    assert_answered(response)
    own.refresh_from_db()
    if response.status_code != 302:
        assert own.text == "As first written."


@FUZZ
@given(
    parameters=st.fixed_dictionaries(
        {},
        optional={
            name: anything
            for name in ("page", "order", "reply_to", "thanks", "deleted", "pledge", "other")
        },
    ),
    with_cookie=st.booleans(),
)
@example(parameters={"reply_to": "²"}, with_cookie=True)
@example(parameters={"thanks": "²", "deleted": "²"}, with_cookie=True)
def test_the_video_page_and_lists_with_any_query(video, reflection, parameters, with_cookie):
    if not Budget.allows():
        return
    client = Client()
    if with_cookie:  # a viewer who wrote here: the page cache does not tidy the parameters
        client.cookies["sessionid"] = "anything"
    for address in (video.url, "/pledges/", f"/pledges/video/{video.pk}/"):
        assert_answered(client.get(address, parameters))


@FUZZ
@given(part=path_part)
@example(part="9" * 20)
def test_every_address_with_an_id_in_it(part):
    if not Budget.allows():
        return
    client = Client()
    for address in (
        "/pledges/video/{}/",
        "/reflections/feed/video/{}/",
        "/reflections/{}/report/",
        "/reflections/{}/edit/",
        "/reflections/{}/delete/",
        "/pledges/did-it/{}/",
        "/pledges/confirm/{}/",
        "/pledges/withdraw/{}/",
        "/reflections/forget/{}/",
    ):
        url = address.format(part)
        assert_answered(client.get(url))
    for address in (
        "/reflections/video/{}/",
        "/pledges/video/{}/pledge/",
        "/reflections/{}/report/",
    ):
        assert_answered(client.post(address.format(part), {}, headers=SAME_SITE))
