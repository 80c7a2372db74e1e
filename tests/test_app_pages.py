"""The Streamlit app, page by page, with Streamlit's AppTest (no browser).

A tiny fixture course (three Markdown files, two modules) is indexed once into a temporary
data directory with the real embedding model; every test starts from a cleared
``st.cache_resource`` so the app builds its resources the way a fresh process does.
Quizzes use the bundled question bank (it is read from the corpus folder, not the index).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from course_docs import JUMPSTART, MODEL_MONITOR, lesson
from streamlit.testing.v1 import AppTest

from tutor.models import Answer

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TIMEOUT = 120

pytestmark = pytest.mark.slow  # loads the embedding model

DOCS = {
    "fixture-foundations.md": lesson(
        1,
        "Fixture Foundations",
        {
            "SageMaker JumpStart": JUMPSTART
            + """ JumpStart models can also be fine-tuned on the
team's own labelled data.

### JumpStart for sentiment analysis

A retail company deployed a pre-trained natural language processing model from JumpStart to classify
the sentiment of customer reviews. The model was serving predictions from a SageMaker endpoint within
a day.""",
            "SageMaker Studio": """
SageMaker Studio is the integrated development environment for machine learning. It offers visual
tools and JupyterLab notebooks in one web interface, so data scientists can work both visually and in
code. ![tracking pixel](http://127.0.0.1:9/pixel.png) See [the docs](http://127.0.0.1:9/docs).""",
        },
    ),
    "fixture-mlops.md": lesson(
        4,
        "Fixture MLOps",
        {
            "Model Monitor": MODEL_MONITOR,
            "Model Registry": """
SageMaker Model Registry catalogs model versions in model package groups. Each version carries its
metrics and an approval status, and only approved versions are deployed to production by the pipeline.""",
        },
    ),
    # Markdown syntax in a document: the loaders drop image and link targets, but icon
    # shortcodes and math survive ingestion, and the app must show them literally.
    "fixture-notes.txt": "Feature Store keeps the same feature values for training and for real-time "
    "inference, with an online store for low latency and an offline store for training sets. "
    "Feature Store diagram: ![feature store](http://127.0.0.1:9/pixel.png) and "
    "[more](http://127.0.0.1:9/docs) :material/home: $x^2$.\n",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the fixture course indexed."""
    from tutor.index.ingest import ingest
    from tutor.retrieval.search import get_retriever
    from tutor.settings import get_settings

    data = tmp_path_factory.mktemp("tutor-data")
    docs = tmp_path_factory.mktemp("fixture-docs")
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TUTOR_DATA_DIR", str(data))
        settings = get_settings()
        retriever = get_retriever(settings)
        report = ingest([docs], settings=settings, store=retriever.store, embedder=retriever.embedder)
    assert not report.failed, report.failed
    assert len(report.ingested) == 3
    return data


@pytest.fixture
def app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data_dir))
    for var in ("TUTOR_LLM", "TUTOR_CHROMA_URL", "TUTOR_MAX_QUESTION_CHARS", "TUTOR_MAX_UPLOAD_MB"):
        monkeypatch.delenv(var, raising=False)
    # AppTest runs app.py as sys.modules["__main__"] and leaves it there: restore it, or
    # later tests' spawn workers (PDF extraction) would re-import app.py as their main.
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    monkeypatch.setattr(sys, "path", list(sys.path))
    st.cache_resource.clear()
    yield AppTest.from_file(APP, default_timeout=TIMEOUT)
    st.cache_resource.clear()


def unescape(markdown: str) -> str:
    """Markdown written by the app's md_escape, back to plain text (for assertions)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


def all_markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    no_exception(at)
    return at


def create_learner(at: AppTest, name: str) -> AppTest:
    at.sidebar.text_input(key="new_learner_name").input(name)
    next(b for b in at.sidebar.button if b.label == "Start learning").click().run()
    no_exception(at)
    assert at.session_state["learner"] == name
    return at


def last_answer(at: AppTest, learner: str | None = None) -> Answer:
    history = at.session_state[f"chat_history::{learner or ''}"]
    answers = [m["answer"] for m in history if m.get("answer") is not None]
    assert answers, "no answer in the chat history"
    return answers[-1]


