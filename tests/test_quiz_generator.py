"""The offline generator over fixed retrieval fixtures, and the LLM generator with fake chat
models (tool-calling structured output and the JSON-text parser path)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage
from quiz_fixtures import mini_retriever, mini_settings

from tutor.course.items import ItemType
from tutor.exceptions import ProviderError, QuizError
from tutor.quiz.generator import candidates, generate_for_module, generate_items
from tutor.quiz.llm_generator import generate_llm_items
from tutor.quiz.validation import duplicate_pairs, item_problems
from tutor.quiz.vocabulary import build_vocabulary


@pytest.fixture
def settings(tmp_path: Path):
    return mini_settings(tmp_path)


@pytest.fixture
def retriever(settings, fake_embedder):
    return mini_retriever(settings, fake_embedder)


@pytest.fixture
def chunks(retriever):
    return retriever.chunks()


def test_generated_items_are_valid_distinct_and_grounded(chunks, settings) -> None:
    made = generate_items(chunks, 1, 40, rng=random.Random(7), settings=settings)
    assert len(made.items) >= 12
    by_id = {c.id: c for c in chunks}
    for item in made.items:
        chunk = by_id[item.grounding.passage_id]
        assert item.origin == "generated" and item.module == 1
        assert item.grounding.source == "01-mini.md" and item.grounding.section == chunk.section_path[-1]
        assert item_problems(item, chunk.text) == [], item.id
        assert item.objective in {"m1-monitor", "m1-registry", "m1-options", "m1-mini-module"}
    assert duplicate_pairs(made.items) == []
    assert len({i.id for i in made.items}) == len(made.items)


def test_generator_covers_every_item_type(chunks, settings) -> None:
    made = generate_items(chunks, 1, 40, rng=random.Random(7), settings=settings)
    assert {i.type for i in made.items} == set(ItemType)


def test_generator_kinds_service_phase_persona(chunks, settings) -> None:
    items = generate_items(chunks, 1, 40, rng=random.Random(3), settings=settings).items
    kinds = Counter(i.id.split("-")[2] for i in items)
    for kind in ("def", "phase", "persona", "table", "order", "blank", "tf"):
        assert kinds[kind] >= 1, kind
    phase = next(i for i in items if "-phase-" in i.id)
    assert phase.answer == "Monitoring"
    expected = {"own the monitoring schedules": "ML engineers", "use Feature Store": "Data scientists"}
    for persona in (i for i in items if "-persona-" in i.id):
        wanted = [who for clause, who in expected.items() if clause in persona.stem]
        assert wanted == [persona.answer], persona.stem


def test_distractors_come_from_the_module_vocabulary(chunks, settings) -> None:
    vocab = build_vocabulary([c.text for c in chunks])
    items = generate_items(chunks, 1, 40, rng=random.Random(1), settings=settings).items
    blanks = [i for i in items if "-blank-" in i.id and i.type is ItemType.single_choice]
    assert blanks
    for item in blanks:
        assert set(item.options) <= set(vocab.services + vocab.acronyms)
        assert item.answer in item.options and len(item.options) == 4


def test_generation_is_deterministic_for_a_seed(chunks, settings) -> None:
    a = generate_items(chunks, 1, 10, rng=random.Random(11), settings=settings).items
    b = generate_items(chunks, 1, 10, rng=random.Random(11), settings=settings).items
    assert [i.model_dump() for i in a] == [i.model_dump() for i in b]


def test_invalid_candidates_are_rejected_not_shown(chunks, settings) -> None:
    made = generate_items(chunks, 1, 100, rng=random.Random(2), settings=settings)
    pool = candidates(chunks, 1, rng=random.Random(2), settings=settings)
    assert made.candidates == len(pool)
    assert len(made.items) + len(made.rejected) + made.duplicates == len(pool)
    shown = {i.id for i in made.items}
    assert all(item.id not in shown and problems for item, problems in made.rejected)


def test_exclude_drops_questions_already_chosen(chunks, settings) -> None:
    first = generate_items(chunks, 1, 5, rng=random.Random(4), settings=settings).items
    again = generate_items(chunks, 1, 40, rng=random.Random(4), settings=settings, exclude=first).items
    assert not {i.id for i in first} & {i.id for i in again}


def test_generate_for_module_needs_the_module_indexed(retriever, settings) -> None:
    assert generate_for_module(1, 3, settings=settings, retriever=retriever).items
    with pytest.raises(QuizError) as info:
        generate_for_module(4, 3, settings=settings, retriever=retriever)
    assert "tutor ingest" in (info.value.hint or "")


# --------------------------------------------------------------------------- LLM generator


class ToolCallingFake(GenericFakeChatModel):
    """A fake chat model whose ``with_structured_output`` works: bind_tools is a no-op and the
    scripted replies carry tool calls."""

    def bind_tools(self, tools, **kwargs):  # type: ignore[no-untyped-def]
        return self


def _draft(**changes: object) -> dict[str, object]:
    draft: dict[str, object] = {
        "type": "single_choice",
        "stem": "Which SageMaker service is a central catalog of trained models for production use?",
        "options": ["Model Registry", "Model Monitor", "Feature Store", "Pipelines"],
        "correct": ["Model Registry"],
        "explanation": "Model Registry is a central catalog of trained models for production use.",
        "quote": "SageMaker Model Registry is a central catalog of trained models for production use.",
    }
    draft.update(changes)
    return draft


def _tool_reply(draft: dict[str, object]) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": "ItemDraft", "args": draft, "id": "call-1"}])


def _registry_chunks(chunks):
    return [c for c in chunks if c.section_path[-1] == "What Model Registry is"]


def test_llm_generator_structured_output(chunks, settings) -> None:
    llm = ToolCallingFake(messages=iter([_tool_reply(_draft())]))
    made = generate_llm_items(_registry_chunks(chunks), 1, 1, llm, rng=random.Random(0), settings=settings)
    assert len(made.items) == 1
    item = made.items[0]
    assert item.origin == "llm" and item.answer == "Model Registry" and item.objective == "m1-registry"
    assert item.grounding.passage_id == _registry_chunks(chunks)[0].id


def test_llm_generator_parser_path_and_true_false(chunks, settings) -> None:
    draft = _draft(
        type="true_false",
        stem="True or false: SageMaker Model Registry is a central catalog of trained models for production use.",
        options=[],
        correct=["true"],
    )
    llm = FakeListChatModel(responses=[json.dumps(draft)])
    made = generate_llm_items(_registry_chunks(chunks), 1, 1, llm, rng=random.Random(0), settings=settings)
    assert [i.type for i in made.items] == [ItemType.true_false] and made.items[0].answer is True


def test_llm_item_failing_validation_is_rejected(chunks, settings) -> None:
    # The model claims an answer the passage does not support, with a made-up quote.
    bad = _draft(
        options=["Ground Truth", "Model Monitor", "Feature Store", "Pipelines"],
        correct=["Ground Truth"],
        quote="Ground Truth is the catalog of models.",
    )
    llm = ToolCallingFake(messages=iter([_tool_reply(bad)]))
    made = generate_llm_items(_registry_chunks(chunks), 1, 1, llm, rng=random.Random(0), settings=settings)
    assert made.items == [] and len(made.rejected) == 1


def test_llm_generator_failure_on_first_call_raises(chunks, settings) -> None:
    llm = FakeListChatModel(responses=["I cannot do that."])
    with pytest.raises(ProviderError):
        generate_llm_items(_registry_chunks(chunks), 1, 1, llm, rng=random.Random(0), settings=settings)
