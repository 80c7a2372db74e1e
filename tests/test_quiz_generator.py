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
from quiz_fixtures import mini_retriever

from tutor.course.data import load_course_data
from tutor.course.items import ItemType
from tutor.exceptions import ProviderError, QuizError
from tutor.quiz.generation.engine import candidates, generate_for_module, generate_items
from tutor.quiz.llm_generator import generate_llm_items
from tutor.quiz.validation import duplicate_pairs, item_problems
from tutor.quiz.vocabulary import build_vocabulary
from tutor.settings import Settings

DEPLOYMENT_OPTIONS = {
    "Real-time endpoint",
    "Serverless Inference",
    "Asynchronous Inference",
    "Batch transform",
}


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
    types = {
        i.type
        for seed in range(1, 6)
        for i in generate_items(chunks, 1, 40, rng=random.Random(seed), settings=settings).items
    }
    assert types == set(ItemType)


def test_generator_kinds_service_phase_persona(chunks, settings) -> None:
    items = generate_items(chunks, 1, 40, rng=random.Random(3), settings=settings).items
    kinds = Counter(i.id.split("-")[2] for i in items)
    for kind in ("svc", "persona", "table", "order", "tf"):
        assert kinds[kind] >= 1, kind
    # "Which phase does Model Monitor serve?" keyed "Monitoring…": the key echoes the stem,
    # so the item is rejected (named by the guideline it fails), never shown.
    made = generate_items(chunks, 1, 40, rng=random.Random(3), settings=settings)
    phase = [(i, p) for i, p in made.rejected if "-phase-" in i.id]
    assert phase and all("fails the no_stem_echo guideline" in p for _, p in phase)
    # The key is the course's own name of the phase (course.yaml), not the sentence's word.
    assert phase[0][0].answer == "Monitoring, governance and retraining"
    expected = {"own the monitoring schedules": "ML engineers", "use Feature Store": "Data scientists"}
    for persona in (i for i in items if "-persona-" in i.id):
        wanted = [who for clause, who in expected.items() if clause in persona.stem]
        assert wanted == [persona.answer], persona.stem


def test_distractors_come_from_the_module_vocabulary(chunks, settings) -> None:
    vocab = build_vocabulary([c.text for c in chunks], course=load_course_data(settings))
    items = generate_items(chunks, 1, 40, rng=random.Random(1), settings=settings).items
    services = [i for i in items if "-svc-" in i.id and i.type is ItemType.single_choice]
    assert services
    for item in services:
        assert set(item.options) <= set(vocab.services)
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
        # In the tutor's own words: a stem copying ten words of the course is rejected.
        "stem": "A team needs one place that lists its trained models for production. Which SageMaker service is it?",
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
        stem="True or false: Model Registry is where a team catalogs its trained models for production.",
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


def test_llm_item_copying_the_course_is_rejected(chunks, settings) -> None:
    copied = _draft(stem="Which SageMaker service is a central catalog of trained models for production use?")
    llm = ToolCallingFake(messages=iter([_tool_reply(copied)]))
    made = generate_llm_items(_registry_chunks(chunks), 1, 1, llm, rng=random.Random(0), settings=settings)
    assert made.items == [] and "fails the own_words guideline" in made.rejected[0][1]


def test_llm_generator_failure_on_first_call_raises(chunks, settings) -> None:
    llm = FakeListChatModel(responses=["I cannot do that."])
    with pytest.raises(ProviderError):
        generate_llm_items(_registry_chunks(chunks), 1, 1, llm, rng=random.Random(0), settings=settings)


def test_table_rows_become_scenarios_with_same_kind_distractors(chunks, settings) -> None:
    items = [
        i
        for seed in range(1, 4)
        for i in generate_items(chunks, 1, 40, rng=random.Random(seed), settings=settings).items
        if "-table-" in i.id and i.type is ItemType.single_choice and i.answer in DEPLOYMENT_OPTIONS
    ]
    assert items
    for item in items:
        # "A team describes its situation as: large payloads, caller can wait. Which deployment option…?"
        assert item.stem.startswith("A team describes its situation as:"), item.stem
        assert set(item.options) <= DEPLOYMENT_OPTIONS  # deployment options for a deployment option
        assert "course" not in item.stem.lower()
        assert "same_kind_distractors" in item.checks


def test_a_second_course_brings_its_own_personas_without_code_changes(tmp_path: Path, fake_embedder) -> None:
    """Personas, brand and categories are course data: a lab course with lab roles gets
    persona items about its own roles, from its own corpus/course.yaml."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "01-lab.md").write_text(
        "---\nmodule: 1\ntitle: Lab\n---\n\n# Lab\n\n## Roles\n\n"
        "Lab technicians calibrate the sequencer before each morning run. "
        "Bioinformaticians build the variant calling pipeline that turns raw reads into reports. "
        "Lab managers approve the weekly schedule of instrument maintenance windows.\n",
        encoding="utf-8",
    )
    (corpus / "course.yaml").write_text(
        "personas:\n"
        + "".join(
            f"  - {{name: '{n}', pattern: '\\b{p}\\b'}}\n"
            for n, p in [
                ("Lab technicians", "lab technicians?"),
                ("Bioinformaticians", "bioinformaticians?"),
                ("Lab managers", "lab managers?"),
                ("Clinicians", "clinicians?"),
                ("Quality officers", "quality officers?"),
            ]
        ),
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    retriever = mini_retriever(settings, fake_embedder, name="01-lab.md")
    items = generate_items(retriever.chunks(), 1, 20, rng=random.Random(1), settings=settings).items
    personas = {i.answer: i for i in items if "-persona-" in i.id}
    assert "Lab technicians" in personas, [i.stem for i in items]
    assert "calibrate the sequencer" in personas["Lab technicians"].stem
    assert set(personas["Lab technicians"].options) <= {
        "Lab technicians",
        "Bioinformaticians",
        "Lab managers",
        "Clinicians",
        "Quality officers",
    }
