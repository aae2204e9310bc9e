"""Helpers shared by the browser tests: open a page recording its traffic, run axe-core, check
HTML with the Nu HTML Checker, measure page weight, press Tab until something has focus.

axe-core and vnu-jar are npm packages pinned in package.json (`npm ci` installs them into
node_modules/); vnu needs Java. Without them the checks are skipped, unless E2E=required (CI).
"""

import gzip
import json
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from alongside.conftest import BROWSER_REPORT, SKIPPED_BROWSER_TESTS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path(settings.BASE_DIR) / "var" / "shots"
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 2.2 AA: axe tags each rule with the level it belongs to; 2.2 adds only AA rules here.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NPM_HINT = "run `npm ci` (Node.js and npm: `sudo apt-get install npm`)"


def tool_missing(message: str):
    """Skip the test (and say so in the summary), or fail it when E2E=required."""
    if os.environ.get("E2E") == "required":
        pytest.fail(f"E2E=required but {message}")
    SKIPPED_BROWSER_TESTS.append(message)
    pytest.skip(message)


def open_page(browser, url, *, javascript=True, viewport=DESKTOP, color_scheme="light"):
    """Open `url` in a fresh context recording every request; off-site requests are blocked
    (there is no internet here, and a test must not depend on it). Returns (page, traffic)."""
    context = browser.new_context(
        java_script_enabled=javascript, viewport=viewport, color_scheme=color_scheme
    )
    own_host = urlsplit(url).netloc
    traffic = Traffic()
    context.on("request", lambda request: traffic.requests.append(request))
    context.route(lambda address: urlsplit(address).netloc != own_host, lambda route: route.abort())
    page = context.new_page()
    traffic.document = page.goto(url, wait_until="networkidle")
    return page, traffic


class Traffic:
    """What a page asked for: every request, and the response to the first navigation."""

    def __init__(self):
        self.requests = []
        self.document = None


# Bodies of these types are sent gzip-compressed in production (WhiteNoise's .gz files, the
# proxy's gzip); images and video are already compressed.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass
class Weight:
    """A page's cost before any interaction."""

    page: str
    requests: int
    bytes: int  # as the test server sent them (it does not compress), headers included
    compressed_bytes: int  # each response body gzip-compressed (level 6) when compressible
    blocking_scripts: list

    def row(self) -> str:
        return (
            f"{self.page:<24} {self.requests:>8} {self.bytes / 1024:>10.1f} "
            f"{self.compressed_bytes / 1024:>14.1f}"
        )


def measure(page, traffic: Traffic, name: str) -> Weight:
    """Weigh what `page` loaded so far (call it right after `open_page`, before interacting)."""
    total = compressed = 0
    for request in traffic.requests:
        response = request.response()
        if response is None:
            continue
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
        body = response.body()
        kind = response.headers.get("content-type", "")
        compressed += len(gzip.compress(body, 6)) if kind.startswith(COMPRESSIBLE) else len(body)
    return Weight(name, len(traffic.requests), total, compressed, render_blocking_scripts(page))


RENDER_BLOCKING_SCRIPTS = """() => {
  const main = document.querySelector("main");
  const executable = (s) => !s.type
    || /^(text|application)\\/(java|ecma)script$|^module$/.test(s.type);
  const waits = (s) => s.type === "module" || (s.src && (s.defer || s.async));
  const beforeContentEnds = (s) => document.head.contains(s) || !main || main.contains(s)
    || Boolean(s.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING);
  return [...document.scripts].filter((s) => executable(s) && !waits(s) && beforeContentEnds(s))
    .map((s) => s.src || "inline: " + s.textContent.trim().slice(0, 60));
}"""


def render_blocking_scripts(page) -> list[str]:
    """Scripts that stop the page from rendering until they load and run: classic scripts in
    <head> without defer or async, or any script before the end of the main content."""
    return page.evaluate(RENDER_BLOCKING_SCRIPTS)


