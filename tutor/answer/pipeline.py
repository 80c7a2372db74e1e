"""Question (+ history) -> standalone question -> hybrid retrieval -> cited answer -> faithfulness.

One path for both modes. Offline (no LLM configured) the extractive answerer composes the
answer; with an LLM a LangChain runnable (prompt | model) streams it. When nothing retrieved
supports an answer, a fixed "not covered" reply is given without calling any model.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessageChunk
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable

from tutor.answer.asked_sentence import asked_sentence
from tutor.answer.blanks import blank_asked
from tutor.answer.chat_words import spelled_out
from tutor.answer.clarify import ask_back_text, is_vague, readings
from tutor.answer.condense import condense_offline, condense_with_llm, format_history
from tutor.answer.coverage import decide, names_course_loosely
from tutor.answer.decline import NOT_COVERED, course_modules, decline_text, nearest_topics
from tutor.answer.extractive import compose_extractive
from tutor.answer.faithfulness import check_answer
from tutor.answer.glossary_terms import in_course_terms
from tutor.answer.named_in_course import named_passages
from tutor.answer.pasted import set_apart
from tutor.answer.question_words import (
    meaning_asked,
    without_plain_tail,
    without_who_or_when,
)
from tutor.answer.said_closely import said_closely
from tutor.answer.shapes import retrieval_query, shape_of
from tutor.answer.vocabulary import correct_name_typos, vocabulary
from tutor.course.data import load_course_data
from tutor.llm import resolve_chat_model
from tutor.models import Answer, AnswerSentence, ChatTurn, Citation, Passage
from tutor.prompts import load_prompt
from tutor.retrieval.retriever import Retriever
from tutor.retrieval.search import check_question, get_retriever, require_index
from tutor.safety.passages import sanitize_passages
from tutor.settings import Settings, get_settings


def describe_mode(settings: Settings | None = None, llm: BaseChatModel | None = None) -> str:
    """'Offline (extractive)' or the configured 'provider:model' (or the notice why not)."""
    settings = settings or get_settings()
    model, notice = resolve_chat_model(settings, llm)
    if model is None:
        return "Offline (extractive)" + (" — LLM unavailable" if notice else "")
    return settings.llm or type(model).__name__


def format_passages(passages: list[Passage]) -> str:
    """Passages fenced as numbered data blocks for the prompt."""
    blocks = []
    for n, p in enumerate(passages, 1):
        where = " > ".join(p.section_path) or p.title
        page = f", page {p.page}" if p.page is not None else ""
        blocks.append(f'<passage n="{n}" source="{p.source}{page}" section="{where}">\n{p.text}\n</passage>')
    return "\n".join(blocks)


def build_answer_chain(llm: BaseChatModel, settings: Settings) -> Runnable:
    """prompt | model: the runnable that streams an LLM answer from fenced passages."""
    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", load_prompt("system", settings.prompts_dir).replace("{", "{{").replace("}", "}}")),
            ("human", load_prompt("answer", settings.prompts_dir)),
        ]
    )
    return prompt | llm


def _module_of(passages: list[Passage]) -> tuple[int | None, str | None]:
    for p in passages:
        if p.module is not None:
            return p.module, p.title
    return None, None


def _module_note(module: int | None, title: str | None) -> str:
    if module is None:
        return ""
    if module == 0:  # the overview is Module 0 in the course's own headings
        return f" (This is covered in the course overview, Module 0: {title}.)"
    return f" (This is taught in Module {module}: {title}.)"


def stream_answer(
    question: str,
    *,
    history: list[ChatTurn] | None = None,
    module: int | None = None,
    settings: Settings | None = None,
    retriever: Retriever | None = None,
    llm: BaseChatModel | None = None,
) -> Iterator[str | Answer]:
    """Yield the answer as text pieces, then the complete ``Answer`` as the last item."""
    settings = settings or (retriever.settings if retriever else get_settings())
    started = time.perf_counter()
    text = check_question(question, settings)  # before any retrieval or model call
    history = history or []
    retriever = retriever or get_retriever(settings)
    require_index(retriever)
    model, notice = resolve_chat_model(settings, llm)

    standalone = condense_offline(text, history)
    if model is not None and history:
        try:
            standalone = condense_with_llm(
                text, history, model, load_prompt("condense", settings.prompts_dir)
            )
        except Exception as e:  # noqa: BLE001 - a failing provider must not fail the question
            notice = f"The language model could not be reached ({type(e).__name__}); answering offline."
            model = None

    # The question as the course would write it, for the search, the decision and the answer:
    vocab = vocabulary(retriever.chunks())
    course = load_course_data(settings)
    standalone = without_plain_tail(standalone)  # "in plain terms" asks for no passage on "terms"
    standalone = blank_asked(standalone)  # a quiz's "Fill in the blank: ... in Module ___."
    standalone = meaning_asked(spelled_out(standalone))  # "prereqs"; "what does 'HIL' mean"
    # keyword search cannot find "clarfy", and "sagemaker clarfy" is no product the course names
    standalone = correct_name_typos(standalone, vocab)
    # a learner's word for a glossary term ("batch inference") as the course writes it
    standalone = in_course_terms(standalone, course.glossary, vocab)

    def look_up(asked: str) -> tuple[list[float], list[Passage]]:
        query = retrieval_query(without_who_or_when(asked), shape_of(asked))  # not "... for beginners"
        vector = retriever.query_vector(query)  # cached: a repeated question skips the model
        found = sanitize_passages(retriever.search(query, module=module, query_vector=vector))
        return vector, named_passages(asked, found, retriever.chunks())

    # A story, then a question that says all it asks: the question is looked up on its own, as the
    # story's words pull toward other passages; the whole message when the course does not cover
    # the question alone (the story may hold the words the course uses).
    products = course.other_products
    wordings = [asked_sentence(standalone, vocab), standalone]
    # ... and then without the console output pasted to tell the situation, whose identifiers the
    # course never writes (the pasted words may also be the course's own, so only then), when the
    # question left or what was pasted names a course thing ("pandas keeps printing
    # `SettingWithCopyWarning: ...`. what does this mean?" asks about what it pasted)
    prose, pasted = set_apart(standalone)
    if prose != standalone and any(
        names_course_loosely(t, vocab, retriever.chunks()) for t in (prose, pasted)
    ):
        wordings += [asked_sentence(prose, vocab), prose]
    for wording in dict.fromkeys(wordings):
        question_vector, passages = look_up(wording)
        coverage = decide(wording, passages, retriever.chunks(), settings.min_relevance, products)
        if coverage.covered:
            standalone = wording
            break
        if wording == standalone:
            as_written = question_vector, passages, coverage
    else:  # the decline speaks of the message as the learner wrote it
        question_vector, passages, coverage = as_written
    closely = settings.said_closely_similarity  # the learner's tone, the course's own point
    if coverage.reason == "unknown_words" and said_closely(
        question_vector, passages, retriever.sentence_vectors(), closely
    ):
        coverage = coverage.model_copy(update={"covered": True, "reason": "covered"})
    mod, title = _module_of(passages)

    topics: list[str] = []  # offered when the course does not cover the question

    def finish(
        answer_text: str, sentences: list[AnswerSentence], cited: list[Passage], covered: bool, mode: str
    ) -> Answer:
        return Answer(
            question=text,
            standalone_question=standalone,
            answer=answer_text,
            mode="llm" if mode == "llm" else "offline",
            provider=settings.llm if mode == "llm" else None,
            covered=covered,
            citations=[Citation.from_passage(n, p) for n, p in enumerate(cited, 1)],
            sentences=sentences,
            module=mod if covered else None,
            suggestions=[] if covered else topics,
            notice=notice or retriever.indexing_notice(),
            latency_ms=(time.perf_counter() - started) * 1000,
        )

    if is_vague(standalone, bool(history)):
        options = readings(standalone, passages, settings.min_relevance)
        reply = ask_back_text(options)
        yield reply
        yield finish(reply, [], [], covered=False, mode="offline").model_copy(
            update={"clarify": options, "suggestions": []}
        )
        return
    if not coverage.covered:
        topics = nearest_topics(passages, floor=settings.min_relevance)
        near = bool(topics)
        topics = topics or course_modules(retriever.chunks())  # nothing near: what the course covers
        reply = decline_text(coverage, topics, near)
        yield reply
        yield finish(reply, [], [], covered=False, mode="offline")
        return

    if model is not None:
        try:
            chain = build_answer_chain(model, settings)
            inputs = {
                "passages": format_passages(passages),
                "history": f"<conversation>\n{format_history(history)}\n</conversation>\n\n"
                if history
                else "",
                "question": text if standalone == text else f"{text}\n(Standalone: {standalone})",
            }
            pieces: list[str] = []
            for chunk in chain.stream(inputs):
                piece = chunk.content if isinstance(chunk, BaseMessageChunk) else str(chunk)
                if isinstance(piece, list):  # content blocks (Anthropic): keep the text parts
                    piece = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in piece)
                if piece:
                    pieces.append(piece)
                    yield piece
            answer_text = "".join(pieces).strip()
            sentences = check_answer(answer_text, passages, retriever.embedder)
            unsupported = sum(not s.supported for s in sentences)
            # The faithfulness gate: an answer the passages mostly do not back is not shown as
            # the answer; the offline one (quoted, so supported by construction) replaces it.
            if sentences and unsupported * 2 <= len(sentences):
                yield finish(answer_text, sentences, passages, covered=True, mode="llm")
                return
            notice = (
                f"The language model's answer was not supported by the course passages ({unsupported} of "
                f"{len(sentences)} sentences); answered offline instead."
            )
            yield "\n\n"
        except Exception as e:  # noqa: BLE001 - provider errors vary by package; fall back offline
            notice = (
                f"The language model failed ({type(e).__name__}: {str(e)[:160]}); answered offline instead."
            )
            yield "\n\n"

    answer_text, sentences, cited = compose_extractive(
        standalone,
        passages,
        retriever.embedder,
        question_vector,
        retriever.sentence_vectors(),
        retriever.chunks(),
        coverage.names_used,
    )
    if not sentences:
        reply = NOT_COVERED
        yield reply
        yield finish(reply, [], [], covered=False, mode="offline")
        return
    mod, title = _module_of(cited)  # the module of what the answer quotes, not of the search
    answer_text += _module_note(mod, title)
    yield answer_text
    yield finish(answer_text, sentences, cited, covered=True, mode="offline")


def answer_question(question: str, **kwargs: object) -> Answer:
    """The complete answer (non-streaming). Same keyword arguments as ``stream_answer``."""
    final: Answer | None = None
    for item in stream_answer(question, **kwargs):  # type: ignore[arg-type]
        if isinstance(item, Answer):
            final = item
    assert final is not None
    return final
