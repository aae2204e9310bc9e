"""Bring a list from another newsletter tool: `manage.py import_subscribers FILE.csv`."""

import csv
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from alongside.core.mail import normalise_email
from alongside.newsletter.models import Subscriber
from alongside.newsletter.services import address_digest

CHUNK = 500
# They asked to stop, or their address does not work: an import never brings them back.
NEVER_READD = (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED)


def parse_moment(value: str):
    """An ISO date or date-time, as an aware date-time; None if empty; ValueError if unreadable."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None and (day := parse_date(value)) is not None:
        moment = timezone.datetime(day.year, day.month, day.day)
    if moment is None:
        raise ValueError(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Import subscribers from a CSV file with the columns email, name and (optionally) "
        "subscribed_at. Invalid, repeated, unsubscribed and bounced addresses are skipped; "
        "running it twice adds nothing. Without --confirmed each new address is sent a link to "
        "confirm, and gets no weekly email until it does."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8, with a header row)")
        parser.add_argument(
            "--confirmed",
            action="store_true",
            help="they already confirmed with the tool you leave: send them the weekly email",
        )

    def handle(self, *args, file, confirmed, **options):
        try:
            with open(file, newline="", encoding="utf-8-sig") as source:
                rows = csv.DictReader(source)
                if "email" not in (rows.fieldnames or []):
                    raise CommandError("The file needs a header row with an 'email' column.")
                counts = self.import_rows(rows, confirmed=confirmed)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {counts['added']} added, {counts['present']} already there, "
                f"{counts['left']} skipped as unsubscribed or bounced, "
                f"{counts['repeated']} repeated in the file, {counts['invalid']} invalid."
            )
        )

    def import_rows(self, rows, *, confirmed: bool) -> Counter:
        counts = Counter(added=0, present=0, left=0, repeated=0, invalid=0)
        seen: set[str] = set()
        chunk: dict[str, Subscriber] = {}
        for line, row in enumerate(rows, start=2):
            subscriber = self.read_row(row, confirmed=confirmed)
            if subscriber is None:
                # The line number, never the address: this output can end up in logs.
                self.stderr.write(f"Line {line}: not a valid address or date, skipped.")
                counts["invalid"] += 1
                continue
            if subscriber.address_digest in seen:
                counts["repeated"] += 1
                continue
            seen.add(subscriber.address_digest)
            chunk[subscriber.address_digest] = subscriber
            if len(chunk) >= CHUNK:
                counts += self.save_chunk(chunk)
                chunk = {}
                self.stdout.write(f"{line - 1} rows read…")
        counts += self.save_chunk(chunk)
        return counts

    def read_row(self, row: dict, *, confirmed: bool) -> Subscriber | None:
        email = normalise_email(row.get("email") or "")
        try:
            validate_email(email)
            subscribed_at = parse_moment((row.get("subscribed_at") or "").strip())
        except (ValidationError, ValueError):
            return None
        now = timezone.now()
        return Subscriber(
            email=email,
            address_digest=address_digest(email),
            name=" ".join((row.get("name") or "").split())[:80],
            status=Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING,
            created_at=subscribed_at or now,
            confirmed_at=(subscribed_at or now) if confirmed else None,
        )

    @transaction.atomic
    def save_chunk(self, chunk: dict[str, Subscriber]) -> Counter:
        existing = dict(
            Subscriber.objects.filter(address_digest__in=chunk).values_list(
                "address_digest", "status"
            )
        )
        new = [s for digest, s in chunk.items() if digest not in existing]
        Subscriber.objects.bulk_create(new, ignore_conflicts=True)
        if new and new[0].status == Subscriber.Status.PENDING:
            self.ask_to_confirm([s.address_digest for s in new])
        left = sum(status in NEVER_READD for status in existing.values())
        return Counter(added=len(new), present=len(existing) - left, left=left)

    def ask_to_confirm(self, digests: list[str]) -> None:
        """One confirmation link each, once however often the import runs."""
        from alongside.newsletter.tasks import send_subscription_email

        ids = list(
            Subscriber.objects.filter(address_digest__in=digests).values_list("pk", flat=True)
        )
        transaction.on_commit(
            lambda: [
                send_subscription_email.enqueue(
                    subscriber_id=subscriber_id, kind="confirm", request_key="import"
                )
                for subscriber_id in ids
            ],
            robust=True,
        )
