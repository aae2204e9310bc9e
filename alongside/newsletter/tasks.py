"""Background work for the weekly email. Tasks take ids only: an address never appears in a
task's stored arguments or result, and a failure is recorded without the mail server's words."""

from django_tasks import task

from alongside.core.tasks import MAIL_ERRORS, give_up_quietly, retry_on

from . import emails, sending


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def send_subscription_email(*, subscriber_id: int, kind: str, request_key: str) -> str:
    return emails.send_subscription_email(
        subscriber_id=subscriber_id, kind=kind, request_key=request_key
    )


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def send_edition(*, edition_id: int) -> str:
    """Send an edition until it is done or paused; several may run at once (see sending)."""
    return sending.send(edition_id)


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def send_test_edition(*, edition_id: int, user_id: int, request_key: str) -> str:
    """A curator's test of an edition, to their own address (see emails.send_test_edition)."""
    return emails.send_test_edition(edition_id=edition_id, user_id=user_id, request_key=request_key)
