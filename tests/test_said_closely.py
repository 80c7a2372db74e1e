"""A question the course says nearly in its own words is covered, however the learner puts it."""

from __future__ import annotations

import numpy as np
from answer_fixtures import passage_of

from tutor.answer import answer_question
from tutor.answer.said_closely import said_closely
from tutor.index.sentence_vectors import SentenceVectors
from tutor.retrieval.retriever import Retriever

SAID = "If only 1 percent of transactions are fraud, a model that always predicts no fraud scores 99 percent accuracy."
OTHER = "Batch transform scores a whole dataset stored in Amazon S3 without a persistent endpoint."


def _known() -> SentenceVectors:
    return SentenceVectors("m", [SAID, OTHER], np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32))


def test_a_sentence_close_enough_to_the_question_says_it() -> None:
    passages = [passage_of(f"{OTHER} {SAID}", ["Accuracy"])]
    close = [0.8, 0.6, 0.0]  # cosine 0.8 to SAID once normalised
    assert said_closely(close, passages, _known(), 0.65)
    assert not said_closely(close, passages, _known(), 0.85)
    assert not said_closely(close, [passage_of(OTHER, ["Batch"])], _known(), 0.65), "only the passages given"


def test_no_saved_vectors_or_another_model_size_says_nothing() -> None:
    passages = [passage_of(SAID, ["Accuracy"])]
    empty = SentenceVectors("m", [], np.zeros((0, 3), dtype=np.float32))
    assert not said_closely([1.0, 0.0, 0.0], passages, empty, 0.5)
    assert not said_closely([1.0, 0.0], passages, _known(), 0.5)
    assert not said_closely([0.0, 0.0, 0.0], passages, _known(), 0.5)


def test_the_learners_tone_does_not_decline_what_the_course_says(corpus_index: Retriever) -> None:
    answer = answer_question(
        "If we go with SageMaker are we locked into using every piece of it?", retriever=corpus_index
    )
    assert answer.covered
    assert "modular" in answer.answer or "every SageMaker" in answer.answer
