"""Read comments from a Disqus XML export or a WordPress WXR export.

Each importer yields ImportedComment rows; `import_comments` maps their thread URLs to videos
and writes what is new. Both formats are parsed with defusedxml (exports are untrusted files).
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from defusedxml import ElementTree

DISQUS = "{http://disqus.com}"
DISQUS_INTERNALS = "{http://disqus.com/disqus-internals}"
# WordPress names its export namespace after the WXR version: 1.0, 1.1 and 1.2 are in use, and
# the comment elements are the same in each.
WXR_NAMESPACE = re.compile(r"\{http://wordpress\.org/export/[\d.]+/\}")


@dataclass
class ImportedComment:
    key: str  # unique within its source, e.g. "disqus:123"
    parent_key: str | None
    thread_url: str
    name: str
    email: str
    text: str
    created_at: datetime
    ip: str | None
    approved: bool


def html_to_text(markup: str) -> str:
    """Exports hold HTML; we store plain text and render it ourselves."""
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</p\s*>", "\n\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _text(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _internal_id(element) -> str:
    return element.get(f"{DISQUS_INTERNALS}id", "") if element is not None else ""


def read_disqus(path) -> Iterator[ImportedComment]:
    root = ElementTree.parse(path).getroot()
    threads = {
        thread.get(f"{DISQUS_INTERNALS}id"): _text(thread, f"{DISQUS}link")
        for thread in root.findall(f"{DISQUS}thread")
    }
    for post in root.findall(f"{DISQUS}post"):
        if _text(post, f"{DISQUS}isDeleted") == "true":
            continue
        thread = post.find(f"{DISQUS}thread")
        parent = post.find(f"{DISQUS}parent")
        yield ImportedComment(
            key=f"disqus:{post.get(f'{DISQUS_INTERNALS}id')}",
            parent_key=f"disqus:{parent.get(f'{DISQUS_INTERNALS}id')}"
            if parent is not None
            else None,
            thread_url=threads.get(thread.get(f"{DISQUS_INTERNALS}id"), "")
            if thread is not None
            else "",
            name=_text(post, f"{DISQUS}author/{DISQUS}name") or "Anonymous",
            email=_text(post, f"{DISQUS}author/{DISQUS}email"),
            text=html_to_text(_text(post, f"{DISQUS}message")),
            created_at=_parse_time(_text(post, f"{DISQUS}createdAt")),
            ip=_text(post, f"{DISQUS}ipAddress") or None,
            approved=_text(post, f"{DISQUS}isSpam") != "true",
        )


def _wxr_namespace(root) -> str | None:
    """The `{…}` prefix of the file's WordPress elements, whichever WXR version wrote it."""
    for element in root.iter():
        match = WXR_NAMESPACE.match(element.tag)
        if match:
            return match[0]
    return None


def read_wxr(path) -> Iterator[ImportedComment]:
    root = ElementTree.parse(path).getroot()
    wp = _wxr_namespace(root)
    if wp is None:  # not a WordPress export: no comments in it
        return
    for item in root.iter("item"):
        thread_url = _text(item, "link")
        for comment in item.findall(f"{wp}comment"):
            if _text(comment, f"{wp}comment_type") not in ("", "comment"):
                continue  # pingbacks and trackbacks are not reflections
            comment_id = _text(comment, f"{wp}comment_id")
            parent_id = _text(comment, f"{wp}comment_parent")
            yield ImportedComment(
                key=f"wxr:{thread_url}:{comment_id}",
                parent_key=f"wxr:{thread_url}:{parent_id}" if parent_id not in ("", "0") else None,
                thread_url=thread_url,
                name=_text(comment, f"{wp}comment_author") or "Anonymous",
                email=_text(comment, f"{wp}comment_author_email"),
                text=html_to_text(_text(comment, f"{wp}comment_content")),
                created_at=_parse_time(_text(comment, f"{wp}comment_date_gmt")),
                ip=_text(comment, f"{wp}comment_author_IP") or None,
                approved=_text(comment, f"{wp}comment_approved") == "1",
            )


def _parse_time(value: str) -> datetime:
    value = value.replace("Z", "+00:00").replace(" ", "T")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
