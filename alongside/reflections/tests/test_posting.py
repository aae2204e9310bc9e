"""What a post does inside its write transaction, which on SQLite holds the one writers' lock
(docs/decisions/0035-posting-path.md), and the double click that the unique key catches."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.core.models import ModerationMode, ModerationStatus, PageVersion
from alongside.reflections import services
from alongside.reflections.models import Reflection

pytestmark = pytest.mark.django_db(transaction=True)  # real transactions, no test savepoints


def post(video, *, key="k" * 32, text="He kept going.", name="Seán O'Brien", now=None):
    return services.post_reflection(
        video=video,
        name=name,
        email="Sean.OBrien@Example.org",
        text=text,
        idempotency_key=key,
        mode=ModerationMode.OPEN,
        ip="203.0.113.7",
        now=now,
    )


def statements_in_transaction(queries) -> list[str]:
    sql = [query["sql"] for query in queries]
    begin = next(i for i, statement in enumerate(sql) if statement.startswith("BEGIN"))
    commit = sql.index("COMMIT")
    return [statement.split(" (")[0].split(" WHERE")[0] for statement in sql[begin + 1 : commit]]


def test_the_write_transaction_holds_only_the_duplicate_check_the_row_and_the_version(video):
    with CaptureQueriesContext(connection) as queries:
        result = post(video)
    assert result.created
    inside = statements_in_transaction(queries.captured_queries)
    # No savepoint, no other read: the duplicate check, the row, the page's versions.
    assert inside[0].startswith('SELECT "reflections_reflection"."id"'), inside
    assert inside[1] == 'INSERT INTO "reflections_reflection"', inside
    assert inside[2:] and set(inside[2:]) == {'INSERT INTO "core_pageversion"'}, inside
    assert PageVersion.objects.filter(scope=str(video.pk)).exists()


def test_a_resend_found_by_the_duplicate_check_writes_nothing(video):
    first = post(video)
    with CaptureQueriesContext(connection) as queries:
        again = post(video, key="other" * 6)  # another form, the same words and address
    assert (again.reflection.pk, again.created) == (first.reflection.pk, False)
    assert not any(query["sql"].startswith("INSERT") for query in queries.captured_queries)


def test_the_same_form_past_the_duplicate_window_is_caught_by_its_unique_key(video):
    """The duplicate check looks back 24 hours; the same form sent again later has the same
    submission key, and the unique constraint answers with the reflection already written."""
    long_ago = timezone.now() - services.DUPLICATE_WINDOW - timedelta(hours=1)
    first = post(video, now=long_ago)
    again = post(video)
    assert (again.reflection.pk, again.created) == (first.reflection.pk, False)
    assert Reflection.objects.count() == 1
    assert Reflection.objects.get().status == ModerationStatus.PUBLISHED


def test_a_post_still_refuses_what_the_model_refuses_before_writing(video):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        post(video, name="x" * 500)
    assert not Reflection.objects.exists()
