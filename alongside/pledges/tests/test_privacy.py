"""No page shows a pledger's address or a plain hash of it; anonymous pledges show no name."""

import hashlib

import pytest
from django_tasks_db.models import DBTaskResult

from alongside.conftest import run_tasks
from alongside.core.tasks import RETRY_DELAYS
from alongside.pledges import links, services
from alongside.pledges.tasks import send_pledge_email

from .conftest import form_data, pledge_url

EMAIL = "Private.Person@Example.org"


def forms_of(email: str) -> set[str]:
    """The address as typed and normalised, and its MD5, SHA-1 and SHA-256 hex digests."""
    variants = {email, email.lower(), "Private.Person@example.org"}
    found = set(variants)
    for variant in variants:
        for algorithm in ("md5", "sha1", "sha256"):
            found.add(hashlib.new(algorithm, variant.encode()).hexdigest())
    return found


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.django_db
def test_no_public_response_contains_an_address_or_its_hash(client, video):
    named = services.start_pledge(
        video=video, name="Named Pledger", email=EMAIL, note="A public note"
    )
    services.confirm_pledge(pledge=named)
    services.mark_kept(pledge=named, story="A public story")
    anonymous = services.start_pledge(
        video=video, name="Secret Name", email="secret@example.net", show_name=False
    )
    services.confirm_pledge(pledge=anonymous)
    htmx = client.post(
        pledge_url(video),
        form_data(video, email="another@example.org"),
        headers={"HX-Request": "true"},
    )
    responses = [
        client.get(video.url),
        client.get(f"{video.url}?pledge=sent"),
        client.get(f"{video.url}?pledge=confirmed"),
        client.get(f"/pledges/video/{video.pk}/"),
        client.get("/pledges/"),
        htmx,
    ] + [
        client.get(f"/pledges/{path}/{links.make_token(pledge=named, action=action)}/")
        for path, action in [
            ("confirm", "confirm"),
            ("did-it", "kept"),
            ("not-yet", "not_yet"),
            ("stop", "stop"),
            ("withdraw", "withdraw"),
        ]
    ]
    secrets = forms_of(EMAIL) | forms_of("secret@example.net") | forms_of("another@example.org")
    for response in responses:
        assert response.status_code == 200
        html = response.content.decode()
        assert [secret for secret in secrets if secret in html] == []
        assert named.key not in html
    public = [response.content.decode() for response in responses[:5]]
    assert all("Secret Name" not in html for html in public)
    assert "Named Pledger" in public[0] and "A public story" in public[0]


@pytest.mark.django_db(transaction=True)
def test_an_email_the_server_refuses_fails_without_naming_the_address(
    client, video, refusing_smtp_server
):
    """A refusal quotes the address; the failed task's stored and logged error must not."""
    client.post(pledge_url(video), form_data(video, email=EMAIL))
    run_tasks()  # refused: queued again for later
    retry = DBTaskResult.objects.get(status="READY", task_path__endswith="send_pledge_email")
    kwargs = retry.args_kwargs["kwargs"] | {"attempt": len(RETRY_DELAYS)}
    retry.delete()
    send_pledge_email.enqueue(**kwargs)  # the last attempt
    run_tasks()
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.traceback.strip().endswith("TaskGaveUp: SMTPRecipientsRefused")
    assert not any(form in failed.traceback for form in forms_of(EMAIL))
