"""A curator previews a video page from the admin, before its first save and with unsaved
edits, and sees every section of the page as viewers will."""

import pytest
from django.urls import reverse

from alongside.pledges.services import confirm_pledge, start_pledge
from alongside.reflections.tests.test_display import write

from .test_pages import video_form_data

SECTIONS = (
    'id="actions-heading"',
    'id="pledge-heading"',
    "people have pledged",
    'id="pledge_name"',
    'id="reflections-heading"',
    'id="reflect"',
    'id="related-heading"',
    "Another video",
)


def preview(client, url, data):
    """Send the editor's form to the preview, as the admin does, then open the preview."""
    posted = client.post(url, data)
    assert posted.json()["is_valid"] is True
    return client.get(url)


@pytest.mark.django_db
def test_a_new_video_page_previews_with_every_section(admin_client, make_video, video_index, topic):
    make_video("Another video", topics=[topic])
    url = reverse("wagtailadmin_pages:preview_on_add", args=["videos", "videopage", video_index.pk])
    response = preview(client=admin_client, url=url, data=video_form_data(topic))
    html = response.content.decode()
    assert response.status_code == 200
    assert "He came to Barcelona ready." in html
    for section in SECTIONS:
        assert section in html
    assert "No reflections yet" in html
    assert "No pledges yet" in html


@pytest.mark.django_db
def test_a_published_video_previews_unsaved_edits_with_its_reflections_and_pledges(
    admin_client, make_video, topic
):
    make_video("Another video", topics=[topic])
    video = make_video("The Finish Line", topics=[topic])
    write(video, "Noor", "It made me call my father.")
    confirm_pledge(pledge=start_pledge(video=video, name="Ada", email="ada@example.org"))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[video.pk])
    data = video_form_data(topic, slug=video.slug, summary="A new summary, not saved yet.")
    response = preview(client=admin_client, url=url, data=data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A new summary, not saved yet." in html
    for section in SECTIONS:
        assert section.replace("people have", "person has") in html
    assert "It made me call my father." in html
    assert "Ada" in html
    assert reverse("reflections:video_feed", args=[video.pk]) in html
