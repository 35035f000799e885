"""The programs and parsers that read our exports, run strictly, for the export tests.

Graphviz and Chromium are real programs: a test that needs one fails, with the command that
installs it, when it is missing (CI installs both in ``.ci/run``). Mermaid has no program here, so
``parse_mermaid`` reads the subset of flowchart syntax we write as Mermaid does, refusing anything
Mermaid would read as something other than a plain label.
"""

import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final

import pytest

CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
"""Headless, as root, and with every host name unresolvable: nothing leaves the machine."""


def _program(names: tuple[str, ...], package: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        f"`{names[0]}` is not installed, and this test needs it: "
        f"apt-get install -y {package} (CI installs it in .ci/run)",
        pytrace=False,
    )


# Graphviz --------------------------------------------------------------------------------------


def graphviz(source: str, output: str) -> str:
    """``dot -T<output>`` on ``source``; any error or warning from Graphviz fails the test."""
    dot = _program(("dot",), "graphviz")
    done = subprocess.run(
        [dot, f"-T{output}"], input=source.encode(), capture_output=True, check=False, timeout=120
    )
    message = done.stderr.decode(errors="replace")
    assert done.returncode == 0, message
    assert not message.strip(), message
    return done.stdout.decode()


@dataclass(frozen=True)
class GraphvizNode:
    """A node as Graphviz read it: its name and the lines its label drew."""

    name: str
    shape: str
    lines: list[str]


def graphviz_read(source: str) -> tuple[dict[str, GraphvizNode], set[frozenset[str]]]:
    """Nodes by name and edges (as name pairs), from Graphviz's own JSON of the laid-out graph."""
    layout: dict[str, Any] = json.loads(graphviz(source, "json"), strict=False)
    objects = [obj for obj in layout.get("objects", []) if "nodes" not in obj]
    nodes = {
        obj["name"]: GraphvizNode(
            obj["name"],
            obj.get("shape", ""),
            [op["text"] for op in obj.get("_ldraw_", []) if op["op"] == "T"],
        )
        for obj in objects
    }
    names = {obj["_gvid"]: obj["name"] for obj in objects}
    edges = {
        frozenset((names[edge["tail"]], names[edge["head"]])) for edge in layout.get("edges", [])
    }
    return nodes, edges


# Mermaid ---------------------------------------------------------------------------------------

MERMAID_KEYWORDS: Final = frozenset(
    {
        "end",
        "graph",
        "flowchart",
        "subgraph",
        "class",
        "classdef",
        "click",
        "call",
        "href",
        "style",
        "linkstyle",
        "interpolate",
        "direction",
        "default",
        "acctitle",
        "accdescr",
    }
)
"""Words Mermaid's flowchart lexer reads as keywords (case-insensitive), so never a node id."""

_DIRECTIVE: Final = re.compile(r"%{2}{")
_ENTITY_CUTTERS: Final = (re.compile(r"style.*:\S*#.*;"), re.compile(r"classDef.*:\S*#.*;"))
"""Mermaid's ``encodeEntities`` drops the last ``;`` of any line these match, before parsing."""
_ID: Final = r"[A-Za-z][A-Za-z0-9_]*"
_NODE: Final = re.compile(
    rf'^  (?P<id>{_ID})(?P<open>\(\["|\["|\(")(?P<label>[^"]*)(?P<close>"\]\)|"\]|"\))$'
)
_EDGE: Final = re.compile(
    rf'^  (?P<a>{_ID}) (?P<link>---|===|-\.-)(?:\|"(?P<label>[^"]*)"\|)? (?P<b>{_ID})$'
)
_CLASS: Final = re.compile(rf"^  class (?P<ids>{_ID}(?:,{_ID})*) (?P<name>\w+)$")
_CLASS_DEF: Final = re.compile(r"^  classDef (?P<name>\w+) (?P<style>[\w#:,.\-]+)$")
_LINK_STYLE: Final = re.compile(r"^  linkStyle (?P<index>\d+) (?P<style>[\w#:,.\-]+)$")
_SHAPES: Final = {('(["', '"])'): "stadium", ('["', '"]'): "box", ('("', '")'): "round"}
_LINKS: Final = {"---": "line", "===": "thick", "-.-": "dotted"}
_NAMED: Final = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}
_LABEL_TOKEN: Final = re.compile(r"#(?P<code>\d+|quot|lt|gt|amp);|(?P<br><br/>)|(?P<char>.)", re.S)
_SYNTAX: Final = frozenset("\"#%{}:;'`|<>&\u00b6\ufb02")
"""Characters Mermaid reads as syntax somewhere in a chart (quotes, entities, directives,
markup, links, its entity markers ``ﬂ°``/``¶ß``): in a label they must come as entity codes."""
_BIDI: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass
class MermaidChart:
    """What a Mermaid flowchart of our subset says: nodes, links, classes and styles."""

    nodes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """Node id -> (shape, label lines as Mermaid shows them)."""
    edges: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    """(a, b, link kind, label) in the order written, which ``linkStyle`` indexes."""
    classes: dict[str, set[str]] = field(default_factory=dict)
    class_defs: set[str] = field(default_factory=set)
    link_styles: dict[int, str] = field(default_factory=dict)


