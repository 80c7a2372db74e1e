"""Two things compared on what the learner names are answered from each one's own section."""

from __future__ import annotations

from answer_fixtures import chunk_of

from tutor.answer.comparisons import compared_on
from tutor.answer.section_reading import when_section
from tutor.answer.shapes import shape_of

_PATH = ["Module 1: Foundations", "Choosing between fine-tuning and RAG"]
LIBRARY = [
    chunk_of(
        "Fine-tuning continues training an existing model on a small labelled dataset. Parameter-efficient "
        "methods update only a few weights. Fine-tuning keeps inference latency low, because no retrieval "
        "step is added. The weakness of fine-tuning is freshness: knowledge is frozen at training time.",
        [*_PATH, "Fine-tuning a foundation model"],
        cid="ft",
        module=1,
    ),
    chunk_of(
        "Retrieval-augmented generation keeps the model unchanged and answers from current, citable sources. "
        "RAG has the best freshness: update the index, not the model. The price is paid per request: "
        "retrieval adds latency.",
        [*_PATH, "Retrieval-augmented generation (RAG)"],
        cid="rag",
        module=1,
    ),
    chunk_of(
        "A model registry keeps versions.", ["Module 4", "Registry", "What Model Registry is"], cid="mr"
    ),
]


def test_each_side_says_what_it_is_compared_on_in_the_order_asked() -> None:
    question = "How do fine-tuning and RAG compare on per-request latency and on keeping knowledge current?"
    assert shape_of(question) == "comparison"
    assert [s for _, s in compared_on(question, LIBRARY)] == [
        "Fine-tuning keeps inference latency low, because no retrieval step is added.",
        "The weakness of fine-tuning is freshness: knowledge is frozen at training time.",
        "The price is paid per request: retrieval adds latency.",
        "RAG has the best freshness: update the index, not the model.",
    ], "a dimension's own word ('freshness') before a learner's ('current')"
    swapped = "How do RAG and fine-tuning compare on latency?"
    assert [s[:12] for _, s in compared_on(swapped, LIBRARY)] == ["The price is", "Fine-tuning "]


def test_nothing_named_to_compare_on_or_one_side_only_leaves_it_to_the_picker() -> None:
    assert compared_on("How do fine-tuning and RAG differ?", LIBRARY) == []
    assert compared_on("How does RAG compare on latency?", LIBRARY) == []
    # "model" heads no section of its own: only names do when they are one word
    assert compared_on("How do the model and RAG compare on latency?", LIBRARY) == []


def test_a_thing_named_in_the_singular_finds_the_section_its_plural_heads() -> None:
    pipelines = chunk_of(
        "Use SageMaker Pipelines when a workflow must run more than once in the same way.",
        ["Module 4", "SageMaker Pipelines", "Pipelines: when to use it and when not"],
        cid="pl",
        module=4,
    )
    picked = when_section(["pipeline"], [pipelines], 3)
    assert picked and picked[0][1].startswith("Use SageMaker Pipelines when")
