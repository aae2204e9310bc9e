"""Wagtail's database search backend, with every word of a query matched as a prefix on SQLite.

SQLite's full-text index does not stem, so "hamstring" would miss "hamstrings"; a prefix query
("hamstring"*) finds both. PostgreSQL stems with the configured language (SEARCH_CONFIG) and is
left as Wagtail has it.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    backend = database_search_backend(params)
    if connection.vendor != "sqlite":
        return backend
    # Imported only here: the SQLite module reads models only SQLite's migrations create.
    from .sqlite_prefix import PrefixSQLiteSearchBackend, SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):  # not the fallback for a SQLite without FTS5
        return PrefixSQLiteSearchBackend(params)
    return backend
