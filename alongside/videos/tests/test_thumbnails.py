"""Publishing a video without a thumbnail fetches the provider's in a background task."""

from io import BytesIO

import pytest
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage
from wagtail.images import get_image_model

from alongside.conftest import run_tasks
from alongside.videos.models import VideoPage
from alongside.videos.tasks import attach_thumbnail


def jpeg(colour, size=(480, 360)) -> bytes:
    output = BytesIO()
    PILImage.new("RGB", size, colour).save(output, format="JPEG")
    return output.getvalue()


def centre_colour(image) -> tuple:
    with image.open_file() as handle, PILImage.open(handle) as picture:
        return picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))


def near(colour, expected, tolerance=8) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


# Transactional: the worker, like a real one, works on committed rows and its own connection
# housekeeping would end a test-wide transaction on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def publish_without_thumbnail(make_video):
    def publish(**fields):
        page = make_video(with_thumbnail=False, **fields)
        queued = DBTaskResult.objects.filter(task_path=attach_thumbnail.module_path)
        assert queued.filter(args_kwargs__kwargs={"page_id": page.pk}).exists()
        assert page.thumbnail is None  # nothing is fetched while publishing
        return page

    return publish


def test_youtube_thumbnail_is_copied_into_our_storage(fake_provider, publish_without_thumbnail):
    fake_provider.routes["/vi/kZlXWp6vFdE/hqdefault.jpg"] = (200, "image/jpeg", jpeg("#ff0000"))
    page = publish_without_thumbnail(source_url="https://youtu.be/kZlXWp6vFdE")
    run_tasks()
    page.refresh_from_db()
    assert page.thumbnail is not None
    assert near(centre_colour(page.thumbnail), (255, 0, 0))
    # The largest first: this video has none (404), so the usual size.
    assert fake_provider.requests == [
        "/vi/kZlXWp6vFdE/maxresdefault.jpg",
        "/vi/kZlXWp6vFdE/hqdefault.jpg",
    ]
    # the editor's latest revision has it too, so the next publish keeps it
    assert page.get_latest_revision().content["thumbnail"] == page.thumbnail_id


def test_youtubes_largest_thumbnail_is_taken_when_it_exists(
    fake_provider, publish_without_thumbnail
):
    fake_provider.routes["/vi/kZlXWp6vFdE/maxresdefault.jpg"] = (
        200,
        "image/jpeg",
        jpeg("#0000ff", size=(1280, 720)),
    )
    fake_provider.routes["/vi/kZlXWp6vFdE/hqdefault.jpg"] = (200, "image/jpeg", jpeg("#ff0000"))
    page = publish_without_thumbnail(source_url="https://youtu.be/kZlXWp6vFdE")
    run_tasks()
    page.refresh_from_db()
    assert near(centre_colour(page.thumbnail), (0, 0, 255))
    assert page.thumbnail.width == 1280
    assert fake_provider.requests == ["/vi/kZlXWp6vFdE/maxresdefault.jpg"]


def test_vimeo_thumbnail_comes_through_oembed(fake_provider, publish_without_thumbnail):
    fake_provider.routes["/api/oembed.json"] = fake_provider.json(
        {"thumbnail_url": f"{fake_provider.url}/video/22439234.jpg"}
    )
    fake_provider.routes["/video/22439234.jpg"] = (200, "image/jpeg", jpeg("#0000ff"))
    page = publish_without_thumbnail(source_url="https://vimeo.com/22439234")
    run_tasks()
    page.refresh_from_db()
    assert near(centre_colour(page.thumbnail), (0, 0, 255))
    assert "url=https%3A%2F%2Fvimeo.com%2F22439234" in fake_provider.requests[0]


def test_a_failed_fetch_draws_a_placeholder(fake_provider, publish_without_thumbnail):
    page = publish_without_thumbnail(source_url="https://youtu.be/kZlXWp6vFdE")  # 404s
    run_tasks()
    page.refresh_from_db()
    assert page.thumbnail is not None
    assert (page.thumbnail.width, page.thumbnail.height) == (1280, 720)


def test_not_an_image_draws_a_placeholder(fake_provider, publish_without_thumbnail):
    fake_provider.routes["/vi/kZlXWp6vFdE/hqdefault.jpg"] = (200, "image/jpeg", b"<html>")
    page = publish_without_thumbnail(source_url="https://youtu.be/kZlXWp6vFdE")
    run_tasks()
    page.refresh_from_db()
    assert (page.thumbnail.width, page.thumbnail.height) == (1280, 720)


def test_running_the_task_twice_adds_one_image(fake_provider, publish_without_thumbnail):
    fake_provider.routes["/vi/kZlXWp6vFdE/hqdefault.jpg"] = (200, "image/jpeg", jpeg("#00ff00"))
    page = publish_without_thumbnail(source_url="https://youtu.be/kZlXWp6vFdE")
    attach_thumbnail.enqueue(page_id=page.pk)
    run_tasks()
    assert get_image_model().objects.count() == 1
    assert len(fake_provider.requests) == 2  # the largest size (404), then the usual


def test_a_curators_thumbnail_is_never_replaced(fake_provider, make_video):
    page = make_video()  # has its own thumbnail
    chosen = page.thumbnail_id
    page.save_revision().publish()
    run_tasks()
    assert VideoPage.objects.get(pk=page.pk).thumbnail_id == chosen
    assert fake_provider.requests == []


def test_a_fetched_thumbnail_shows_on_pages_already_cached(
    client, fake_provider, publish_without_thumbnail
):
    fake_provider.routes["/vi/kZlXWp6vFdE/hqdefault.jpg"] = (200, "image/jpeg", jpeg("#00ff00"))
    page = publish_without_thumbnail(source_url="https://youtu.be/kZlXWp6vFdE")
    index = page.get_parent()
    before = {url: client.get(url).content for url in (page.url, index.url)}  # now cached

    run_tasks()

    page.refresh_from_db()
    # Renditions of the thumbnail are named after its file: images/video-1.<hash>.<filter>
    renditions = f"/media/images/{page.thumbnail.file.name.split('/')[-1].split('.')[0]}."
    for url, content in before.items():
        assert renditions.encode() not in content
        assert renditions.encode() in client.get(url).content, url
