"""Searching the index: the per-process retriever, the checks every question passes before
retrieval, and passage search as the CLI and the app call it."""

from __future__ import annotations

import threading

from tutor.exceptions import IndexEmptyError, InvalidQuestionError
from tutor.models import Passage
from tutor.retrieval.retriever import Retriever
from tutor.safety.passages import sanitize_passages
from tutor.safety.text_cleaning import clean_user_text
from tutor.settings import Settings, get_settings

_retrievers: dict[tuple[str, str | None, str], Retriever] = {}
_lock = threading.Lock()


def get_retriever(settings: Settings | None = None) -> Retriever:
    """One retriever (store + model + BM25) per data directory and store, per process."""
    settings = settings or get_settings()
    key = (str(settings.data_dir), settings.chroma_url, settings.collection)
    with _lock:
        if key not in _retrievers:
            _retrievers[key] = Retriever(settings)
        return _retrievers[key]


def check_question(question: str, settings: Settings) -> str:
    """Clean the question (invalid UTF-8, lone surrogates, control characters) and refuse
    empty and over-long ones, before any retrieval or model call."""
    text = clean_user_text(question or "")
    if not text:
        raise InvalidQuestionError("The question is empty.", "Type a question about the course.")
    if len(text) > settings.max_question_chars:
        raise InvalidQuestionError(
            f"The question is {len(text)} characters long; the limit is {settings.max_question_chars}.",
            "Ask about one thing at a time, or raise TUTOR_MAX_QUESTION_CHARS.",
        )
    return text


def require_index(retriever: Retriever) -> None:
    """An empty index must not pass for "the course does not cover that"."""
    if retriever.is_empty():
        raise IndexEmptyError(
            f"Nothing is indexed yet in {retriever.settings.data_dir}.",
            "Run `tutor ingest` to index the bundled course (./scripts/start.sh does it before "
            "starting the app), or point TUTOR_DATA_DIR at an existing index.",
        )


def search_passages(
    question: str,
    *,
    k: int | None = None,
    module: int | None = None,
    settings: Settings | None = None,
    retriever: Retriever | None = None,
) -> list[Passage]:
    settings = settings or (retriever.settings if retriever else get_settings())
    text = check_question(question, settings)
    retriever = retriever or get_retriever(settings)
    require_index(retriever)
    # The passages shown (CLI search, the app) are sanitised like those answers use.
    return sanitize_passages(retriever.search(text, k=k, module=module))
