"""What every page shares: cached resources, the learner picker, error display and safe text.

Safe rendering: text from a learner, a document or a model is never given to
``unsafe_allow_html``. When it is shown as Markdown (to highlight a sentence or mark a
citation) it first goes through :func:`md_escape`, which backslash-escapes Markdown syntax
so no image can be fetched, no link or icon is drawn, and no formatting is injected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import streamlit as st

from tutor.exceptions import TutorError
from tutor.settings import Settings, get_settings

# --- safe text ---------------------------------------------------------------------------

# Every ASCII punctuation character Markdown, GFM or Streamlit's directives (:red[..],
# :material/icon:, $math$) could treat as syntax. CommonMark honours a backslash before any
# ASCII punctuation, so escaping one too many is harmless.
_MD_SPECIAL = re.compile(r"""([\\`*_{}\[\]()#+\-.!|<>~$:&="'/@%^;,?])""")
# GFM turns bare URLs, www. names and e-mail addresses into links even when escaped:
# a zero-width space breaks the pattern without changing what the reader sees.
_ZWSP = "\u200b"
_AUTOLINK_RE = re.compile(r"(?i)(://)|\b(www)\.|(@)")


def _break_autolink(m: re.Match[str]) -> str:
    if m.group(1):
        return ":" + _ZWSP + "//"
    if m.group(2):
        return m.group(2) + _ZWSP + "."
    return _ZWSP + "@"


def md_escape(text: object) -> str:
    """``text`` as Markdown that renders literally: no images, links, icons or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK_RE.sub(_break_autolink, str(text)))


_BULLET_RE = re.compile(r"^[-*+]\s+")


def md_block(text: object) -> str:
    """Like :func:`md_escape` for a multi-line block: keeps line breaks, drops indentation
    (four leading spaces would otherwise make a code block)."""
    lines = [_BULLET_RE.sub("• ", line.strip()) for line in str(text).splitlines()]
    return "  \n".join(md_escape(line) for line in lines)


def md_paragraphs(text: object) -> str:
    """Document text as escaped Markdown paragraphs: blank lines separate paragraphs, and
    the hard line wraps inside a paragraph (PDF lines, wrapped source) become spaces."""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md_escape(" ".join(p.split())) for p in paragraphs if p.strip())


def _flexible_pattern(needle: str) -> re.Pattern[str] | None:
    words = needle.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def find_spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``needles`` in ``text``, whitespace-insensitive."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        pattern = _flexible_pattern(needle)
        m = pattern.search(text) if pattern else None
        if m:
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


HIGHLIGHT_OPEN = ":orange-background[**"
HIGHLIGHT_CLOSE = "**]"


def md_highlight(text: str, needles: Iterable[str]) -> tuple[str, int]:
    """(Markdown of ``text`` with each needle highlighted, number of highlights). All the
    text is escaped; only the highlight markup around it is ours."""
    spans = find_spans(text, needles)
    out, pos = [], 0
    for start, end in spans:
        out.append(_flow(text[pos:start]))
        inner = " ".join(text[start:end].split())  # a directive must stay on one line
        out.append(HIGHLIGHT_OPEN + md_escape(inner) + HIGHLIGHT_CLOSE)
        pos = end
    out.append(_flow(text[pos:]))
    return "".join(out), len(spans)


def _flow(text: str) -> str:
    """A piece of a paragraph-structured text: line wraps become spaces, blank lines stay
    paragraph breaks, and the spaces at the edges (next to a highlight) are kept."""
    parts = re.split(r"(\n\s*\n)", text)
    out = []
    for part in parts:
        if not part.strip() and part.count("\n") >= 2:
            out.append("\n\n")
            continue
        lead = " " if part[:1].isspace() else ""
        tail = " " if part[-1:].isspace() else ""
        body = " ".join(part.split())
        out.append(lead + md_escape(body) + tail if body else (" " if part else ""))
    return "".join(out)


_SAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """An uploaded file's name made safe to save: no folders, no leading dot, only letters,
    digits, '.', '_' and '-', at most 80 characters before a lower-cased extension."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        stem, suffix = base, ""
    stem = _SAFE_FILE_CHARS.sub("_", stem).strip("._-")[:80] or "upload"
    suffix = _SAFE_FILE_CHARS.sub("", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


# --- errors ------------------------------------------------------------------------------


def show_error(error: TutorError, container: Any = None) -> None:
    """A TutorError as the learner sees it: what went wrong, and what to do about it."""
    target = container if container is not None else st
    body = md_escape(error.message)
    if error.hint:
        body += "  \n" + md_escape(error.hint)
    target.error(body, icon=":material/error:")


# --- settings and cached resources -------------------------------------------------------


def settings() -> Settings:
    """Fresh settings from the environment (cheap)."""
    return get_settings()


def _build_retriever() -> Any:
    from tutor.api import get_retriever

    retriever = get_retriever(get_settings())
    retriever.warm_up()  # model loaded and BM25 built now, not on the first question
    return retriever


def _not_failed(future: Future[Any]) -> bool:
    # A failed warm-up (index unreadable, model missing) is retried on the next run.
    return not (future.done() and future.exception() is not None)


@st.cache_resource(show_spinner=False, validate=_not_failed)
def _retriever_future(data_dir: str, chroma_url: str | None, collection: str) -> Future[Any]:
    """Start building the retriever in a background thread, once per process and index.

    The first page renders at once while the embedding model loads (several seconds on a
    cold start); only a page that needs the retriever before it is ready waits for it.
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tutor-warm-up")
    future = executor.submit(_build_retriever)
    executor.shutdown(wait=False)
    return future


def start_warm_up() -> Future[Any]:
    """Kick off (or find) the process-wide retriever warm-up without waiting for it."""
    s = settings()
    return _retriever_future(str(s.data_dir), s.chroma_url, s.collection)


def retriever() -> Any:
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
def _load_chat_model(spec: str | None) -> tuple[Any, str | None]:
    from tutor.llm import resolve_chat_model

    return resolve_chat_model(get_settings())


def chat_model() -> tuple[Any, str | None]:
    """(chat model or None for offline, notice why a configured model is not used)."""
    return _load_chat_model(settings().llm)


@st.cache_resource(show_spinner=False)
def _open_progress(db_path: str) -> Any:
    from tutor.progress import open_progress_store

    return open_progress_store(get_settings())


def progress_store() -> Any:
    """The process-wide progress store (SQLite; one connection guarded by a lock)."""
    return _open_progress(str(settings().progress_db))


def mode_label() -> str:
    from tutor.answer import describe_mode

    model, _ = chat_model()
    return describe_mode(settings(), model)


# --- modules -----------------------------------------------------------------------------


def module_titles() -> dict[int, str]:
    """Module number -> title, from the lessons' front matter and what is indexed."""
    titles: dict[int, str] = {}
    try:
        from tutor.quiz.objectives import module_titles as lesson_titles

        titles.update(lesson_titles(settings()))
    except (ImportError, OSError):
        pass
    try:
        from tutor.stats import index_stats

        for source in index_stats(settings()).sources:
            if source.module is not None:
                titles.setdefault(source.module, source.title)
    except (TutorError, OSError, ValueError):
        pass
    return dict(sorted(titles.items()))


def module_label(module: int | None, titles: dict[int, str] | None = None) -> str:
    if module is None:
        return "All modules"
    titles = module_titles() if titles is None else titles
    name = titles.get(module)
    if module == 0:
        return name or "Course overview"
    return f"Module {module}: {name}" if name else f"Module {module}"


MODULE_FILTER_KEY = "module_filter"
ALL_MODULES = "all"


def module_filter() -> int | None:
    """The module chosen in the sidebar filter (None: all modules)."""
    value = st.session_state.get(MODULE_FILTER_KEY)
    return value if isinstance(value, int) else None


# --- learner -----------------------------------------------------------------------------

LEARNER_KEY = "learner"
_NEW = "__new__"


def current_learner() -> str | None:
    name = st.session_state.get(LEARNER_KEY)
    return name if isinstance(name, str) and name else None


def _set_learner(name: str | None) -> None:
    st.session_state[LEARNER_KEY] = name
    # In the URL too, so a reload or a bookmark comes back as the same learner.
    if name:
        st.query_params["learner"] = name
    elif "learner" in st.query_params:
        del st.query_params["learner"]


LEARNER_SELECT_KEY = "learner_select"
NEW_NAME_KEY = "new_learner_name"
_LEARNER_ERROR_KEY = "learner_error"


def _create_learner() -> None:
    """Form callback: runs before the rerun, so it may set the picker's value."""
    from tutor.progress import add_learner

    try:
        # Listed from now on, even before the first question or quiz answer.
        name = add_learner(st.session_state.get(NEW_NAME_KEY, ""), progress=progress_store())
    except TutorError as e:
        st.session_state[_LEARNER_ERROR_KEY] = (e.message, e.hint)
        return
    _set_learner(name)
    st.session_state[LEARNER_SELECT_KEY] = name


def learner_picker() -> str | None:
    """Sidebar: pick an existing learner or create one. Returns the current learner."""
    from tutor.progress import list_learners

    try:
        learners = list_learners(settings=settings(), progress=progress_store())
    except TutorError as e:
        show_error(e, st.sidebar)
        return None

    if LEARNER_KEY not in st.session_state:
        wanted = st.query_params.get("learner")
        st.session_state[LEARNER_KEY] = wanted if wanted in learners else None
    current = current_learner()
    options: list[str] = [*learners, _NEW]
    if st.session_state.get(LEARNER_SELECT_KEY) not in options:
        st.session_state[LEARNER_SELECT_KEY] = current if current in options else _NEW
    choice = st.sidebar.selectbox(
        "Learner",
        options,
        format_func=lambda v: "+ New learner…" if v == _NEW else v,  # plain text, not Markdown
        key=LEARNER_SELECT_KEY,
        help="Your chat history and quiz progress are kept under this name.",
    )
    if choice != _NEW:
        if choice != current:
            _set_learner(choice)
        return choice
    if current:
        _set_learner(None)

    with st.sidebar.form("new_learner", clear_on_submit=True, border=False):
        st.text_input("Your name", max_chars=40, placeholder="e.g. ana", key=NEW_NAME_KEY)
        st.form_submit_button("Start learning", type="primary", on_click=_create_learner)
    problem = st.session_state.pop(_LEARNER_ERROR_KEY, None)
    if problem:
        show_error(TutorError(*problem), st.sidebar)
    return None


def require_learner() -> str:
    """The current learner, or a prompt to pick one and a stop."""
    learner = current_learner()
    if not learner:
        st.info("Pick your name in the sidebar, or create one, to take quizzes and keep your progress.")
        st.stop()
    return learner  # type: ignore[return-value]


def index_is_empty() -> bool:
    from tutor.stats import index_stats

    try:
        return index_stats(settings()).chunks == 0
    except (TutorError, OSError, ValueError):
        return True