def record_weights(weights: list[Weight]) -> None:
    """Write the figures to var/shots/weights.json and to the test summary."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "weights.json").write_text(
        json.dumps([asdict(weight) for weight in weights], indent=2) + "\n"
    )
    BROWSER_REPORT.append(
        "Page weights before any interaction (KB compressed: bodies gzipped as served in "
        "production; the test server sends them uncompressed):"
    )
    BROWSER_REPORT.append(f"{'page':<24} {'requests':>8} {'KB sent':>10} {'KB compressed':>14}")
    BROWSER_REPORT.extend(weight.row() for weight in weights)


def axe_violations(page) -> list[dict]:
    """Run the pinned axe-core in `page` for WCAG 2.2 AA; its violations, made short."""
    page.evaluate(axe_source())
    result = page.evaluate(
        """tags => axe.run(document, {
          runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
        })""",
        WCAG_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "why": node["failureSummary"]}
                for node in violation["nodes"]
            ],
        }
        for violation in result["violations"]
    ]


def axe_source() -> str:
    """The pinned axe-core's script (skips or fails the test when it is not installed)."""
    if not AXE_JS.exists():
        tool_missing(f"axe-core is not installed: {NPM_HINT}")
    return AXE_JS.read_text()


def vnu_command() -> list[str]:
    """How to run the Nu HTML Checker (skips or fails the test when it cannot run here)."""
    java = shutil.which("java")
    if java is None:
        tool_missing("Java is not installed: `sudo apt-get install default-jre-headless`")
    if not VNU_JAR.exists():
        tool_missing(f"vnu-jar (the Nu HTML Checker) is not installed: {NPM_HINT}")
    return [java, "-jar", str(VNU_JAR)]


def vnu_errors(files: list[Path]) -> dict[str, list[str]]:
    """Check HTML files with the Nu HTML Checker in one run; errors by file name."""
    run = subprocess.run(
        [*vnu_command(), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors: dict[str, dict[str, list]] = {}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = Path(urlsplit(message.get("url", "")).path).name
            # The same mistake in a loop is one error: keep its first place and a count.
            text = re.sub(r"“[^”]*” for attribute", "… for attribute", message["message"])
            seen = errors.setdefault(name, {}).setdefault(text, [0, ""])
            seen[0] += 1
            extract = " ".join(message.get("extract", "").split())
            seen[1] = seen[1] or f"line {message.get('lastLine', '?')}: {extract}"
    return {
        name: [
            f"{text} ({count} times, first at {where.strip()})"
            for text, (count, where) in found.items()
        ]
        for name, found in errors.items()
    }


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of Tab")


def add_reflections(video, count: int, *, replies_to_first: int = 1) -> list:
    """`count` published reflections on `video`, a minute apart, oldest first; the first gets
    `replies_to_first` replies. Written straight to the database: the flows post through the
    browser, this only fills pages."""
    from datetime import timedelta
    from uuid import uuid4

    from django.utils import timezone

    from alongside.core.mail import avatar_seed
    from alongside.core.models import ModerationStatus
    from alongside.reflections.models import Reflection

    start = timezone.now() - timedelta(minutes=count + replies_to_first + 5)

    def write(number, text, parent=None):
        email = f"viewer{number}@example.org"
        return Reflection.objects.create(
            video=video,
            parent=parent,
            name=f"Viewer {number}",
            email=email,
            text=text,
            avatar_seed=avatar_seed(email),
            submission_key=uuid4().hex,
            content_hash=uuid4().hex,
            status=ModerationStatus.PUBLISHED,
            created_at=start + timedelta(minutes=number),
        )

    written = [
        write(number, f"Reflection number {number}.\n\nIt made me call my brother.")
        for number in range(1, count + 1)
    ]
    for number in range(replies_to_first):
        write(count + 1 + number, f"A reply, number {number + 1}.", parent=written[0])
    return written
