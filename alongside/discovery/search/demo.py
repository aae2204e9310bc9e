from .indexing import index_videos


def load(*, stdout) -> None:
    """Index the demo videos now: the site is searchable before the task worker starts, and a
    database loaded before a field became searchable is brought up to date."""
    stdout.write(f"Indexed {index_videos()} videos for search.")
