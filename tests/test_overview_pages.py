"""Issue 17: a question that names a feature as a whole ranks the feature's overview page."""

from __future__ import annotations

import pytest

from tutor.models import Chunk
from tutor.retrieval.lead_passages import rank_documents
from tutor.retrieval.overview_pages import OverviewPages, overview_terms


def page(name: str, title: str, text: str = "Text.") -> Chunk:
    return Chunk(
        id=name, text=text, source=name, source_path=f"/guide/{name}", title=title, section_path=[title],
        start=0, end=len(text),
    )  # fmt: skip


PAGES = [
    page("model-monitor.md", "Monitor models for data and model quality, bias, and explainability"),
    page("model-monitor-schedule.md", "Schedule monitoring jobs"),
    page("model-monitor-byoc.md", "Bring your own containers"),
    page("model-monitor-update.md", "Update a Model Monitor schedule"),
    page("training-compiler.md", "Amazon SageMaker Training Compiler"),
    page("training-compiler-faq.md", "Training Compiler FAQ"),
    page("feature-store.md", "Create, store, and share features with Feature Store"),
]


@pytest.mark.parametrize(
    "question",
    [
        "What is SageMaker Model Monitor?",
        "what does sagemaker model monitor do",
        "Give me an overview of Model Monitor.",
        "I keep hearing about Model Monitor. What is it for?",
        "Explain SageMaker Model Monitor",
    ],
)
def test_overview_questions_rank_the_page_named_by_the_feature_first(question: str) -> None:
    assert OverviewPages(PAGES).rank(question, 5)[0] == "/guide/model-monitor.md"


def test_a_title_that_names_the_feature_counts_as_well_as_a_file_name() -> None:
    ranked = OverviewPages(PAGES).rank("What is Amazon SageMaker Training Compiler?", 5)
    assert ranked[0] == "/guide/training-compiler.md"
    assert "/guide/training-compiler-faq.md" not in ranked, "its name adds 'faq', which was not asked"


@pytest.mark.parametrize(
    "question",
    [
        "How do I update a Model Monitor schedule with a new baseline and new constraints for drift?",
        "Update the monitoring schedule",
        "Model Monitor",  # no question shape: a search, not an overview question
    ],
)
def test_narrower_questions_get_no_overview_ranking(question: str) -> None:
    assert overview_terms(question) == set()
    assert OverviewPages(PAGES).rank(question, 5) == []


def test_the_overview_ranking_lifts_the_overview_page_in_document_first_fusion() -> None:
    passages = [PAGES[3], PAGES[1], PAGES[2], PAGES[6], PAGES[5]]  # sub-pages rank first
    plain = rank_documents(passages, [], lead_weight=0.5, rrf_k=60, k=3)
    assert "model-monitor.md" not in [c.source for c, _ in plain]
    lifted = rank_documents(
        passages, [], lead_weight=0.5, rrf_k=60, k=3, overview=[PAGES[0]], overview_weight=1.0
    )
    assert "model-monitor.md" in [c.source for c, _ in lifted], "it ranks with its sub-pages"