# --- app shell ---------------------------------------------------------------------------


def test_app_starts_with_sidebar_and_chat(app: AppTest) -> None:
    app.run()
    no_exception(app)
    assert app.title[0].value == "Ask the tutor"
    labels = [s.label for s in app.sidebar.selectbox]
    assert "Learner" in labels and "Module" in labels
    sidebar_text = "\n".join(m.value for m in app.sidebar.markdown)
    assert "Answer mode:" in sidebar_text and "Offline" in sidebar_text
    # Starter questions are offered before the first question.
    assert any("Data Wrangler" in unescape(b.label) for b in app.button)


def test_streamlit_config_keeps_xsrf_and_caps_uploads() -> None:
    from tutor.settings import Settings

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= Settings().max_upload_mb


def test_no_unsafe_html_anywhere_in_the_app() -> None:
    sources = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    for path in sources:
        assert "unsafe_allow_html=True" not in path.read_text(), path


# --- library -----------------------------------------------------------------------------


def test_library_lists_documents_by_module(app: AppTest) -> None:
    app.switch_page("app_pages/library.py").run()
    no_exception(app)
    assert app.title[0].value == "Library"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Documents"] == "3"
    table = app.dataframe[0].value
    assert set(table["Source"]) == set(DOCS)
    modules = dict(zip(table["Source"], table["Module"], strict=True))
    assert modules["fixture-foundations.md"].startswith("Module 1")
    assert modules["fixture-mlops.md"].startswith("Module 4")
    assert modules["fixture-notes.txt"] == "Other"


def test_library_upload_indexes_good_files_and_reports_bad_ones(app: AppTest, data_dir: Path) -> None:
    app.switch_page("app_pages/library.py").run()
    uploader = app.get("file_uploader")[0]
    good = b"---\nmodule: 2\ntitle: Uploaded Wrangler\n---\n\n# Uploaded Wrangler\n\n## Data Wrangler\n\n" + (
        b"SageMaker Data Wrangler offers more than three hundred built-in transformations "
        b"in a visual interface for preparing tabular data.\n"
    )
    uploader.set_value(
        [
            ("../Wrangler Notes.md", good, "text/markdown"),
            ("broken.pdf", b"this is not a pdf", "application/pdf"),
        ]
    )
    next(b for b in app.button if b.label == "Add to the index").click().run()
    no_exception(app)
    saved = data_dir / "uploads" / "Wrangler_Notes.md"
    assert saved.exists()
    assert not (data_dir / "broken.pdf").exists()
    errors = [unescape(e.value) for e in app.error]
    assert any("broken.pdf" in e and "PDF" in e for e in errors), errors
    assert any("1 file(s) indexed" in unescape(w.value) for w in app.warning)
    table = app.dataframe[0].value
    assert "Wrangler_Notes.md" in set(table["Source"])
    # The new document answers questions right away (same store, same process).
    app.switch_page("app_pages/chat.py").run()
    ask(app, "How many built-in transformations does Data Wrangler offer?")
    answer = last_answer(app)
    assert answer.covered and any(c.source == "Wrangler_Notes.md" for c in answer.citations)
    # Removing it from the Library takes it out of the index and deletes the upload.
    app.switch_page("app_pages/library.py").run()
    remove = app.selectbox(key="remove_source")
    remove.select_index(next(i for i, o in enumerate(remove.options) if o.startswith("Wrangler_Notes.md")))
    next(b for b in app.button if b.label == "Remove from the index").click().run()
    no_exception(app)
    assert "Wrangler_Notes.md" not in set(app.dataframe[0].value["Source"])
    assert not saved.exists()


