"""Resources every page shares, built once per process: settings, the warmed-up retriever, the
chat model and the progress store."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st
from langchain_core.language_models import BaseChatModel

import tutor.llm
from tutor.answer import describe_mode
from tutor.exceptions import TutorError
from tutor.progress import ProgressStore, open_progress_store
from tutor.retrieval.retriever import Retriever
from tutor.retrieval.search import get_retriever
from tutor.settings import Settings, get_settings


def settings() -> Settings:
    """Fresh settings from the environment (cheap)."""
    return get_settings()


def _build_retriever() -> Retriever:
    retriever = get_retriever(get_settings())
    retriever.warm_up()  # model loaded and BM25 built now, not on the first question
    return retriever


def _not_failed(future: Future[Retriever]) -> bool:
    # A failed warm-up (index unreadable, model missing) is retried on the next run.
    return not (future.done() and future.exception() is not None)


@st.cache_resource(show_spinner=False, validate=_not_failed)
def _retriever_future(data_dir: str, chroma_url: str | None, collection: str) -> Future[Retriever]:
    """Start building the retriever in a background thread, once per process and index.

    The first page renders at once while the embedding model loads (several seconds on a
    cold start); only a page that needs the retriever before it is ready waits for it.
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tutor-warm-up")
    future = executor.submit(_build_retriever)
    executor.shutdown(wait=False)
    return future


def start_warm_up() -> Future[Retriever]:
    """Kick off (or find) the process-wide retriever warm-up without waiting for it."""
    s = settings()
    return _retriever_future(str(s.data_dir), s.chroma_url, s.collection)


def retriever() -> Retriever:
    """The process-wide Retriever for the configured index, warmed up; waits if still loading.
    Raises the TutorError of a failed warm-up."""
    future = start_warm_up()
    if not future.done():
        with st.spinner(
            "Loading the course index and the embedding model (first start only)…", show_time=True
        ):
            return future.result()
    return future.result()


@st.cache_resource(show_spinner=False)
def _load_chat_model(spec: str | None) -> tuple[BaseChatModel | None, str | None]:
    # Looked up on the module at call time, so a test can put a fake model in its place.
    return tutor.llm.resolve_chat_model(get_settings())


def chat_model() -> tuple[BaseChatModel | None, str | None]:
    """(chat model or None for offline, notice why a configured model is not used)."""
    return _load_chat_model(settings().llm)


@st.cache_resource(show_spinner=False)
def _open_progress(db_path: str) -> ProgressStore:
    return open_progress_store(get_settings())


def progress_store() -> ProgressStore:
    """The process-wide progress store (SQLite; one connection guarded by a lock)."""
    return _open_progress(str(settings().progress_db))


def mode_label() -> str:
    model, _ = chat_model()
    return describe_mode(settings(), model)


def index_is_empty() -> bool:
    """Nothing indexed (or the index cannot be read): the retriever's own definition, without
    waiting for the embedding model."""
    try:
        return get_retriever(settings()).is_empty()
    except TutorError:
        return True
