"""User text in the Markdown export reads literally under CommonMark and GitHub's extensions.

Each case renders the export with markdown-it (linkify, tables, strikethrough on) twice: once
with harmless words in every user field and once with hostile ones laid out the same. The
report's own structure must come out the same, and the hostile text must come out whole.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState, Plan, Task, new_plan
from insider_planner.report.export import export_text
from insider_planner.report.markdown import md_escape
from insider_planner.resources import load_catalog

CATALOG = load_catalog()
MD = MarkdownIt("gfm-like", {"linkify": True}).enable(["linkify", "table", "strikethrough"])

NASTY = [
    "https://example.com/path?q=1",
    "see http://localhost:8000 and //localhost",
    "www.example.com",
    "example.com/x and пример.рф",
    "mail me: dana@example.com or mailto:dana@example.com",
    "<https://example.com>",
    "<dana@example.com>",
    "# heading",
    "## heading ##",
    "C #",
    "> quoted",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "1) item",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "---",
    "***",
    "===",
    "Title\n===",
    "Title\n---",
    "```\ncode\n```",
    "~~~\ncode\n~~~",
    "`code`",
    "    indented code",
    "<b>bold</b> <!-- comment --> <div>block</div>",
    "&amp; &#65; &copy;",
    "[^1] and [^1]: footnote",
    "![alt](http://example.com/x.png)",
    "[x](http://example.com) [y][x]",
    "[x]: http://example.com",
    "*em* _em_ **strong** __strong__ ~~strike~~ ~one~",
    "$x^2$ and $$y$$",
    ":smile: @mention #123",
    "trailing backslash \\",
    "line one  \nline two",
    "192.168.0.1 and 10:30",
    "\\*not em\\* and \\\\",
]

PLAIN = "Plain words"  # for fields that must not be empty


def _plan(catalog: Catalog, text: str) -> Plan:
    """Every free-text field of a plan holding `text`."""
    plan = new_plan(catalog, title=text or PLAIN)
    plan.target = text
    plan.project = text
    plan.nodes["internals.weights"] = NodeState(needed=True, note=text)
    plan.custom_nodes = [CustomNode(id="c-1", title=text or PLAIN, parent="influence")]
    plan.nodes["c-1"] = NodeState(held=True, note=text)
    plan.strategies[0].tasks = [
        Task(id="t-1", title=text or PLAIN, notes=text, links=["internals.weights"])
    ]
    return plan


def _structure(tokens: list[Token]) -> list[str]:
    """What the renderer made of the document, apart from its words."""
    out: list[str] = []
    for token in tokens:
        if token.type == "inline":
            kinds = [t.type for t in token.children or [] if t.type not in ("text", "softbreak")]
            out.append("inline " + " ".join(kinds))
        else:
            out.append(f"{token.type} {token.tag} {token.markup}")
    return out


def _words(tokens: list[Token]) -> str:
    """All the text a reader sees, without whitespace."""
    parts = [
        child.content
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "text"
    ]
    return "".join("".join(parts).split())


def _check(catalog: Catalog, text: str) -> None:
    markdown = export_text(_plan(catalog, text), catalog, "markdown").decode("utf-8")
    # Harmless text laid out the same: its blank lines split a note the same way.
    harmless = re.sub(r"\S", "a", text)
    reference = export_text(_plan(catalog, harmless), catalog, "markdown").decode("utf-8")
    tokens = MD.parse(markdown)
    assert _structure(tokens) == _structure(MD.parse(reference)), markdown
    for token in tokens:
        for child in token.children or []:
            assert child.type not in ("link_open", "image", "html_inline", "code_inline")
    assert "".join(text.split()) in _words(tokens)
    # The HTML a viewer would show holds nothing live from the user either.
    rendered = MD.render(markdown)
    for live in ("<a ", "<img", "<code", "<pre", "<table", "<h4", "<b>", "<div", "<del", "<s>"):
        assert live not in rendered, live


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_reads_literally(catalog: Catalog, text: str) -> None:
    _check(catalog, text)


PIECES = [*"abcw .:/@#-+=*_~`|<>[]()!^$&;\\\n\t1", "www.", "http://", "x.com", "é", "  "]


@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=30)
    .map("".join)
    .filter(lambda text: text.strip() != "")
)
def test_any_text_reads_literally(text: str) -> None:
    _check(CATALOG, text)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("www.example.com", "www\\.example\\.com"),
        ("dana@example.com", "dana\\@example\\.com"),
        ("https://x.org", "https\\:\\//x\\.org"),
        ("1. first", "1\\. first"),
        ("- dash", "\\- dash"),
        ("end. Next", "end. Next"),
        ("a - b", "a - b"),
    ],
)
def test_escapes_are_few_and_where_needed(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


class _Tags(HTMLParser):
    """The elements of an HTML page and their attributes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_stays_text_in_html(catalog: Catalog, text: str) -> None:
    page = export_text(_plan(catalog, text), catalog, "html").decode("utf-8")
    harmless = re.sub(r"\S", "a", text)
    reference = export_text(_plan(catalog, harmless), catalog, "html").decode("utf-8")
    assert _tags(page) == _tags(reference)
    assert html.escape(text.splitlines()[0], quote=True) in page
