"""Background work for suggestions. Each task takes ids and is safe to run twice."""

from django_tasks import task

from alongside.core.tasks import MAIL_ERRORS, give_up_quietly, retry_on

from . import services


@task()
def check_suggestion(*, suggestion_id: int) -> None:
    """Akismet failing counts as "not spam" (see core.guard): nothing to retry."""
    services.check_with_akismet(suggestion_id=suggestion_id)


@task()
@give_up_quietly()
@retry_on(*MAIL_ERRORS)
def tell_suggester(*, suggestion_id: int) -> str:
    """The suggester's one "it is published" email; a failing mail server is tried later."""
    return services.tell_suggester(suggestion_id=suggestion_id)
