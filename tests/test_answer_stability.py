"""The same question gets the same answer: whatever the process answered before, and when the
library holds the same passages twice (a course folder moved or copied, a document uploaded
twice). Over the bundled course with the real model."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from tutor.answer import answer_question
from tutor.index.store import InMemoryStore
from tutor.models import Answer
from tutor.retrieval.retriever import Retriever, distinct_passages

QUESTIONS = [
    "training-serving skew, meaning",
    "data parallel vs model parallel, which one do we actually need?",
    "Walk me through how approving a model in the registry ends up triggering a deploy.",
    "if Clarify finds bias in a model, does it just remove it for you?",
    "What is SageMaker Feature Store?",
    "Which module covers batch transform?",
    "What does an ml.p4d.24xlarge instance cost per hour?",
]


def _seen(answer: Answer) -> tuple[object, ...]:
    """What the learner sees: the reply, whether it was declined, and each citation's place
    and words (not the passage's id, which differs between two copies of one file)."""
    cited = [(c.n, c.source, c.section_path, c.quote) for c in answer.citations]
    return answer.answer, answer.covered, cited, answer.suggestions


def _indexed_twice(once: Retriever) -> InMemoryStore:
    """The course's chunks and vectors, and a copy of each from another folder. The copy's
    path sorts first, so it is the copy a fixed order keeps."""
    store = InMemoryStore()
    ids, vectors = once.store.embedded_vectors()
    chunks = {c.id: c for c in once.store.all_chunks()}
    copies = [
        chunks[i].model_copy(
            update={"id": f"copy-{i}", "source_path": str(PurePosixPath("/a-copy") / chunks[i].source)}
        )
        for i in ids
    ]
    store.upsert([chunks[i] for i in ids], vectors.tolist())
    store.upsert(copies, vectors.tolist())
    return store


def test_one_copy_of_each_passage_is_kept_in_a_fixed_order(corpus_index: Retriever) -> None:
    chunks = corpus_index.chunks()
    copy = chunks[0].model_copy(update={"id": "copy", "source_path": "/a-copy/x.md"})
    kept = distinct_passages([*chunks, copy])
    assert len(kept) == len(chunks)
    assert kept[-1] is copy  # "/a-copy" sorts first: the copy stands where it was, the original goes
    assert distinct_passages(chunks) == chunks
    assert distinct_passages([*chunks, copy][::-1]) == kept[::-1]


def test_the_course_indexed_twice_answers_as_the_course_indexed_once(corpus_index: Retriever) -> None:
    twice = Retriever(
        corpus_index.settings,
        store=_indexed_twice(corpus_index),
        embedder=corpus_index.embedder,
    )
    assert len(twice.store.all_chunks()) == 2 * len(corpus_index.chunks())
    for question in QUESTIONS:
        once_seen = _seen(answer_question(question, retriever=corpus_index))
        assert _seen(answer_question(question, retriever=twice)) == once_seen, question


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_an_answer_does_not_depend_on_what_was_answered_before(corpus_index: Retriever, order: str) -> None:
    first = {q: _seen(answer_question(q, retriever=corpus_index)) for q in QUESTIONS}
    again = QUESTIONS if order == "forward" else QUESTIONS[::-1]
    for question in again:
        assert _seen(answer_question(question, retriever=corpus_index)) == first[question], question
