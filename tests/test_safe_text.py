"""The safe-text boundary (app_pages/safe_text.py): untrusted text rendered as inert Markdown
and made safe as a file name. Pure functions: no Streamlit needed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app_pages.safe_text import find_spans, md_block, md_escape, md_highlight, md_paragraphs, safe_filename

ROOT = Path(__file__).resolve().parent.parent


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_md_escape_neutralises_markdown() -> None:
    nasty = "![x](http://e.test/a.png) [l](http://e.test) <b>x</b> :red[r] :material/home: $x$ www.e.test a@e.test"
    escaped = md_escape(nasty)
    assert "![" not in escaped and "](" not in escaped and ":material/" not in escaped
    assert "http://" not in escaped and "www." not in escaped
    assert unescape(escaped).replace("\u200b", "") == nasty
    body, found = md_highlight("One. Two is here. Three.", ["Two is here."])
    assert found == 1 and ":orange-background[" in body
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("My Notes (v2).MD") == "My_Notes_v2.md"
    assert safe_filename(".hidden.txt") == "hidden.txt"


def test_the_module_is_pure() -> None:
    tree = ast.parse((ROOT / "app_pages" / "safe_text.py").read_text())
    imported = {
        (n.module or "") if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in n.names
    }
    assert not any(m.startswith(("streamlit", "app_pages", "tutor")) for m in imported), imported


def test_md_block_keeps_lines_and_turns_bullets_into_dots() -> None:
    out = md_block("- first\n    indented [x](http://e.test)\n* second")
    lines = out.split("  \n")
    assert lines[0] == "• first" and lines[2] == "• second"
    assert not lines[1].startswith(" ")  # four spaces would start a code block
    assert "](" not in out and "http://" not in out


def test_md_paragraphs_joins_wrapped_lines_and_keeps_paragraphs() -> None:
    out = md_paragraphs("one\ntwo\n\n\nthree  four")
    assert out.split("\n\n") == ["one two", "three four"]


def test_find_spans_is_whitespace_insensitive_and_merges_overlaps() -> None:
    text = "Model Monitor   watches\nendpoints. It alerts."
    assert find_spans(text, ["Monitor watches endpoints", "watches endpoints. It"]) == [(6, 37)]
    assert find_spans(text, ["absent", ""]) == []


def test_md_highlight_escapes_the_needle_itself() -> None:
    body, found = md_highlight("See ![x](http://e.test/a.png) now.", ["![x](http://e.test/a.png)"])
    assert found == 1 and "![" not in body and "http://" not in body