def parse_mermaid(text: str) -> MermaidChart:
    """Read a ``flowchart LR`` of our subset as Mermaid would, refusing anything else."""
    assert not _DIRECTIVE.search(text), "a %%{ directive would reconfigure the chart"
    assert "%%" not in text, "%% starts a comment or a directive"
    assert "\r" not in text and "\u2028" not in text and "\u2029" not in text
    lines = text.split("\n")
    assert lines[0] == "flowchart LR" and lines[-1] == "", "one chart, ending with a newline"
    chart = MermaidChart()
    for line in lines[1:-1]:
        assert not any(cutter.search(line) for cutter in _ENTITY_CUTTERS), line
        if node := _NODE.match(line):
            node_id = _checked_id(node["id"])
            assert node_id not in chart.nodes, f"node {node_id} defined twice"
            shape = _SHAPES[node["open"], node["close"]]
            chart.nodes[node_id] = (shape, mermaid_label(node["label"]))
        elif edge := _EDGE.match(line):
            a, b = _checked_id(edge["a"]), _checked_id(edge["b"])
            assert a in chart.nodes and b in chart.nodes, f"link to an undefined node: {line!r}"
            label = edge["label"]
            shown = None if label is None else "\n".join(mermaid_label(label))
            chart.edges.append((a, b, _LINKS[edge["link"]], shown))
        elif member := _CLASS.match(line):
            ids = member["ids"].split(",")
            assert all(node_id in chart.nodes for node_id in ids), line
            chart.classes.setdefault(member["name"], set()).update(ids)
        elif class_def := _CLASS_DEF.match(line):
            chart.class_defs.add(class_def["name"])
        elif style := _LINK_STYLE.match(line):
            index = int(style["index"])
            assert index < len(chart.edges), f"linkStyle {index} has no link"
            chart.link_styles[index] = style["style"]
        else:
            raise AssertionError(f"not a line of our Mermaid subset: {line!r}")
    assert set(chart.classes) <= chart.class_defs, "a class without classDef"
    return chart


def _checked_id(node_id: str) -> str:
    assert node_id.lower() not in MERMAID_KEYWORDS, f"id {node_id} is a Mermaid keyword"
    assert node_id[0] not in "oxOX", f"id {node_id} would read as a link end (--o, --x)"
    return node_id


def mermaid_label(label: str) -> list[str]:
    """The lines a quoted label shows: entity codes decoded, ``<br/>`` breaks, nothing else."""
    lines = [""]
    for token in _LABEL_TOKEN.finditer(label):
        if token["br"]:
            lines.append("")
        elif code := token["code"]:
            lines[-1] += chr(int(code)) if code.isdigit() else _NAMED[code]
        else:
            char = token["char"]
            assert char not in _SYNTAX, f"raw {char!r} in a label: {label!r}"
            assert _plain(char), f"U+{ord(char):04X} in a label: {label!r}"
            lines[-1] += char
    return lines


def _plain(char: str) -> bool:
    """Not a control, surrogate, noncharacter or direction mark: text that shows as itself."""
    code = ord(char)
    return not (
        unicodedata.category(char) in ("Cc", "Cs")
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or char in _BIDI
    )


# Chromium --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedPage:
    """A page as Chromium built it, and what the page itself asked the network for."""

    dom: str
    page_requests: list[str]


def chromium_render(html: str, folder: Path) -> RenderedPage:
    """Open ``html`` from a file in headless Chromium; its DOM and the page's own requests.

    Requests come from Chromium's NetLog: those made for the file's site, as opposed to the
    browser's own background requests (which the host rules keep on the machine anyway).
    """
    chromium = _program(("chromium", "chromium-browser"), "chromium")
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8", newline="")
    profile = folder / "profile"
    profile.mkdir()
    netlog = folder / "netlog.json"
    done = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--log-net-log={netlog}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return RenderedPage(done.stdout.decode(), _page_requests(netlog))


def _page_requests(netlog: Path) -> list[str]:
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] != start_job or "url" not in params:
            continue
        isolation = str(params.get("network_isolation_key", ""))
        initiator = str(params.get("initiator", ""))
        if "file://" in isolation or initiator == "null" or initiator.startswith("file:"):
            requests.append(params["url"])
    return requests


class PageContent(HTMLParser):
    """Tags with their attributes, every text, and table cells by class, references decoded."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.cells: list[tuple[str, str]] = []
        """(class, text) of every table cell, in page order."""
        self.svg_text: list[str] = []
        self._open: list[str] = []
        self._cell: tuple[str, list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._open.append(tag)
        if tag == "td":
            self._cell = (attributes.get("class") or "", [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.append((self._cell[0], "".join(self._cell[1])))
            self._cell = None
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell[1].append(data)
        if self._open and self._open[-1] == "text":
            self.svg_text.append(data)
