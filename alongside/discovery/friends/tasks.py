"""Background work for "Send to a friend": the spam check and each friend's email.

Tasks take ids only: a friend's address never appears in a task's stored arguments or result,
and a failure is recorded without the mail server's words (which can quote the address).
"""

from django_tasks import task

from alongside.core.tasks import MAIL_ERRORS, give_up_quietly, retry_on

from . import services


@task()
@give_up_quietly(on_give_up=services.give_up_friend_email)
@retry_on(*MAIL_ERRORS)
def send_friend_email(*, friend_email_id: int) -> str:
    """Send one friend's email once; a mail server that fails is tried again later, and an
    email given up has its address erased."""
    return services.deliver_friend_email(friend_email_id=friend_email_id)


@task()
def check_friend_note(*, sending_id: int) -> None:
    """Akismet failing counts as "not spam" (see core.guard): nothing to retry."""
    services.check_note(sending_id=sending_id)
