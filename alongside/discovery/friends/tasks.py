"""Background work for "Send to a friend": the spam check and each friend's email.

Tasks take ids only: a friend's address never appears in a task's stored arguments or result.
"""

from functools import wraps

from django_tasks import task

from alongside.core.tasks import MAIL_ERRORS, retry_on

from . import services


class FriendEmailFailed(Exception):
    """A friend's email was given up. Carries no details: an SMTP error can quote the address,
    and the task's stored traceback must not."""


def erase_when_given_up(function):
    """Around `retry_on`: whatever reaches here is final (the retries are spent, or the error
    is not one to retry), so erase the address and fail with a message that names nobody."""

    @wraps(function)
    def run(*args, friend_email_id: int, **kwargs):
        try:
            return function(*args, friend_email_id=friend_email_id, **kwargs)
        except Exception as error:
            services.give_up_friend_email(friend_email_id=friend_email_id)
            raise FriendEmailFailed(type(error).__name__) from None

    return run


@task()
@erase_when_given_up
@retry_on(*MAIL_ERRORS)
def send_friend_email(*, friend_email_id: int) -> str:
    """Send one friend's email once; a mail server that fails is tried again later."""
    return services.deliver_friend_email(friend_email_id=friend_email_id)


@task()
def check_friend_note(*, sending_id: int) -> None:
    """Akismet failing counts as "not spam" (see core.guard): nothing to retry."""
    services.check_note(sending_id=sending_id)
