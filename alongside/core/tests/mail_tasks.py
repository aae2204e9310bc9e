"""A mail task for the tests of the email ledger and of tasks whose worker dies: the shape of
every mail task of the site (an id in, one email out through core.mail.send_once)."""

from django.core.mail import EmailMessage
from django_tasks import task

from alongside.core.mail import send_once
from alongside.core.tasks import MAIL_ERRORS, retry_on


@task()
@retry_on(*MAIL_ERRORS)
def send_numbered_email(*, number: int) -> bool:
    message = EmailMessage(
        f"Email {number}", f"This is email number {number}.", to=["a@example.org"]
    )
    return send_once(key=f"test-email:{number}", message=message)
