"""Two readers' suggestions in the curators' queue, for the demo. A video suggested already is
recognised by the service itself, so a second run writes nothing."""

from django.db import transaction

from .suggestions.services import Outcome, suggest_video

SUGGESTIONS = [
    {
        "source_url": "https://www.youtube.com/watch?v=Cbk980jV7Ao",
        "reason": (
            "A whole street learns sign language so a deaf neighbour can be greeted in his own "
            "language. I started learning ten signs the same evening."
        ),
        "name": "Amara",
        "email": "demo-suggester@example.org",
    },
    {
        "source_url": "https://vimeo.com/108650530",
        "reason": "An old man teaches a boy to fix bicycles, and the boy ends up teaching others.",
        "name": "",
        "email": "",
    },
]


@transaction.atomic
def load(*, stdout=None) -> None:
    written = sum(suggest_video(**item).outcome == Outcome.NEW for item in SUGGESTIONS)
    if stdout is not None:
        stdout.write(f"Demo suggestions: {written} written.")
