"""Parsing untrusted files in linear time, under caps and a deadline (issue 11, finding 1).

The hostile inputs are the ones that hung the regex parser: a heading made of spaces (cubic),
many unclosed code fences (quadratic), a front-matter opener followed by blank lines
(quadratic), and a 10 MB file on one line (thousands of chunks). Each runs in a child process
that is killed when over its time limit, so a regression fails fast instead of hanging.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from time_limit import run_within

from tutor import exceptions as exc
from tutor.index import loaders
from tutor.index.chunking import chunk_spans, fenced_blocks, sentence_spans
from tutor.index.ingest import ingest
from tutor.index.loaders import LoadLimits, load_markdown, load_text
from tutor.index.store import InMemoryStore
from tutor.markdown import parse_markdown, split_front_matter
from tutor.settings import Settings

# --------------------------------------------------------------------------- hostile inputs

LIMIT_S = 20
"""Generous for a loaded CI machine (each takes well under a second alone); the regexes these
replaced needed minutes to hours on the same inputs."""


def _sections(text: str) -> int:
    return len(parse_markdown(text)[1])


def test_a_heading_made_of_spaces_parses_in_linear_time() -> None:
    # The regex took 5 s at 800 spaces and 34 s at 1,600; the line scan takes milliseconds.
    n, _ = run_within(LIMIT_S, _sections, "# a" + " " * 100_000 + "x\n\nBody text here.")
    assert n == 1


def test_many_unclosed_code_fences_chunk_in_linear_time() -> None:
    text = "```x\n" * 40_000  # 200 KB; the regex needed 25 s for 97 KB
    spans, _ = run_within(LIMIT_S, sentence_spans, text)
    assert spans and all(a < b for a, b in spans)
    _, _ = run_within(LIMIT_S, _sections, text)


def test_a_front_matter_opener_followed_by_blank_lines_is_linear() -> None:
    text = "---" + "\n" * 200_000 + "text"
    result, _ = run_within(LIMIT_S, split_front_matter, text)
    assert result == ({}, text, 0)


def test_many_closed_fences_between_paragraphs_chunk_in_linear_time() -> None:
    # Each sentence break used to be checked against every fence: breaks x fences.
    text = "```\ncode\n```\n\nA sentence. Another one.\n\n" * 20_000
    spans, _ = run_within(LIMIT_S, chunk_spans, text, 1000)
    assert spans


def test_a_ten_megabyte_single_line_file_is_refused_not_chunked(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("word " * 2_000_000, encoding="utf-8")  # 10 MB, no newline
    with pytest.raises(exc.LineTooLongError) as info:
        load_text(path, 1000)
    assert "line 1 is 10,000,000 characters long" in info.value.message
    assert info.value.hint and "TUTOR_MAX_LINE_CHARS" in info.value.hint


def test_chunks_per_file_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "many.md"
    path.write_text("# Notes\n\n" + "A sentence about training jobs.\n\n" * 3000, encoding="utf-8")
    assert len(load_markdown(path, 200).chunks) > 50
    with pytest.raises(exc.TooManyChunksError) as info:
        load_markdown(path, 200, LoadLimits(max_chunks=50))
    assert "more than 50 chunks" in info.value.message


@pytest.mark.parametrize("loader", [load_markdown, load_text])
def test_markdown_and_text_loading_stop_at_the_per_file_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader
) -> None:
    path = tmp_path / "slow.md"
    path.write_text("# Notes\n\n" + "A sentence about endpoints. " * 500, encoding="utf-8")
    clock = iter(range(0, 10_000, 10))  # every look at the clock is 10 s later
    monkeypatch.setattr(loaders.time, "monotonic", lambda: next(clock))
    with pytest.raises(exc.ExtractionTimeoutError) as info:
        loader(path, 1000, LoadLimits(deadline_s=25))
    assert "longer than 25 s" in info.value.message


def test_ingest_applies_the_caps_from_settings(tmp_path: Path, fake_embedder) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "wide.txt").write_text("x" * 5000, encoding="utf-8")
    (tmp_path / "docs" / "ok.md").write_text("# Ok\n\nA short lesson about endpoints.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", max_line_chars=1000, workers=1)
    report = ingest([tmp_path / "docs"], settings=settings, store=InMemoryStore(), embedder=fake_embedder)
    assert [f.kind for f in report.failed] == ["line-too-long"]
    assert [Path(p).name for p in report.ingested] == ["ok.md"]


# --------------------------------------------------------------------------- binary and escapes


def test_a_binary_file_without_nul_bytes_is_refused_by_content(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.choice([b for b in range(1, 256)]) for _ in range(20_000))
    assert b"\x00" not in data
    path = tmp_path / "photo.md"
    path.write_bytes(data)
    with pytest.raises(exc.UnsupportedFileError, match="binary file"):
        load_markdown(path, 1000)


def test_latin1_text_is_still_accepted(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("Données préparées à l'entraînement. Ça marche très bien.".encode("latin-1"))
    assert "Données" in load_text(path, 1000).chunks[0].text


def test_terminal_escape_sequences_are_neutralised_at_ingest(tmp_path: Path) -> None:
    path = tmp_path / "evil.md"
    source = "# Endpoints\n\nEndpoints serve models.\x1b]0;pwned\x07\x1b[2J Real-time inference is fast.\n"
    path.write_text(source, encoding="utf-8")
    loaded = load_markdown(path, 1000)
    text = " ".join(c.text for c in loaded.chunks)
    assert "\x1b" not in text and "\x07" not in text
    assert "Endpoints serve models." in text and "Real-time inference is fast." in text
    # Offsets still point into the file: neutralised characters are replaced one for one.
    chunk = loaded.chunks[0]
    assert source[chunk.start : chunk.end].startswith("Endpoints serve models.")


# --------------------------------------------------------------------------- properties

_MARKDOWNISH = st.text(alphabet=st.sampled_from(list("#-`~ \t\na.Bx:[]()!\\")), max_size=200)

# The regexes the line scans replaced, kept here as the reference they must agree with on
# inputs small enough for them to finish.
_OLD_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_OLD_FENCE_RE = re.compile(r"^(```|~~~)", re.MULTILINE)
_OLD_CODE_RE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_OLD_FRONT_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


def _old_heading_lines(body: str) -> list[tuple[int, int]]:
    fences = [m.start() for m in _OLD_FENCE_RE.finditer(body)]
    in_code = list(zip(fences[::2], fences[1::2], strict=False))
    return [
        (m.start(), len(m.group(1)))
        for m in _OLD_HEADING_RE.finditer(body)
        if not any(a <= m.start() < b for a, b in in_code)
    ]


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH)
def test_the_line_scan_finds_the_same_headings_as_the_regex_it_replaced(text: str) -> None:
    assume(not text.startswith("---"))  # no front matter: offsets are positions in text
    found = [(s.start, s.level) for s in parse_markdown(text)[1] if s.level > 0]
    assert found == _old_heading_lines(text)


@settings(max_examples=300, deadline=1000)
@given(_MARKDOWNISH)
def test_the_fence_scan_finds_the_same_blocks_as_the_regex_it_replaced(text: str) -> None:
    assert fenced_blocks(text) == [m.span() for m in _OLD_CODE_RE.finditer(text)]


@settings(max_examples=300, deadline=1000)
@given(st.text(alphabet=st.sampled_from(list("-\n a:1")), max_size=60))
def test_front_matter_is_found_where_the_regex_found_it(text: str) -> None:
    match = _OLD_FRONT_RE.match(text)
    try:
        _, _, offset = split_front_matter(text)
    except ValueError:  # invalid YAML: the regex had matched a block
        assert match is not None
        return
    assert offset == (match.end() if match else 0)


@settings(max_examples=200, deadline=1000)
@given(st.text(max_size=3000))
def test_parse_markdown_on_any_text_gives_ordered_sections_with_true_offsets(text: str) -> None:
    try:
        _, sections = parse_markdown(text)
    except ValueError:  # invalid front matter is reported, never anything else
        return
    starts = [s.start for s in sections]
    assert starts == sorted(starts)
    for s in sections:
        assert 0 <= s.start <= s.end <= len(text)
        if s.body:
            assert text[s.body_start : s.body_start + len(s.body)] == s.body
        assert 0 <= s.level <= 6 and len(s.path) <= 6


@settings(max_examples=200, deadline=1000)
@given(st.text(max_size=4000), st.sampled_from([200, 500, 1000]))
def test_chunk_spans_on_any_text_are_ordered_bounded_and_cover_every_word(text: str, target: int) -> None:
    spans = chunk_spans(text, target)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(text.split()) == "".join(covered.split())