def test_library_refuses_oversized_upload(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_MAX_UPLOAD_MB", "0.001")  # about 1 KB
    app.switch_page("app_pages/library.py").run()
    app.get("file_uploader")[0].set_value([("big.txt", b"x" * 5000, "text/plain")])
    next(b for b in app.button if b.label == "Add to the index").click().run()
    no_exception(app)
    assert any("big.txt" in unescape(e.value) and "limited" in unescape(e.value) for e in app.error)


def test_library_reindex_drops_sources_whose_files_are_gone(app: AppTest, data_dir: Path) -> None:
    app.switch_page("app_pages/library.py").run()
    app.get("file_uploader")[0].set_value(
        [("short-lived.txt", b"Ground Truth labels data with human workers.", "text/plain")]
    )
    next(b for b in app.button if b.label == "Add to the index").click().run()
    assert "short-lived.txt" in set(app.dataframe[0].value["Source"])
    (data_dir / "uploads" / "short-lived.txt").unlink()
    next(b for b in app.button if b.label == "Re-index all sources").click().run()
    no_exception(app)
    assert any("no longer exist" in unescape(i.value) for i in app.info)
    assert any("unchanged" in unescape(m.value) for m in [*app.success, *app.warning])
    assert "short-lived.txt" not in set(app.dataframe[0].value["Source"])
    assert set(DOCS) <= set(app.dataframe[0].value["Source"])


# --- chat --------------------------------------------------------------------------------


def test_chat_answers_with_citations_and_opens_the_passage(app: AppTest) -> None:
    app.run()
    ask(app, "How does Model Monitor detect data drift?")
    assert len(app.chat_message) == 2
    answer = last_answer(app)
    assert answer.covered and answer.mode == "offline" and answer.citations
    text = all_markdown(app)
    assert ":blue-badge[" in text  # numbered citation markers
    expanders = [e for e in app.expander if e.label.startswith("\\[")]
    assert expanders, [e.label for e in app.expander]
    label = unescape(expanders[0].label)
    assert re.match(r"\[\d+\] fixture-mlops\.md — Fixture MLOps > Model Monitor", label), label
    # The expander shows module, section path and the quote with the evidence highlighted.
    inside = "\n".join(m.value for m in expanders[0].markdown)
    assert ":orange-background[" in inside
    captions = "\n".join(unescape(c.value) for c in expanders[0].caption)
    assert "Module 4" in captions and "Section: Fixture MLOps > Model Monitor" in captions
    # "Read the whole section" shows the section from the index.
    expanders[0].toggle[0].set_value(True).run()
    no_exception(app)
    assert any("baseline" in t.value for t in app.text)


def test_chat_module_filter_limits_the_sources(app: AppTest) -> None:
    app.run()
    app.sidebar.selectbox(key="module_filter").set_value(1).run()
    ask(app, "What does SageMaker JumpStart offer?")
    answer = last_answer(app)
    assert answer.citations and all(c.module == 1 for c in answer.citations)


def test_chat_follow_up_uses_the_conversation(app: AppTest) -> None:
    app.run()
    ask(app, "What is SageMaker JumpStart?")
    ask(app, "How did a retail company use it?")
    answer = last_answer(app)
    assert "JumpStart" in answer.standalone_question
    assert any("retail" in c.quote for c in answer.citations)


def test_chat_question_errors_are_shown_with_a_hint(app: AppTest) -> None:
    app.run()
    ask(app, "   ")
    errors = [unescape(e.value) for e in app.error]
    assert any("The question is empty" in e and "Type a question" in e for e in errors), errors
    assert app.session_state["chat_history::"] == []  # nothing is kept of a refused question


def test_chat_input_is_capped_at_the_question_limit(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_MAX_QUESTION_CHARS", "30")
    app.run()
    assert app.chat_input[0].proto.max_chars == 30


def test_chat_not_covered_says_so(app: AppTest) -> None:
    app.run()
    ask(app, "What is the boiling point of water at sea level?")
    answer = last_answer(app)
    assert not answer.covered and not answer.citations
    # Declined by name: the subject of a "what is" question is not a course word.
    assert "boiling point is not covered in this course" in unescape(all_markdown(app))


def test_chat_document_markdown_is_rendered_inert(app: AppTest) -> None:
    app.run()
    ask(app, "Which store of Feature Store gives low latency for real-time inference?")
    assert any(c.source == "fixture-notes.txt" for c in last_answer(app).citations)
    for expander in app.expander:
        if expander.label.startswith("\\["):
            expander.toggle[0].set_value(True)
    app.run()
    shown = all_markdown(app)
    assert ":material/home: $x^2$" in unescape(shown)  # shown to the learner as written...
    assert ":material/home:" not in shown and "$x^2$" not in shown  # ...but never interpreted
    assert "![" not in shown and "](" not in shown and "http://" not in shown


def test_chat_history_persists_for_a_learner(app: AppTest, data_dir: Path) -> None:
    app.run()
    create_learner(app, "ana-chat")
    ask(app, "How does Model Monitor detect data drift?")
    first = last_answer(app, "ana-chat")
    # A new process: caches cleared, a fresh session arriving with ?learner=ana-chat.
    st.cache_resource.clear()
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params["learner"] = "ana-chat"
    again.run()
    no_exception(again)
    assert again.session_state["learner"] == "ana-chat"
    assert len(again.chat_message) == 2
    restored = last_answer(again, "ana-chat")
    assert restored.answer == first.answer and restored.citations == first.citations
    assert any(e.label.startswith("\\[") for e in again.expander)
    # Clearing the conversation removes it from the store too.
    next(b for b in again.button if b.label == "Clear this conversation").click().run()
    assert len(again.chat_message) == 0
    from tutor.progress import open_progress_store
    from tutor.settings import get_settings

    assert open_progress_store(get_settings()).load_chat("ana-chat") == []


def test_learner_name_is_validated(app: AppTest) -> None:
    app.run()
    app.sidebar.text_input(key="new_learner_name").input("<script>")
    next(b for b in app.sidebar.button if b.label == "Start learning").click().run()
    no_exception(app)
    assert app.session_state["learner"] is None
    assert any("not allowed" in unescape(e.value) for e in app.sidebar.error)


# --- chat with a language model ----------------------------------------------------------


def test_chat_llm_mode_shows_provider_and_flags_unsupported_sentences(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langchain_core.language_models import FakeListChatModel

    import tutor.llm

    reply = (
        "SageMaker Model Monitor compares live endpoint traffic with a baseline computed from the training "
        "data [1]. Model Monitor was first released on the Moon in 1850 by a team of penguins [1]."
    )
    model = FakeListChatModel(responses=[reply])
    monkeypatch.setattr(tutor.llm, "resolve_chat_model", lambda settings, llm=None: (llm or model, None))
    app.run()
    assert "FakeListChatModel" in "\n".join(m.value for m in app.sidebar.markdown)
    ask(app, "How does Model Monitor detect data drift?")
    answer = last_answer(app)
    assert answer.mode == "llm"
    flagged = [s for s in answer.sentences if not s.supported]
    assert len(flagged) == 1 and "penguins" in flagged[0].text
    text = all_markdown(app)
    assert ":orange-badge[:material/warning: unsupported]" in text
    warnings = [unescape(w.value) for w in app.warning]
    assert any("not backed by the cited passages" in w and "penguins" in w for w in warnings), warnings


# --- quiz --------------------------------------------------------------------------------


def _answer_widgets(at: AppTest, quiz, item, correct: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Fill the item's widgets with its key (or a wrong answer), as a learner would."""
    key = f"quiz-{quiz.id}-{item.id}-"
    answer = item.answer
    kind = item.type.value
    if kind == "single_choice":
        at.radio(key=key).set_value(answer if correct else next(o for o in item.options if o != answer))
    elif kind == "true_false":
        at.radio(key=key).set_value(answer if correct else not answer)
    elif kind == "multiple_response":
        for i, option in enumerate(item.options):
            at.checkbox(key=f"{key}{i}").set_value((option in answer) == correct)
    elif kind == "matching":
        for i, prompt in enumerate(item.prompts):
            at.selectbox(key=f"{key}{i}").set_value(answer[prompt])
    elif kind == "ordering":
        for i, step in enumerate(answer):
            at.selectbox(key=f"{key}{i}").set_value(step)
    else:
        at.text_input(key=key).input(answer if correct else "no idea")


def _submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Check my answer").click().run()
    no_exception(at)
    return at


def _next(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label in ("Next question", "See my score")).click().run()
    no_exception(at)
    return at


def test_quiz_renders_every_item_type_grades_and_updates_mastery(app: AppTest) -> None:
    from datetime import UTC, datetime

    from tutor.course.bank import load_bank
    from tutor.progress import open_progress_store
    from tutor.quiz import Quiz
    from tutor.quiz.grading import expected_text
    from tutor.quiz.in_progress import QuizInProgress, QuizSessions
    from tutor.settings import get_settings

    app.run()
    create_learner(app, "quiz-ana")
    app.switch_page("app_pages/quiz.py").run()
    no_exception(app)
    # One bank item of each type, as a quiz: every widget kind is exercised.
    by_type = {}
    for item in load_bank(1):
        by_type.setdefault(item.type.value, item)
    assert len(by_type) == 6
    quiz = Quiz(
        id="apptest-every-type",
        module=1,
        learner="quiz-ana",
        items=list(by_type.values()),
        reasons={i.id: "new" for i in by_type.values()},
        created_at=datetime.now(UTC),
    )
    # The quiz in progress is kept server-side: put this one there, as the Start button would.
    QuizSessions(open_progress_store(get_settings())).save(QuizInProgress(learner="quiz-ana", quiz=quiz))
    app.run()
    for n, item in enumerate(quiz.items):
        assert f"Question {n + 1} of 6" in app.get("progress")[0].proto.text
        assert unescape(app.markdown[0].value).endswith(item.stem) or any(
            unescape(m.value) == "#### " + item.stem for m in app.markdown
        )
        correct = n != 0  # the first one wrong, to see the correction
        _answer_widgets(app, quiz, item, correct=correct)
        _submit(app)
        if correct:
            assert any(s.value.startswith("Correct") for s in app.success), (
                item.type,
                [e.value for e in app.error],
            )
        else:
            assert app.error and "answer" in unescape(app.error[0].value).lower()
        # Feedback cites the course passage the answer comes from.
        captions = [unescape(c.value) for c in app.caption]
        assert any(c.startswith(f"From the course: {item.grounding.source}") for c in captions), captions
        _next(app)
    assert any(s.value == "Your score" for s in app.subheader)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Fully right"] == "5 of 6"
    mastery = next(m for m in app.metric if "recent accuracy" in unescape(m.label))
    assert mastery.value != "—"
    store = open_progress_store(get_settings())
    assert len(store.attempts("quiz-ana")) == 6
    # The results name the key of every question; "Retry my mistakes" starts a quiz of exactly
    # the one missed item.
    results = "\n".join(unescape(m.value) for m in app.markdown)
    assert "| Key | " + expected_text(quiz.items[0]) in results
    next(b for b in app.button if b.label == "Retry my mistakes (1)").click().run()
    no_exception(app)
    retry = _in_progress("quiz-ana").quiz
    assert [i.id for i in retry.items] == [quiz.items[0].id] and retry.id != quiz.id
    assert any(b.label == "Check my answer" for b in app.button)


def _in_progress(learner: str):  # type: ignore[no-untyped-def]
    from tutor.progress import open_progress_store
    from tutor.quiz.in_progress import QuizSessions
    from tutor.settings import get_settings

    state = QuizSessions(open_progress_store(get_settings())).load(learner)
    assert state is not None, f"{learner} has no quiz in progress"
    return state


def test_quiz_start_button_builds_a_module_quiz(app: AppTest) -> None:
    app.run()
    create_learner(app, "quiz-bo")
    app.switch_page("app_pages/quiz.py").run()
    app.selectbox(key="quiz_module").set_value(4)
    app.slider(key="quiz_count").set_value(3)
    next(b for b in app.button if b.label == "Start quiz").click().run()
    no_exception(app)
    state = _in_progress("quiz-bo")
    assert len(state.quiz.items) == 3 and all(i.module == 4 for i in state.quiz.items)
    assert any(b.label == "Check my answer" for b in app.button)


def test_quiz_incomplete_answer_is_not_graded(app: AppTest) -> None:
    app.run()
    create_learner(app, "quiz-cy")
    app.switch_page("app_pages/quiz.py").run()
    next(b for b in app.button if b.label == "Start quiz").click().run()
    _submit(app)  # nothing chosen
    assert app.warning, "an empty answer should be refused with a hint"
    assert _in_progress("quiz-cy").answers == {}


def test_quiz_needs_a_learner(app: AppTest) -> None:
    app.switch_page("app_pages/quiz.py").run()
    no_exception(app)
    assert any("Pick your name" in i.value for i in app.info)
    assert not any(b.label == "Start quiz" for b in app.button)


# --- progress ----------------------------------------------------------------------------


def _record(learner: str, items, correct: bool, days_ago: float = 0) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from tutor.progress import Learner
    from tutor.quiz import grade_answer
    from tutor.settings import get_settings

    settings = get_settings()
    when = datetime.now(UTC) - timedelta(days=days_ago)
    for item in items:
        response = item.answer if correct else ("no idea" if item.type.value == "short_answer" else None)
        if response is None:
            response = {
                "single_choice": next(o for o in item.options if o != item.answer),
                "true_false": not item.answer,
                "multiple_response": [o for o in item.options if o not in item.answer][:1],
                "matching": dict.fromkeys(item.prompts, item.options[0]),
                "ordering": list(reversed(item.answer)),
            }[item.type.value]
        grade = grade_answer(item, response, settings=settings)
        with Learner(learner, settings=settings) as who:
            who.record_answer(f"q-{days_ago}", item, response, grade, now=when)


def test_progress_shows_mastery_weak_objectives_reviews_and_export(app: AppTest) -> None:
    from tutor.course.bank import load_bank

    bank = load_bank(2)
    _record("prog-ana", bank[:4], correct=True, days_ago=60)  # long ago: due for review now
    _record("prog-ana", bank[4:6], correct=False)
    app.query_params["learner"] = "prog-ana"
    app.switch_page("app_pages/progress.py").run()
    no_exception(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Answers"] == "6"
    assert metrics["Reviews due"] != "0"
    table = app.dataframe[0].value
    row = table[table["Module"].str.startswith("Module 2")].iloc[0]
    assert row["Answers"] == 6 and row["Recent accuracy"] is not None
    weak = "\n".join(unescape(m.value) for m in app.markdown)
    assert "Module 2" in weak  # a weak objective of module 2 is listed
    recent = app.dataframe[1].value
    assert len(recent) == 6
    downloads = [d.label for d in app.get("download_button")]
    assert downloads == ["Download answers (CSV)", "Download progress (JSON)"]
    # The Next-up card puts due reviews first; its button starts the review of the due items at once and opens it on the Quiz page.
    assert "Next up:" in weak and "Review 4 due questions" in weak
    next(b for b in app.button if b.label == "Start the review").click().run()
    no_exception(app)
    assert app.title[0].value == "Quiz"
    assert any(b.label == "Check my answer" for b in app.button)
    quiz = _in_progress("prog-ana").quiz
    assert quiz.review_only and set(quiz.reasons.values()) == {"due"}


def test_chat_asks_back_with_buttons_when_a_question_is_vague(app: AppTest) -> None:
    app.run()
    ask(app, "how do I make it better?")
    answer = last_answer(app)
    assert answer.clarify and not answer.citations
    buttons = [b for b in app.button if b.key and b.key.startswith("clarify-")]
    assert [unescape(b.label) for b in buttons] == answer.clarify
    buttons[1].click().run()  # picking a reading asks it
    no_exception(app)
    assert last_answer(app).question == answer.clarify[1]


def test_library_says_how_far_the_semantic_index_is_while_vectors_are_computed(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tutor.index.stats

    real = tutor.index.stats.index_stats

    def in_progress(*args, **kwargs):
        return real(*args, **kwargs).model_copy(update={"awaiting_vectors": 3})

    monkeypatch.setattr(tutor.index.stats, "index_stats", in_progress)
    app.switch_page("app_pages/library.py").run()
    no_exception(app)
    info = " ".join(i.value for i in app.info)
    assert "Semantic index" in info and "3 passages can already be found by their words" in info
