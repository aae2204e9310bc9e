"""Odd input in addresses, query strings and forms gets a 404 or a message, never a 500."""

import pytest

from alongside.pledges.models import Pledge
from alongside.pledges.tests.conftest import form_data as pledge_form
from alongside.reflections.models import Reflection
from alongside.reflections.tests.conftest import reflection_post
from alongside.reflections.tests.test_display import write

pytestmark = pytest.mark.django_db

HUGE_ID = "9" * 20  # overflows a 64-bit integer (SQLite raised OverflowError)
SAME_SITE = {"Origin": "http://testserver"}


@pytest.fixture
def video(make_video):
    return make_video("The Finish Line")


@pytest.mark.parametrize("parameter", ["reply_to", "thanks", "deleted", "page", "order"])
@pytest.mark.parametrize("value", ["²", "١٢", HUGE_ID, "-1", "1e3", " 7", ""])
def test_odd_query_parameters_show_the_page(client, video, parameter, value):
    assert client.get(video.url, {parameter: value}).status_code in (200, 404)
    # With a cookie (a viewer who wrote here) the page cache does not tidy the parameters.
    client.cookies["sessionid"] = "anything"
    assert client.get(video.url, {parameter: value}).status_code in (200, 404)


@pytest.mark.parametrize(
    "address",
    [
        "/pledges/video/{id}/",
        "/pledges/video/{id}/pledge/",
        "/reflections/feed/video/{id}/",
        "/reflections/video/{id}/",
        "/reflections/{id}/report/",
        "/reflections/{id}/edit/",
        "/reflections/{id}/delete/",
    ],
)
@pytest.mark.parametrize("number", [HUGE_ID, "²", "0"])
def test_ids_that_cannot_be_ids_are_not_found(client, address, number):
    url = address.format(id=number)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {}, headers=SAME_SITE).status_code in (400, 404, 405)


def long_address(length: int) -> str:
    domain = "@example.org"
    return "a" * 60 + "." + "b" * (length - 61 - len(domain)) + domain


@pytest.mark.parametrize("length", [255, 300, 320])
def test_an_address_too_long_to_store_is_explained_next_to_the_field(client, video, length):
    email = long_address(length)
    response = client.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, email=email, text="Kept as typed"),
        headers=SAME_SITE,
    )
    assert response.status_code == 400  # the form again, with its errors
    assert "at most 254 characters" in response.content.decode()
    assert "Kept as typed" in response.content.decode()
    assert not Reflection.objects.exists()

    response = client.post(
        f"/pledges/video/{video.pk}/pledge/", pledge_form(video, email=email), headers=SAME_SITE
    )
    assert response.status_code in (200, 400)
    assert "at most 254 characters" in response.content.decode()
    assert not Pledge.objects.exists()


ARABIC_INDIC_DIGITS = "".join(chr(0x0660 + n) for n in range(10))  # int() reads them
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
SPELLINGS = {
    "arabic-indic": lambda pk: str(pk).translate(str.maketrans("0123456789", ARABIC_INDIC_DIGITS)),
    "superscript": lambda pk: str(pk).translate(str.maketrans("0123456789", SUPERSCRIPT_DIGITS)),
    "huge": lambda pk: HUGE_ID,
    "negative": lambda pk: f"-{pk}",
    "zero": lambda pk: "0",
}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_reply_names_its_reflection_in_ascii_digits_only(client, video, spelling):
    first = write(video, "Amara", "The first words")
    response = client.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, text="A reply", parent=SPELLINGS[spelling](first.pk)),
        headers=SAME_SITE,
    )
    assert response.status_code == 400
    assert "no longer here" in response.content.decode()
    assert not Reflection.objects.filter(text="A reply").exists()


def test_an_address_too_long_spends_none_of_the_rate_limit(client, video, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_PER_IP = "1/h"
    turned_down = client.post(
        f"/reflections/video/{video.pk}/",
        reflection_post(video, email=long_address(255)),
        headers=SAME_SITE,
    )
    assert turned_down.status_code == 400
    taken = client.post(
        f"/reflections/video/{video.pk}/", reflection_post(video), headers=SAME_SITE
    )
    assert taken.status_code == 302
