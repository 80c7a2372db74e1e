"""Chat: streamed answers with numbered citations that open the passage they cite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import streamlit as st

from app_pages import auth, common, next_up, resources, safe_text
from tutor.answer import stream_answer
from tutor.answer.decline import unlisted_topics
from tutor.course.objectives import starter_questions
from tutor.exceptions import TutorError
from tutor.models import SECTION_SEPARATOR, Answer, ChatTurn, Citation
from tutor.safety.text_cleaning import clean_user_text

HISTORY_TURNS = 8
"""Turns of the conversation passed with a question, for follow-ups."""
LOAD_LIMIT = 100
PENDING_KEY = "chat_pending_question"

# --- history -----------------------------------------------------------------------------


def _history_key(learner: str | None) -> str:
    return f"chat_history::{learner or ''}"


def load_history(learner: str | None) -> list[dict[str, Any]]:
    """This session's copy of the conversation; read from the progress store once per learner."""
    key = _history_key(learner)
    if key not in st.session_state:
        messages: list[dict[str, Any]] = []
        if learner:
            try:
                turns = common.learner_handle(learner).chat(LOAD_LIMIT)
            except TutorError as e:
                common.show_error(e)
                turns = []
            for turn in turns:
                answer = None
                if turn.role == "assistant" and turn.meta_json:
                    try:
                        answer = Answer.model_validate_json(turn.meta_json)
                    except ValueError:
                        answer = None
                messages.append({"role": turn.role, "content": turn.content, "answer": answer})
        st.session_state[key] = messages
    return st.session_state[key]


def save_exchange(learner: str | None, question: str, answer: Answer) -> None:
    if not learner:
        return
    try:
        common.learner_handle(learner).remember_exchange(question, answer)
    except TutorError as e:
        common.show_error(e)


def clear_history(learner: str | None) -> None:
    if learner:
        try:
            common.learner_handle(learner).clear_chat()
        except TutorError as e:
            common.show_error(e)
            return
    st.session_state[_history_key(learner)] = []


# --- rendering an answer -----------------------------------------------------------------

_ESCAPED_MARKER = re.compile(r"\\\[(\d+(?:\\,\s*\d+)*)\\\]")


def _badges(numbers: list[int]) -> str:
    return "".join(f" :blue-badge[{n}]" for n in numbers)


def _markers_to_badges(escaped: str) -> str:
    """'\\[1\\]' in escaped text -> a badge; only digits reach the badge markup."""

    def repl(m: re.Match[str]) -> str:
        return _badges([int(n) for n in re.findall(r"\d+", m.group(1))])

    return _ESCAPED_MARKER.sub(repl, escaped)


FLAG = " :orange-badge[:material/warning: unsupported]"


_BETWEEN = r"(?:\s|\[\d+(?:\s*,\s*\d+)*\])*"
"""What may separate two characters of a checked sentence in the raw answer: white space and
citation markers (the check strips markers and normalizes spaces)."""


def _locate(text: str, sentence: str, start: int) -> int | None:
    head = "".join(sentence.split())[:40]
    if not head:
        return None
    m = re.compile(_BETWEEN.join(re.escape(ch) for ch in head)).search(text, start)
    return m.start() if m else None


def _gap(whitespace: str) -> str:
    """The white space between two sentences, as Markdown: paragraph, line break or space."""
    newlines = whitespace.count("\n")
    return "\n\n" if newlines >= 2 else "  \n" if newlines == 1 else " "


def answer_markdown(answer: Answer) -> str:
    """The answer text, escaped, with [n] markers as badges and unsupported sentences flagged.

    The answer's own layout (paragraphs, lists) is kept when every checked sentence can be
    found in it in order; otherwise the checked sentences are shown one after another.
    """
    text = answer.answer
    sentences = answer.sentences
    if not sentences:
        return _markers_to_badges(safe_text.md_block(text))
    starts: list[int] = []
    pos = 0
    for s in sentences:
        at = _locate(text, s.text, pos)
        if at is None:
            starts = []
            break
        starts.append(at)
        pos = at + 1
    if starts:
        parts = [_markers_to_badges(safe_text.md_block(text[: starts[0]]))]
        bounds = [*starts[1:], len(text)]
        for s, start, end in zip(sentences, starts, bounds, strict=True):
            segment = text[start:end]
            body = segment.rstrip()
            trailing = segment[len(body) :]
            piece = _markers_to_badges(safe_text.md_block(body))
            if not s.supported:
                piece += FLAG
            parts.append(piece + _gap(trailing))
        return "".join(parts).strip()
    pieces = []
    for s in sentences:
        piece = safe_text.md_escape(s.text) + _badges(s.citations)
        if not s.supported:
            piece += FLAG
        pieces.append(piece)
    return " ".join(pieces)


