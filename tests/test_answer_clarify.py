"""Asking back: the readings of a vague question follow what it says of "it" and what was
retrieved for it, instead of being the same three for every vague question."""

from __future__ import annotations

from answer_fixtures import DEPLOY_HEAD, MONITOR, REGISTRY, course_retriever

from tutor.answer import answer_question
from tutor.answer.clarify import READINGS, is_vague, readings
from tutor.models import Chunk, Passage


def _passage(service: str, similarity: float) -> Passage:
    chunk = Chunk(
        id=service,
        text=f"{service} does things.",
        source="04.md",
        title="Deployment",
        module=4,
        section_path=["Module 4", service],
        position=0,
        source_path="04.md",
        start=0,
        end=10,
    )
    return Passage(**chunk.model_dump(), score=0.0, similarity=similarity)


def test_a_word_said_of_anything_leaves_the_question_vague() -> None:
    assert is_vague("Why is it so slow?", has_history=False)
    assert is_vague("how much does it cost?", has_history=False)
    assert not is_vague("Why is it so slow?", has_history=True)
    assert not is_vague("Why is Model Monitor so slow?", has_history=False)  # nothing unsaid
    assert not is_vague("Why is it so slow to train on GPUs?", has_history=False)  # a topic word


def test_readings_follow_what_is_said_of_it() -> None:
    slow = readings("Why is it so slow?")
    cost = readings("how much does it cost?")
    assert slow[0] == "Why is my training job so slow?" and "my endpoint" in slow[1]
    assert cost != slow and all("cost" in r for r in cost)
    assert readings("hmm, what about it?") == [f"hmm, what about {t}?" for t in READINGS]


def test_readings_name_the_services_retrieved_close_to_the_question() -> None:
    near = [_passage("SageMaker Model Monitor", 0.5), _passage("SageMaker Model Registry", 0.4)]
    assert readings("How do I deploy it?", near, floor=0.3) == [
        "How do I deploy SageMaker Model Monitor?",
        "How do I deploy SageMaker Model Registry?",
    ]
    # passages not close enough to the question say nothing about what "it" is
    assert readings("How do I deploy it?", near, floor=0.6)[0] == "How do I deploy my model?"


def test_the_tutor_asks_back_on_a_vague_question_with_its_own_readings(tmp_path, fake_embedder) -> None:
    course = course_retriever(
        tmp_path, fake_embedder, {"04.md": DEPLOY_HEAD + "\n" + MONITOR + "\n" + REGISTRY}
    )
    slow = answer_question("Why is it so slow?", retriever=course)
    better = answer_question("how do I make it better?", retriever=course)
    assert slow.clarify and better.clarify and slow.clarify != better.clarify
    assert not slow.citations and not slow.covered
