"""Where `{% cache %}` keeps the rendered parts of pages: in each process's memory, in front of
the shared cache.

Every fragment's key names what its content was rendered from (the page cache's versions, see
core/cache.py, or nothing that changes, like an empty form's fields), so the content under a key
never changes: a copy in memory is as good as the shared one, and reading it saves a round trip
to Redis, seven on a video page (and one for the reflections it re-renders). A `{% cache %}`
whose content can change under the same key does not belong here.
"""

import threading
import time
from collections import OrderedDict

from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

# Kept in memory at most this long (the shared copy may have a longer timeout).
LOCAL_SECONDS = 60
# One memory per process: Django makes a cache object per thread, and gunicorn's gthread workers
# render in several threads.
_entries: OrderedDict = OrderedDict()  # key -> (monotonic expiry, value)
_lock = threading.Lock()


class LocalFirstCache(BaseCache):
    """The last MAX_ENTRIES fragments this process used, then the `default` cache."""

    _entries = _entries
    _lock = _lock

    def __init__(self, location, params):
        super().__init__(params)

    @property
    def _shared(self):
        return caches["default"]

    def get(self, key, default=None, version=None):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > time.monotonic():
                self._entries.move_to_end(key)
                return entry[1]
        value = self._shared.get(key, default, version=version)
        if value is not default:
            self._keep(key, value, LOCAL_SECONDS)
        return value

    def get_many(self, keys, version=None):
        found, missing = {}, []
        now = time.monotonic()
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is not None and entry[0] > now:
                    self._entries.move_to_end(key)
                    found[key] = entry[1]
                else:
                    missing.append(key)
        if missing:
            shared = self._shared.get_many(missing, version=version)
            for key, value in shared.items():
                self._keep(key, value, LOCAL_SECONDS)
            found |= shared
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._shared.set(key, value, timeout, version=version)
        self._keep(key, value, self._local_seconds(timeout))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._shared.set_many(data, timeout, version=version)
        for key, value in data.items():
            self._keep(key, value, self._local_seconds(timeout))
        return failed

    def _local_seconds(self, timeout) -> float:
        if timeout is DEFAULT_TIMEOUT:
            timeout = self._shared.default_timeout
        return LOCAL_SECONDS if timeout is None else min(timeout, LOCAL_SECONDS)

    def delete(self, key, version=None):
        with self._lock:
            self._entries.pop(key, None)
        return self._shared.delete(key, version=version)

    def clear(self):
        with self._lock:
            self._entries.clear()
        self._shared.clear()

    def _keep(self, key, value, seconds) -> None:
        with self._lock:
            if seconds <= 0:
                self._entries.pop(key, None)
                return
            self._entries[key] = (time.monotonic() + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)


def fragments():
    """Where rendered parts are kept: as Django's `{% cache %}` tag chooses, this cache, or the
    default one where settings define none (DISABLE_CACHES)."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]