def cited_numbers(answer: Answer) -> list[int]:
    numbers: list[int] = []
    for s in answer.sentences:
        numbers.extend(s.citations)
    for m in re.finditer(r"\[(\d+(?:\s*,\s*\d+)*)\]", answer.answer):
        numbers.extend(int(n) for n in re.findall(r"\d+", m.group(1)))
    known = {c.n for c in answer.citations}
    ordered = [n for n in dict.fromkeys(numbers) if n in known]
    return sorted(ordered) or sorted(known)


def citation_label(c: Citation) -> str:
    where = SECTION_SEPARATOR.join(c.section_path) or c.title
    page = f" (p. {c.page})" if c.page is not None else ""
    return f"[{c.n}] {c.source} — {where}{page}"


def evidence_for(answer: Answer, n: int) -> list[str]:
    return [s.evidence for s in answer.sentences if n in s.citations and s.evidence]


def render_citation(c: Citation, answer: Answer, key: str, titles: dict[int, str]) -> None:
    # Keyed and tracked, so an opened citation stays open across reruns (e.g. the toggle below)
    # and when the answer moves from the streaming slot into the history.
    with st.expander(
        safe_text.md_escape(citation_label(c)),
        icon=":material/format_quote:",
        key=f"{key}-cite-{c.n}",
        on_change="rerun",
    ):
        facts = []
        if c.module is not None:
            facts.append(common.module_label(c.module, titles))
        if c.section_path:
            facts.append("Section: " + SECTION_SEPARATOR.join(c.section_path))
        if c.page is not None:
            facts.append(f"Page {c.page}")
        facts.append(c.source)
        st.caption(safe_text.md_escape(" · ".join(facts)))
        evidence = evidence_for(answer, c.n)
        body, found = safe_text.md_highlight(c.quote, evidence)
        with st.container(border=True):
            st.markdown(body)
        if evidence and found:
            st.caption(
                "The highlighted sentence supports the answer."
                if found == 1
                else "The highlighted sentences support the answer."
            )
        elif evidence:
            st.caption("Supporting sentence:")
            st.markdown(
                safe_text.HIGHLIGHT_OPEN + safe_text.md_escape(evidence[0]) + safe_text.HIGHLIGHT_CLOSE
            )
        if st.toggle("Read the whole section", key=f"{key}-section-{c.n}"):
            render_section(c)


def render_section(c: Citation) -> None:
    try:
        chunks = resources.retriever().section(c.source, c.section_path)
    except TutorError as e:
        common.show_error(e)
        return
    if not chunks:
        st.caption("This section is no longer in the index.")
        return
    with st.container(height=360, border=True):
        page = None
        for chunk in chunks:
            if chunk.page is not None and chunk.page != page:
                page = chunk.page
                st.caption(f"Page {page}")
            st.text(chunk.text)


def render_answer(answer: Answer, key: str) -> None:
    titles = common.module_titles()
    if answer.notice:
        st.warning(safe_text.md_escape(answer.notice), icon=":material/warning:")
    st.markdown(answer_markdown(answer))
    unsupported = [s for s in answer.sentences if not s.supported]
    if unsupported:
        listed = "  \n".join(
            "• " + safe_text.md_escape(re.sub(r"^[-*+•]\s*", "", s.text)) for s in unsupported
        )
        st.warning(
            f"{len(unsupported)} sentence(s) marked *unsupported* are not backed by the cited passages. "
            f"Check them against the sources before relying on them:  \n{listed}",
            icon=":material/report:",
        )
    if answer.clarify:  # the question was too vague: one button per reading
        cols = st.columns(len(answer.clarify))
        for i, reading in enumerate(answer.clarify):
            cols[i].button(
                safe_text.md_escape(reading),
                key=f"clarify-{key}-{i}",
                on_click=_queue,
                args=(reading,),
                wrap=True,
            )
    unlisted = unlisted_topics(answer.answer, answer.suggestions) if not answer.covered else []
    if unlisted:  # the reply names the topics it offers; only the others are listed beside it
        listed = "  \n".join("• " + safe_text.md_escape(t) for t in unlisted)
        st.info("Topics near your question that the course does cover:  \n" + listed)
    if answer.citations:
        for n in cited_numbers(answer):
            citation = next(c for c in answer.citations if c.n == n)
            render_citation(citation, answer, key, titles)
    mode = "Offline (extractive)" if answer.mode == "offline" else (answer.provider or "a language model")
    facts = [f"Answered by {mode}"]
    if answer.module is not None:
        facts.append("taught in " + common.module_label(answer.module, titles))
    if answer.latency_ms:
        facts.append(f"{answer.latency_ms / 1000:.1f} s")
    st.caption(safe_text.md_escape(" · ".join(facts)))


