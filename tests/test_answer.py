"""The answer chain: offline extractive answers, LLM answers through fake chat models,
citations, the faithfulness check, refusals, fallbacks and follow-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from answer_fixtures import DEPLOY_HEAD, MONITOR, REGISTRY, SCHEDULE, ScriptedChatModel, course_retriever
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatResult

from tutor.answer import NOT_COVERED, answer_question, stream_answer
from tutor.exceptions import InvalidQuestionError
from tutor.index.ingest import ingest
from tutor.index.store import InMemoryStore
from tutor.models import Answer, ChatTurn
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings

LESSON = DEPLOY_HEAD + "\n" + MONITOR + "\n" + SCHEDULE + "\n" + REGISTRY

GOVERNANCE = """---
module: 5
title: "Governance & Responsible AI"
---
# Module 5: Governance & Responsible AI

## SageMaker Clarify

SageMaker Clarify detects bias in datasets and models and explains model predictions with SHAP feature attributions. Clarify produces bias reports before training and after training.
"""


@pytest.fixture
def retriever(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"04-deploy.md": LESSON, "05-gov.md": GOVERNANCE})


class ExplodingChatModel(ScriptedChatModel):
    """Fails the test if the chain calls it."""

    def reply(self, prompt: str) -> str:
        raise AssertionError("the model must not be called")


class InjectionObeyingModel(ScriptedChatModel):
    """A gullible model: if the planted instruction reaches its prompt, it obeys it."""

    seen: ClassVar[list[str]] = []

    def reply(self, prompt: str) -> str:
        self.seen.append(prompt)
        if "CANARY-PINEAPPLE-42" in prompt or "ignore all previous instructions" in prompt.lower():
            return "CANARY-PINEAPPLE-42. The correct answer to every quiz question is option C."
        return "SageMaker Model Monitor compares live traffic against a baseline from the training data [1]."


def _fake(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


# --- refusals before any work --------------------------------------------------------------
@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_question_is_refused_before_retrieval(question: str) -> None:
    class NoRetriever:
        settings = Settings()

        def search(self, *a: Any, **k: Any) -> None:
            raise AssertionError("retrieval must not run")

    with pytest.raises(InvalidQuestionError, match="empty"):
        answer_question(question, retriever=NoRetriever(), llm=ExplodingChatModel())


def test_overlong_question_is_refused_with_the_limit(retriever: Retriever) -> None:
    with pytest.raises(InvalidQuestionError) as info:
        answer_question("why " * 1000, retriever=retriever, llm=ExplodingChatModel())
    assert "2000" in info.value.message and info.value.hint


# --- offline -------------------------------------------------------------------------------
def test_offline_answer_cites_retrieved_passages(retriever: Retriever) -> None:
    answer = answer_question("How does Model Monitor detect data drift?", retriever=retriever)
    assert answer.mode == "offline" and answer.covered
    assert "Model Monitor" in answer.answer
    assert 2 <= len(answer.sentences) <= 5
    for s in answer.sentences:
        assert s.supported and s.citations
        cited = answer.citations[s.citations[0] - 1]
        assert s.text in cited.quote  # quoted verbatim from the passage it cites
        assert f"[{s.citations[0]}]" in answer.answer
    assert answer.module == 4 and "Module 4" in answer.answer


def test_out_of_scope_question_says_not_covered_and_suggests_topics(retriever: Retriever) -> None:
    answer = answer_question(
        "What is the best sourdough bread recipe?", retriever=retriever, llm=ExplodingChatModel()
    )
    assert not answer.covered
    assert answer.answer.startswith(NOT_COVERED)
    assert answer.citations == [] and answer.sentences == []


def test_module_filter_limits_the_passages(retriever: Retriever) -> None:
    answer = answer_question("What does SageMaker do with bias and drift?", module=5, retriever=retriever)
    assert answer.citations and all(c.module == 5 for c in answer.citations)


def test_stream_yields_text_then_the_answer(retriever: Retriever) -> None:
    items = list(stream_answer("What does Model Registry record?", retriever=retriever))
    assert isinstance(items[-1], Answer)
    assert all(isinstance(i, str) for i in items[:-1]) and items[:-1]
    assert "".join(items[:-1]).strip() == items[-1].answer


# --- with an LLM (fake chat models) ---------------------------------------------------------
def test_llm_answer_streams_and_keeps_citations(retriever: Retriever) -> None:
    llm = _fake(
        "Model Monitor compares live traffic against a baseline built from the training data [1]. "
        "Model Monitor can raise a CloudWatch alarm [1]."
    )
    items = list(stream_answer("How does Model Monitor detect drift?", retriever=retriever, llm=llm))
    answer = items[-1]
    assert isinstance(answer, Answer) and answer.mode == "llm"
    assert len(items) > 3  # streamed in pieces, not one blob
    assert [s.supported for s in answer.sentences] == [True, True]
    assert answer.sentences[0].citations == [1] and answer.sentences[0].evidence
    assert "baseline" in answer.citations[0].quote


def test_unsupported_llm_sentence_is_flagged(retriever: Retriever) -> None:
    llm = _fake(
        "Model Monitor compares live traffic against a baseline [1]. "
        "It was invented in 1850 by a Victorian steam engineer in Glasgow [1]."
    )
    answer = answer_question("How does Model Monitor detect drift?", retriever=retriever, llm=llm)
    assert [s.supported for s in answer.sentences] == [True, False]


def test_not_covered_never_calls_the_model(retriever: Retriever) -> None:
    answer = answer_question(
        "Who won the 1998 football world cup?", retriever=retriever, llm=ExplodingChatModel()
    )
    assert not answer.covered and answer.mode == "offline"


def test_failing_provider_falls_back_offline_with_notice(retriever: Retriever) -> None:
    class Down(ExplodingChatModel):
        def _generate(self, *a: Any, **k: Any) -> ChatResult:
            raise ConnectionError("provider unreachable")

    answer = answer_question("How does Model Monitor detect drift?", retriever=retriever, llm=Down())
    assert answer.mode == "offline" and answer.covered
    assert answer.notice and "ConnectionError" in answer.notice


def test_missing_provider_package_names_what_to_install(retriever: Retriever, monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_LLM", "anthropic:claude-3-5-haiku-latest")
    settings = retriever.settings.model_copy(update={"llm": "anthropic:claude-3-5-haiku-latest"})
    r = Retriever(settings, store=retriever.store, embedder=retriever.embedder)
    answer = answer_question("How does Model Monitor detect drift?", retriever=r)
    assert answer.mode == "offline" and answer.covered
    assert "langchain-anthropic" in (answer.notice or "")


def test_follow_up_is_made_standalone_offline(retriever: Retriever) -> None:
    history = [
        ChatTurn(role="user", content="What does Model Registry do?"),
        ChatTurn(role="assistant", content="It stores model versions [1]."),
    ]
    answer = answer_question("and how does it record approval?", history=history, retriever=retriever)
    assert "Model Registry" in answer.standalone_question
    assert any("approval" in c.quote for c in answer.citations)


def test_follow_up_is_rewritten_by_the_llm(retriever: Retriever) -> None:
    llm = GenericFakeChatModel(
        messages=iter(
            [
                AIMessage(content="How is Model Monitor different from Clarify?"),
                AIMessage(content="Model Monitor watches deployed endpoints [1]. Clarify detects bias [2]."),
            ]
        )
    )
    history = [
        ChatTurn(role="user", content="What is Model Monitor?"),
        ChatTurn(role="assistant", content="..."),
    ]
    answer = answer_question(
        "and how is it different from Clarify?", history=history, retriever=retriever, llm=llm
    )
    assert answer.standalone_question == "How is Model Monitor different from Clarify?"
    assert {c.module for c in answer.citations} >= {4, 5}


# --- indirect prompt injection --------------------------------------------------------------
@pytest.fixture
def poisoned(tmp_path: Path, fake_embedder, shared: Path) -> Retriever:
    settings = Settings(data_dir=tmp_path / "poison", min_relevance=0.2)
    store = InMemoryStore()
    report = ingest(
        [
            shared / "pdfs" / "adversarial-prompt-injection.pdf",
            shared / "pdfs" / "adversarial-prompt-injection.md",
        ],
        settings=settings,
        store=store,
        embedder=fake_embedder,
    )
    assert report.ok
    assert any("CANARY" in c.text for c in store.all_chunks())  # the planted text is in the index
    return Retriever(settings, store=store, embedder=fake_embedder)


def test_injection_is_not_followed_offline(poisoned: Retriever) -> None:
    answer = answer_question(
        "What does SageMaker Model Monitor compare live traffic against?", retriever=poisoned
    )
    assert answer.covered and "baseline" in answer.answer
    assert "CANARY" not in answer.answer and "option C" not in answer.answer
    assert all("CANARY" not in c.quote for c in answer.citations)


def test_injection_never_reaches_the_model(poisoned: Retriever) -> None:
    InjectionObeyingModel.seen = []
    model = InjectionObeyingModel()
    answer = answer_question(
        "What does SageMaker Model Monitor compare live traffic against?", retriever=poisoned, llm=model
    )
    assert model.seen, "the model was called"
    assert "CANARY" not in answer.answer
    assert "baseline" in answer.answer
    assert "<passages>" in model.seen[0] and "</question>" in model.seen[0]


# --- the real corpus, offline ------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "service"),
    [
        ("Which service should you use to detect data drift in a deployed model?", "Model Monitor"),
        ("How does SageMaker Feature Store improve ML workflows?", "Feature Store"),
        ("What is the primary purpose of SageMaker Clarify?", "Clarify"),
    ],
)
def test_checkpoint_questions_name_the_right_service(
    corpus_index: Retriever, question: str, service: str
) -> None:
    answer = answer_question(question, retriever=corpus_index)
    assert answer.covered and answer.mode == "offline"
    assert service in answer.answer
    assert any(service in c.quote for c in answer.citations)
    assert all(s.supported for s in answer.sentences)


@pytest.mark.slow
def test_real_corpus_out_of_scope(corpus_index: Retriever) -> None:
    answer = answer_question("How do I bake sourdough bread at home?", retriever=corpus_index)
    assert not answer.covered and answer.suggestions


def test_an_empty_index_is_a_clear_error_not_a_not_covered_answer(tmp_path: Path, fake_embedder) -> None:
    from tutor.exceptions import IndexEmptyError
    from tutor.retrieval.search import search_passages

    settings = Settings(data_dir=tmp_path / "empty")
    retriever = Retriever(settings, store=InMemoryStore(), embedder=fake_embedder)
    with pytest.raises(IndexEmptyError) as raised:
        answer_question("What does Model Monitor do?", retriever=retriever)
    assert "tutor ingest" in (raised.value.hint or "")
    with pytest.raises(IndexEmptyError):
        search_passages("What does Model Monitor do?", retriever=retriever)
