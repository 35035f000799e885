"""The review's page in a real browser, Debian's headless Chromium: it renders, the screenshot is
not blank, the DOM holds every part, and no request leaves the page.

Chromium's own background traffic (update checks, time queries) is not the page's: the NetLog
tells them apart, since a request made for the page carries the page's ``file://`` site.
Anything asked of the network fails at once (``--host-resolver-rules``), so nothing waits.
"""

import json
import os
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from tests.unit.reports.support import Page

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1000, 1400)
CSP_REFUSAL = "violates the following Content Security Policy directive"
TRACKER = "http://tracker.invalid/pixel.png"
SECTIONS = ["week", "days", "kinds", "domains", "trend", "year", "stack", "changes", "next"]


def chromium(tmp_path: Path, page: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` with a profile of its own, logging to stderr."""
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            *options,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def page_requests(net_log: Path) -> list[str]:
    """The URLs Chromium's network stack was asked for on behalf of a ``file://`` page."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start
        and "file://" in str(event.get("params", {}).get("network_isolation_key", ""))
    ]


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit RGB or RGBA PNG (what Chromium writes), unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0) and colour in (2, 6)
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride) if kind else ():
            left = row[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind == 1:
                guess = left
            elif kind == 2:
                guess = up
            elif kind == 3:
                guess = (left + up) >> 1
            else:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            row[i] = (row[i] + guess) & 255
        rows.append(bytes(row))
        previous = row
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, stride, size)]


@pytest.fixture
def page_file(tmp_path: Path, demo_page: str) -> Path:
    path = tmp_path / "week.html"
    path.write_text(demo_page, encoding="utf-8")
    return path


def test_chromium_renders_the_page_and_the_screenshot_is_not_blank(
    tmp_path: Path, page_file: Path
) -> None:
    shot = tmp_path / "shot.png"
    chromium(tmp_path, page_file, f"--screenshot={shot}", "--window-size={},{}".format(*WINDOW))
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == WINDOW
    colours = set(pixels)
    assert len(colours) > 100, len(colours)  # text, bars and charts, not a blank page
    drawn = {
        "page": "f4f6f8",
        "card": "ffffff",
        "target met and days kept": "3c9d68",
        "the bars' track": "eef1f4",
        "read": "5b8def",
        "reflect": "a07cd9",
        "experiment": "3ba98a",
    }
    for what, colour in drawn.items():
        assert bytes.fromhex(colour) in colours, what
    background = sum(1 for p in pixels if p == bytes.fromhex("f4f6f8"))
    assert background < 0.5 * len(pixels)


def test_chromium_builds_every_part_and_no_reference(tmp_path: Path, page_file: Path) -> None:
    dom = chromium(tmp_path, page_file, "--dump-dom").stdout
    page = Page(dom)
    assert [attrs["id"] for attrs in page.of("section")] == SECTIONS
    assert "Week 2026-W48" in page.text and "5h15 of 5h" in page.text
    assert len(page.of("svg")) > 10
    assert page.what_would_load() == []


def test_no_request_leaves_the_page(tmp_path: Path, page_file: Path) -> None:
    net_log = tmp_path / "net.json"
    done = chromium(tmp_path, page_file, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == []
    assert CSP_REFUSAL not in done.stderr  # the page did not even try

    # The checks see a request when there is one: the same page with a tracking pixel...
    page = page_file.read_text(encoding="utf-8")
    tracked = page.replace("<body>", f'<body><img src="{TRACKER}" alt="">', 1)
    open_page = tmp_path / "open.html"
    open_page.write_text(tracked.replace('<meta http-equiv="Content-Security-Policy"', "<meta"))
    chromium(tmp_path, open_page, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == [TRACKER]
    # ...which the page's own Content-Security-Policy blocks before it leaves.
    guarded = tmp_path / "guarded.html"
    guarded.write_text(tracked, encoding="utf-8")
    done = chromium(tmp_path, guarded, f"--log-net-log={net_log}", "--dump-dom")
    assert page_requests(net_log) == []
    assert CSP_REFUSAL in done.stderr
