"""import_subscribers: a list from another tool, skipping what must not come back."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.conftest import run_tasks
from alongside.newsletter.models import Subscriber
from alongside.newsletter.services import address_digest

CSV = """email,name,subscribed_at
ada@example.org,Ada Lovelace,2024-03-01
Grace@Example.ORG,Grace,2024-03-02T08:30:00+00:00
not an address,Nobody,
ada@EXAMPLE.org,Ada again,
left@example.org,Left,
gone@example.org,Gone,
zoë@example.org,Zoë,
zoe@bücher.example,Zoë,
bad-date@example.org,Bad date,yesterday
"""


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(CSV, encoding="utf-8")
    return str(path)


def existing(email: str, status) -> None:
    Subscriber.objects.create(
        email=email, address_digest=address_digest(email), status=status, created_at=timezone.now()
    )


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_subscribers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_confirmed_import_skips_invalid_repeated_unsubscribed_and_bounced(csv_file):
    existing("left@example.org", Subscriber.Status.UNSUBSCRIBED)
    existing("gone@example.org", Subscriber.Status.BOUNCED)

    out, err = run(csv_file, "--confirmed")

    assert "3 added, 0 already there, 2 skipped as unsubscribed or bounced" in out
    assert "1 repeated in the file, 3 invalid" in out
    assert (
        "Line 4:" in err and "Line 8:" in err and "Line 10:" in err and "@" not in err
    )  # no address in the output
    added = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    assert sorted(added.values_list("email", flat=True)) == [
        "Grace@example.org",
        "ada@example.org",
        "zoe@bücher.example",
    ]
    ada = added.get(email="ada@example.org")
    assert (ada.name, ada.confirmed_at.date().isoformat()) == ("Ada Lovelace", "2024-03-01")
    assert Subscriber.objects.get(email="left@example.org").status == "unsubscribed"
    assert Subscriber.objects.get(email="gone@example.org").status == "bounced"

    again, _ = run(csv_file, "--confirmed")
    assert "0 added, 3 already there" in again
    assert Subscriber.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_without_confirmed_each_new_address_is_asked_once(csv_file, smtp_server):
    run(csv_file)
    run(csv_file)
    run_tasks()
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"pending"}
    assert len(smtp_server.messages) == Subscriber.objects.count() == 5


def test_a_file_without_an_email_column_is_refused(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "wrong.csv"
    path.write_text("address,name\nada@example.org,Ada\n")
    with pytest.raises(CommandError, match="'email' column"):
        run(str(path))