def render_message(message: dict[str, Any], key: str) -> None:
    with st.chat_message(message["role"]):
        if message.get("answer") is not None:
            render_answer(message["answer"], key)
        else:
            st.markdown(safe_text.md_block(message["content"]))


# --- asking ------------------------------------------------------------------------------


def streamed_markdown(pieces: list[str]) -> str:
    """The text streamed so far, escaped as a whole: a link or markup split across tokens
    ("htt" + "ps://…") is only recognisable, and so only neutralised, in the joined text."""
    return safe_text.md_escape("".join(pieces)).replace("\n", "  \n")


def _show_stream(items: Iterator[str | Answer], out: dict[str, Answer]) -> None:
    shown = st.empty()
    pieces: list[str] = []
    for item in items:
        if isinstance(item, Answer):
            out["answer"] = item
        elif item:
            pieces.append(item)
            shown.markdown(streamed_markdown(pieces))


def ask(question: str, learner: str | None, module: int | None, history: list[dict[str, Any]]) -> None:
    turns = [
        ChatTurn(role=m["role"], content=m["content"])
        for m in history[-HISTORY_TURNS:]
        if m["role"] in ("user", "assistant")
    ]
    with st.chat_message("user"):
        st.markdown(safe_text.md_block(question))
    with st.chat_message("assistant"):
        model, _ = resources.chat_model()
        out: dict[str, Answer] = {}
        slot = st.empty()
        try:
            with slot.container(), st.spinner("Searching the course…", show_time=True):
                stream = stream_answer(
                    question,
                    history=turns,
                    module=module,
                    settings=resources.settings(),
                    retriever=resources.retriever(),
                    llm=model,
                )
                _show_stream(stream, out)
        except TutorError as e:
            slot.empty()
            common.show_error(e)
            return
        answer = out.get("answer")
        if answer is None:
            slot.empty()
            st.error("The tutor gave no answer. Please try again.")
            return
        with slot.container():
            render_answer(answer, key=f"m{len(history) + 1}")
    save_exchange(learner, question, answer)
    history.append({"role": "user", "content": question, "answer": None})
    history.append({"role": "assistant", "content": answer.answer, "answer": answer})


def _queue(question: str) -> None:
    st.session_state[PENDING_KEY] = question


def render_starters(module: int | None, titles: dict[int, str], compact: bool) -> None:
    where = "more" if compact else "first"
    starters = starter_questions(resources.settings())
    if module is not None:
        questions = starters.get(module, [])
    else:
        questions = [qs[0] for m, qs in sorted(starters.items()) if qs and (m in titles or not titles)]
    if not questions:
        return
    if not compact:
        st.markdown("**Try one of these:**")
    cols = st.columns(2)
    for i, q in enumerate(questions):
        cols[i % len(cols)].button(
            safe_text.md_escape(q),
            key=f"starter-{where}-{module}-{i}",
            on_click=_queue,
            args=(q,),
            width="stretch",
            wrap=True,
        )


def render() -> None:
    learner = common.current_learner()
    module = common.module_filter()
    titles = common.module_titles()
    s = resources.settings()

    st.title("Ask the tutor")
    scope = common.module_label(module, titles) if module is not None else "the whole course"
    st.caption(
        safe_text.md_escape(
            f"Answers come from {scope}, with every claim cited. Open a citation to see the passage it "
            "comes from."
        )
    )
    if resources.index_is_empty():
        if auth.may_open("library"):
            st.warning("Nothing is indexed yet: open the Library page and index the course first.")
            st.page_link("app_pages/library.py", label="Go to the Library", icon=":material/library_books:")
        else:  # a learner in class mode: the library is the teacher's
            st.warning("Nothing is indexed yet: ask your teacher to index the course.")
    if not learner:
        st.caption("Pick your name in the sidebar to keep this conversation.")
    with st.sidebar:
        next_up.render_next_up(learner, key="chat_next_up", compact=True)

    history = load_history(learner)
    starters = st.empty()
    if not history:
        with starters.container():
            render_starters(module, titles, compact=False)
    for i, message in enumerate(history):
        render_message(message, key=f"m{i}")

    typed = st.chat_input("Ask about SageMaker and the ML lifecycle…", max_chars=s.max_question_chars)
    question = typed or st.session_state.pop(PENDING_KEY, None)
    if question:
        starters.empty()
        # Cleaned before anything sees or stores it; an empty result is refused with a hint.
        ask(clean_user_text(question), learner, module, history)

    if history:
        with st.expander("Suggested questions and options"):
            render_starters(module, titles, compact=True)
            if st.button("Clear this conversation", icon=":material/delete_sweep:"):
                clear_history(learner)
                st.rerun()


render()
