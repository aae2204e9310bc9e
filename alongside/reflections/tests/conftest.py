import time

import pytest

from alongside.core.guard import issue_token


def form_token(target_id, *, purpose="reflection", seconds_ago=10):
    """A token as a form served `seconds_ago` would carry it (past the minimum fill time)."""
    return issue_token(purpose=purpose, target_id=target_id, now=time.time() - seconds_ago)


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
