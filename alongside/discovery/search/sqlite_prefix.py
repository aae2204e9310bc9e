"""The SQLite full-text search of Wagtail's database backend, every word a prefix
(see backend.py)."""

import operator
from functools import reduce

from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import PlainText

__all__ = ["PrefixSQLiteSearchBackend", "SQLiteSearchBackend"]


class PrefixQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if not isinstance(query, PlainText):
            return super().build_search_query_content(query, config=config)
        terms = query.query_string.split()
        if not terms:
            return None
        combine = operator.and_ if query.operator.upper() == "AND" else operator.or_
        lexemes = reduce(combine, (Lexeme(term, prefix=True) for term in terms))
        return SearchQueryExpression(lexemes, config=config)


class PrefixSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = PrefixQueryCompiler
