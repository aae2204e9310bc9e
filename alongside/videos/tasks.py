from django_tasks import task

from . import services


@task()
def attach_thumbnail(page_id: int) -> None:
    """Fetch or draw the thumbnail of a newly published video page."""
    services.attach_thumbnail(page_id=page_id)
