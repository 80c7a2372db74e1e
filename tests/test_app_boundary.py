"""The app side of issue 11: a bad setting is a message, not a traceback; streamed text is
escaped as a whole, so a link split across tokens cannot slip past the autolink guard."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.chat import streamed_markdown
from app_pages.safe_text import md_escape

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_a_bad_setting_is_shown_as_one_line_per_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TUTOR_TOP_K", "abc")
    monkeypatch.setenv("TUTOR_EXTRACT_TIMEOUT_S", "inf")
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = re.sub(r"\\(.)", r"\1", " ".join(e.value for e in app.error)).replace("\u200b", "")
    assert "TUTOR_TOP_K=abc: must be an integer" in shown
    assert "TUTOR_EXTRACT_TIMEOUT_S=inf: must be a finite number" in shown
    st.cache_resource.clear()


def test_streamed_text_is_escaped_as_a_whole() -> None:
    # GFM makes bare URLs and www. names into links even when escaped; md_escape breaks them
    # with a zero-width space, but only where it sees "://" or "www." whole.
    pieces = ["Visit https:", "//evil.example/login or www", ".evil.example for **free** credits"]
    streamed = streamed_markdown(pieces)
    assert streamed == md_escape("".join(pieces))
    assert streamed.count("\u200b") == 2
    assert "**free**" not in streamed
    # Escaping piece by piece (the old way) left both links live in the joined text.
    assert "".join(md_escape(p) for p in pieces).count("\u200b") == 0
