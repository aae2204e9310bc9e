"""Background work for reflections. Each task takes ids and is safe to run twice. Mail tasks
give up quietly: a mail server's refusal quotes the address (core.tasks.give_up_quietly)."""

from django_tasks import task

from alongside.core.tasks import MAIL_ERRORS, give_up_quietly, retry_on

from . import services


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def send_reply_notification(reply_id: int) -> None:
    services.send_reply_notification(reply_id=reply_id)


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def send_moderation_digest() -> None:
    services.send_moderation_digest()


@task()
def check_with_akismet(reflection_id: int) -> None:
    """Akismet failing counts as "not spam" (see core.guard): nothing to retry."""
    services.check_with_akismet(reflection_id=reflection_id)
