"""Overview answers: a best sentence whose section announces its subsections is followed by
the opening sentence of each, cited to its own passage."""

from __future__ import annotations

import pytest

from tutor.answer import answer_question
from tutor.answer.extractive import compose_extractive
from tutor.answer.overview import subsection_openings
from tutor.models import Chunk, Passage
from tutor.retrieval import Retriever

INTRO = "The course assumes three kinds of background knowledge before the first module starts."
OPENINGS = [
    "Machine learning is the subset of AI that learns patterns from data instead of rules.",
    "Learners should recognise the stages of an ML project from data to deployment.",
    "Amazon S3 stores training data and model artifacts for every SageMaker job.",
]


def _chunk(cid: str, path: list[str], text: str, start: int) -> Chunk:
    return Chunk(
        id=cid,
        text=text,
        source="00.md",
        source_path="/c/00.md",
        title="Overview",
        section_path=path,
        start=start,
        end=start + len(text),
    )


def _library(intro: str = INTRO) -> list[Chunk]:
    parent = ["Overview", "Prerequisites"]
    chunks = [_chunk("p", parent, intro, 0)]
    for i, (name, opening) in enumerate(
        zip(["ML basics", "Pipeline stages", "AWS basics"], OPENINGS, strict=True)
    ):
        text = f"{opening} A second sentence of this subsection that the overview leaves out."
        chunks.append(_chunk(f"c{i}", [*parent, name], text, 100 * (i + 1)))
    # A deeper subsection and another section: neither is a direct part.
    chunks.append(
        _chunk("deep", [*parent, "AWS basics", "IAM"], "IAM roles control what a SageMaker job may do.", 999)
    )
    chunks.append(
        _chunk("other", ["Overview", "Lifecycle"], "The lifecycle has six phases in this course.", 2000)
    )
    return chunks


def _passage(chunk: Chunk) -> Passage:
    return Passage(**chunk.model_dump(), score=1.0)


def test_a_count_that_matches_the_subsections_announces_them() -> None:
    library = _library()
    openings = subsection_openings(_passage(library[0]), library)
    assert [s for _, s in openings] == OPENINGS
    assert [p.id for p, _ in openings] == ["c0", "c1", "c2"]


@pytest.mark.parametrize(
    "intro",
    [
        "The course assumes two kinds of background knowledge before the first module starts.",
        "The course assumes some background knowledge before the first module starts.",
    ],
)
def test_a_section_that_announces_nothing_matching_gets_no_overview(intro: str) -> None:
    library = _library(intro)
    assert subsection_openings(_passage(library[0]), library) == []


def test_subsections_below_announce_them_whatever_their_number() -> None:
    library = _library("Each prerequisite is explained in the subsections below, with examples.")
    assert len(subsection_openings(_passage(library[0]), library)) == 3


def test_the_answer_walks_the_announced_parts_with_their_own_citations(fake_embedder) -> None:
    library = _library()
    passages = [_passage(library[0]), _passage(library[-1])]
    text, sentences, cited = compose_extractive(
        "What background knowledge does the course assume?", passages, fake_embedder, library=library
    )
    assert [s.text for s in sentences] == [INTRO, *OPENINGS]
    assert [c.id for c in cited] == ["p", "c0", "c1", "c2"]
    assert [s.citations for s in sentences] == [[1], [2], [3], [4]]
    assert text.startswith(f"{INTRO} [1] {OPENINGS[0]} [2]")


@pytest.mark.slow
def test_real_corpus_mastery_question_gets_the_criteria(corpus_index: Retriever) -> None:
    answer = answer_question("how do i know if i've actually mastered this course?", retriever=corpus_index)
    assert "90 percent" in answer.answer
    sections = [c.section_path[-1] for c in answer.citations]
    assert "Evaluation criterion: architectural mapping" in sections
    assert "Evaluation criterion: trade-off analysis" in sections
