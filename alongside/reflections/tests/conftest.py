import pytest

from alongside.conftest import form_token as shared_form_token


def form_token(target_id, *, purpose="reflection", seconds_ago=10):
    return shared_form_token(target_id, purpose=purpose, seconds_ago=seconds_ago)


def reflection_post(video, **overrides):
    return {
        "token": form_token(video.pk),
        "website": "",
        "name": "Seán O'Brien",
        "email": "sean.obrien@example.org",
        "text": "He kept going.\n\nSo will I.",
    } | overrides


@pytest.fixture
def video(make_video):
    return make_video("The Finish Line")


@pytest.fixture
def post(client, video):
    """POST the reflection form for `video` like a browser on the same site would."""

    def send(data=None, *, target=None, **headers):
        target = target or video
        return client.post(
            f"/reflections/video/{target.pk}/",
            data if data is not None else reflection_post(target),
            headers={"Origin": "http://testserver"} | headers,
        )

    return send
