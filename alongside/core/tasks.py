"""What every task shares: retrying later when a mail server or a provider fails."""

import logging
import sys
from datetime import timedelta
from functools import wraps
from smtplib import SMTPException

from django.utils import timezone

logger = logging.getLogger(__name__)

# What a mail server that is down or refusing looks like: worth another try later.
MAIL_ERRORS = (SMTPException, OSError)

# Delays before the 1st, 2nd, ... retry; after the last one the task fails for good.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


def retry_on(*exceptions):
    """Decorate a task's function (under `@task()`): when it raises one of `exceptions`, queue
    the same task again after a growing delay, up to len(RETRY_DELAYS) times.

    The function must be safe to run twice; the retry passes `attempt=` on to itself.
    """

    def decorate(function):
        @wraps(function)
        def run(*args, attempt: int = 0, **kwargs):
            try:
                return function(*args, **kwargs)
            except exceptions as error:
                if attempt >= len(RETRY_DELAYS):
                    raise
                delay = RETRY_DELAYS[attempt]
                logger.warning(
                    "%s failed (%s); retry %d in %s",
                    function.__qualname__,
                    type(error).__name__,
                    attempt + 1,
                    delay,
                )
                # `@task()` replaced the module's function with the Task: queue that again.
                task = getattr(sys.modules[function.__module__], function.__name__)
                task.using(run_after=timezone.now() + delay).enqueue(
                    *args, attempt=attempt + 1, **kwargs
                )
                return None

        return run

    return decorate
