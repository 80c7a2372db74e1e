"""Markdown parsing and chunking: heading paths, front matter, size bounds, whole sentences, spans."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

from tutor import exceptions as exc
from tutor.index.chunking import chunk_spans, sentence_spans
from tutor.index.loaders import chunk_id, load_markdown, load_text
from tutor.markdown import FrontMatterError, clean_inline, parse_markdown, split_front_matter

WORDS = re.findall(
    r"\S+",
    "SageMaker trains models on managed instances and stores the artifacts in Amazon S3 so that "
    "endpoints can serve predictions while Model Monitor watches for drift in production data",
)


def prose(n_sentences: int, seed: int = 0) -> str:
    """Deterministic prose: sentences of varied length, each ending with a full stop."""
    rng = random.Random(seed)
    sentences = []
    for i in range(n_sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 30))]
        sentences.append(f"Sentence {i} says " + " ".join(words) + ".")
    return " ".join(sentences)


LESSON = """---
module: 3
title: "Model Building and Training"
summary: "How models are trained."
---
A short preamble before any heading. It introduces the module.

# Module 3: Model Building

The module opens with an overview paragraph. It names the services.

## SageMaker Training Jobs

### What a training job is

A training job runs your code on managed instances. See [the guide](https://example.com/x_(y)) for details.
SageMaker copies the data, runs the container and saves the model artifact to S3.

```python
# This line is code, not a heading
def train():
    return "model"
```

### Spot training

Managed spot training can cut cost, e.g. for long jobs. It resumes from checkpoints.

## SageMaker Experiments

Experiments tracks runs, parameters and metrics so you can compare them later.
"""


# --------------------------------------------------------------------------- markdown parsing
def test_front_matter_is_parsed_and_offset_points_at_the_body() -> None:
    front, body, offset = split_front_matter(LESSON)
    assert front["module"] == 3
    assert front["title"] == "Model Building and Training"
    assert body.startswith("A short preamble")
    assert LESSON[offset:] == body


def test_text_without_front_matter_is_returned_whole() -> None:
    text = "# Title\n\nNo front matter here.\n"
    assert split_front_matter(text) == ({}, text, 0)


@pytest.mark.parametrize(
    "bad", ["---\nmodule: [1, 2\n---\n# T\n\nText.\n", "---\n- a list\n- not a mapping\n---\nText.\n"]
)
def test_broken_front_matter_raises(bad: str) -> None:
    with pytest.raises(FrontMatterError):
        split_front_matter(bad)


def test_heading_tree_gives_every_section_its_path() -> None:
    _, sections = parse_markdown(LESSON)
    by_heading = {s.heading: s for s in sections}
    assert sections[0].level == 0 and sections[0].path == []
    assert sections[0].body.startswith("A short preamble")
    assert by_heading["Module 3: Model Building"].path == ["Module 3: Model Building"]
    assert by_heading["What a training job is"].path == [
        "Module 3: Model Building",
        "SageMaker Training Jobs",
        "What a training job is",
    ]
    assert by_heading["Spot training"].path[-2:] == ["SageMaker Training Jobs", "Spot training"]
    # A level-2 heading pops the level-3 one before it.
    assert by_heading["SageMaker Experiments"].path == ["Module 3: Model Building", "SageMaker Experiments"]


def test_hash_lines_inside_fenced_code_are_not_headings() -> None:
    _, sections = parse_markdown(LESSON)
    assert not any("This line is code" in s.heading for s in sections)
    training = next(s for s in sections if s.heading == "What a training job is")
    assert "# This line is code, not a heading" in training.body


def test_section_offsets_point_into_the_original_text() -> None:
    _, sections = parse_markdown(LESSON)
    for s in sections:
        assert s.body in LESSON[s.start : s.end]
        if s.level:
            assert LESSON[s.start :].startswith("#" * s.level + " ")


def test_clean_inline_keeps_words_and_drops_link_targets() -> None:
    text = 'See [Feature Store](https://docs.aws/fs_(x)) and ![diagram](img.png) <a name="z"></a>\\_now\\_.'
    assert clean_inline(text) == "See Feature Store and diagram _now_."


# --------------------------------------------------------------------------- chunk spans
def test_sentence_spans_split_at_sentence_ends_but_not_after_abbreviations() -> None:
    text = "Use spot training, e.g. for long jobs. It saves money! Does it resume? Yes."
    parts = [text[a:b] for a, b in sentence_spans(text)]
    assert parts == ["Use spot training, e.g. for long jobs.", "It saves money!", "Does it resume?", "Yes."]


def test_sentence_spans_keep_a_fenced_code_block_whole() -> None:
    text = "Run this. It works.\n\n```\nx = 1. Y = 2.\nprint(x)\n```\n\nDone here."
    parts = [text[a:b] for a, b in sentence_spans(text)]
    assert "```\nx = 1. Y = 2.\nprint(x)\n```" in parts


@pytest.mark.parametrize("target", [200, 500, 1000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_chunks_are_bounded_and_never_cut_a_sentence(target: int, seed: int) -> None:
    text = prose(120, seed)
    spans = chunk_spans(text, target)
    sentences = sentence_spans(text)
    assert len(spans) > 1
    for a, b in spans:
        assert b - a <= int(target * 1.5), "a chunk is larger than the hard bound"
        assert text[b - 1] == ".", "a chunk ends mid-sentence"
        assert text[a : a + 9] == "Sentence ", "a chunk starts mid-sentence"
    # Every sentence lies whole inside exactly one chunk, and chunks do not overlap.
    for s_a, s_b in sentences:
        assert sum(a <= s_a and s_b <= b for a, b in spans) == 1
    for (_, b1), (a2, _) in itertools.pairwise(spans):
        assert b1 < a2
    # Nothing is lost: the chunks together hold every sentence.
    assert re.findall(r"Sentence \d+", " ".join(text[a:b] for a, b in spans)) == [
        f"Sentence {i}" for i in range(120)
    ]


def test_most_chunks_come_close_to_the_target() -> None:
    text = prose(200, 7)
    spans = chunk_spans(text, 600)
    assert sum(b - a >= 400 for a, b in spans[:-1]) >= 0.8 * (len(spans) - 1)


def test_a_short_tail_is_merged_into_the_previous_chunk() -> None:
    first = "Alpha sentence is here and it is fairly long to fill the chunk up nicely. " * 3
    text = first.strip() + " Tail."
    spans = chunk_spans(text, 240)
    assert len(spans) == 1
    assert text[spans[0][0] : spans[0][1]].endswith("Tail.")


def test_an_overlong_code_block_is_split_at_line_boundaries() -> None:
    code = "```\n" + "\n".join(f"value_{i} = compute({i})  # step" for i in range(80)) + "\n```"
    spans = chunk_spans(code, 300)
    assert len(spans) > 3
    for a, b in spans:
        assert b - a <= 450
        piece = code[a:b]
        assert not piece.startswith(" ") and not piece.endswith(" ")
        # A line is never cut in the middle of a token.
        assert code[b:].startswith("\n") or b == len(code)


def test_chunk_spans_of_empty_text_is_empty() -> None:
    assert chunk_spans("", 500) == []
    assert chunk_spans("  \n\n  ", 500) == []


# --------------------------------------------------------------------------- loaded Markdown
def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_chunks_carry_metadata_from_front_matter_and_headings(tmp_path: Path) -> None:
    path = write(tmp_path / "03-training.md", LESSON)
    loaded = load_markdown(path, 1000)
    assert loaded.title == "Model Building and Training"
    assert loaded.module == 3
    assert loaded.front_matter["summary"] == "How models are trained."
    paths = {tuple(c.section_path) for c in loaded.chunks}
    assert ("Model Building and Training",) in paths  # the preamble gets the title as its path
    assert ("Module 3: Model Building", "SageMaker Training Jobs", "What a training job is") in paths
    for c in loaded.chunks:
        assert c.source == "03-training.md"
        assert c.source_path == str(path)
        assert c.title == "Model Building and Training"
        assert c.module == 3
        assert c.page is None
        assert "https://" not in c.text
    spot = next(c for c in loaded.chunks if c.section_path[-1] == "Spot training")
    assert spot.text == "Managed spot training can cut cost, e.g. for long jobs. It resumes from checkpoints."


def test_markdown_chunk_spans_are_exact_offsets_into_the_file(tmp_path: Path) -> None:
    body = "\n\n".join(f"## Part {i}\n\n{prose(25, i)}" for i in range(4))
    path = write(tmp_path / "long.md", f"---\nmodule: 1\ntitle: Long\n---\n# Long lesson\n\n{body}\n")
    raw = path.read_text(encoding="utf-8")
    loaded = load_markdown(path, 400)
    assert len(loaded.chunks) > 8
    for c in loaded.chunks:
        assert 0 <= c.start < c.end <= len(raw)
        assert clean_inline(raw[c.start : c.end]).strip() == c.text
        assert c.end - c.start <= 600
        assert c.text.endswith(".")


def test_headings_are_not_part_of_chunk_text_but_of_the_embedding_text(tmp_path: Path) -> None:
    path = write(tmp_path / "x.md", "# Top\n\n## Feature Store\n\nIt keeps features consistent.\n")
    [chunk] = load_markdown(path, 500).chunks
    assert chunk.text == "It keeps features consistent."
    assert chunk.section_path == ["Top", "Feature Store"]
    assert chunk.embedding_text() == "Top > Feature Store\nIt keeps features consistent."


def test_title_falls_back_to_the_first_h1_then_the_file_name(tmp_path: Path) -> None:
    with_h1 = write(tmp_path / "a.md", "Intro text here.\n\n# The Real Title\n\nBody text is here.\n")
    no_h1 = write(tmp_path / "my-notes.md", "## Only a subsection\n\nBody text is here.\n")
    assert load_markdown(with_h1, 500).title == "The Real Title"
    assert load_markdown(no_h1, 500).title == "my-notes"
    assert load_markdown(no_h1, 500).module is None


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("'04'", 4), ("two", None), ("true", None)])
def test_module_from_front_matter(tmp_path: Path, value: str, expected: int | None) -> None:
    path = write(tmp_path / "m.md", f"---\nmodule: {value}\n---\n# T\n\nSome body text.\n")
    loaded = load_markdown(path, 500)
    assert loaded.module == expected
    assert all(c.module == expected for c in loaded.chunks)


def test_markdown_with_only_headings_is_an_empty_file_error(tmp_path: Path) -> None:
    path = write(tmp_path / "headings.md", "# One\n\n## Two\n\n### Three\n")
    with pytest.raises(exc.EmptyFileError, match=r"headings\.md"):
        load_markdown(path, 500)


def test_markdown_with_broken_front_matter_is_a_damaged_file_error(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.md", "---\ntitle: [unclosed\n---\n# T\n\nBody text.\n")
    with pytest.raises(exc.DamagedFileError) as info:
        load_markdown(path, 500)
    assert "front matter" in info.value.message
    assert info.value.hint and "YAML" in info.value.hint


def test_plain_text_is_chunked_by_sentences_with_exact_spans(tmp_path: Path) -> None:
    text = prose(40, 11)
    path = write(tmp_path / "study_notes-week1.txt", text)
    loaded = load_text(path, 300)
    assert loaded.title == "study notes week1"
    assert len(loaded.chunks) > 3
    for c in loaded.chunks:
        assert c.section_path == ["study notes week1"]
        assert text[c.start : c.end] == c.text
        assert c.module is None and c.page is None


def test_chunk_ids_are_deterministic_and_content_addressed(tmp_path: Path) -> None:
    path = write(tmp_path / "03.md", LESSON)
    first = [c.id for c in load_markdown(path, 500).chunks]
    second = [c.id for c in load_markdown(path, 500).chunks]
    assert first == second
    assert len(set(first)) == len(first)
    assert chunk_id("/a.md", 0, 10, None, "x") == chunk_id("/a.md", 0, 10, None, "x")
    variants = {
        chunk_id("/a.md", 0, 10, None, "x"),
        chunk_id("/b.md", 0, 10, None, "x"),
        chunk_id("/a.md", 1, 10, None, "x"),
        chunk_id("/a.md", 0, 10, 1, "x"),
        chunk_id("/a.md", 0, 10, None, "y"),
    }
    assert len(variants) == 5
    # Editing one section changes that section's ids only where the text moved or changed.
    edited = write(tmp_path / "03.md", LESSON.replace("Experiments tracks runs", "Experiments records runs"))
    third = [c.id for c in load_markdown(edited, 500).chunks]
    assert third[:-1] == first[:-1]
    assert third[-1] != first[-1]
