"""Background work for reflections. Each task takes ids and is safe to run twice."""

from django_tasks import task

from alongside.core.tasks import MAIL_ERRORS, retry_on

from . import services


@task()
@retry_on(*MAIL_ERRORS)
def send_reply_notification(reply_id: int) -> None:
    services.send_reply_notification(reply_id=reply_id)


@task()
@retry_on(*MAIL_ERRORS)
def send_moderation_digest() -> None:
    services.send_moderation_digest()


@task()
def check_with_akismet(reflection_id: int) -> None:
    """Akismet failing counts as "not spam" (see core.guard): nothing to retry."""
    services.check_with_akismet(reflection_id=reflection_id)
