"""Small courses for the answer tests: a lesson on Model Monitor (and Model Registry), indexed
in memory with the fake embedder, the shared text of that lesson, and a base for scripted chat
models that reply to the whole prompt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from tutor.answer import answer_question
from tutor.embeddings import Embedder
from tutor.index.ingest import ingest
from tutor.index.store import InMemoryStore
from tutor.models import Chunk, Passage
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings


def chunk_of(text: str, section_path: list[str], *, cid: str = "c", module: int | None = None) -> Chunk:
    """A chunk of a one-file course, built by hand: where it sits is all a test sets."""
    source = f"0{module or 0}.md"
    return Chunk(
        id=cid,
        text=text,
        source=source,
        source_path=f"/c/{source}",
        title=section_path[0] if section_path else "",
        module=module,
        section_path=section_path,
        start=0,
        end=len(text),
    )


def passage_of(text: str, section_path: list[str], *, cid: str = "p", module: int | None = None) -> Passage:
    """``chunk_of`` as a retrieved passage (score 1.0)."""
    return Passage(**chunk_of(text, section_path, cid=cid, module=module).model_dump(), score=1.0)


DEPLOY_HEAD = """---
module: 4
title: "Deployment & MLOps"
---
# Module 4: Deployment & MLOps
"""

MONITOR = """## SageMaker Model Monitor

SageMaker Model Monitor watches deployed endpoints and compares live traffic against a baseline built from the training data. When the statistics of incoming data move away from the baseline, Model Monitor reports data drift as a violation and can raise a CloudWatch alarm.
"""

REGISTRY = """## SageMaker Model Registry

SageMaker Model Registry keeps versioned model packages in model groups and records an approval status for each version. A CI/CD pipeline can deploy only the versions that were approved in the registry.
"""

SCHEDULE = "Model Monitor runs monitoring jobs on a schedule, for example every hour, and writes its reports to Amazon S3.\n"


def course_retriever(tmp_path: Path, embedder: Embedder, files: dict[str, str]) -> Retriever:
    """A retriever over ``files`` (name -> Markdown), ingested into an in-memory store."""
    folder = tmp_path / "course"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder, min_relevance=0.2)
    store = InMemoryStore()
    assert ingest(settings=settings, store=store, embedder=embedder).ok
    return Retriever(settings, store=store, embedder=embedder)


def answer_texts(tmp_path: Path, embedder: Embedder, files: dict[str, str], question: str) -> list[str]:
    """The sentences of the offline answer to ``question`` over a course of ``files``."""
    course = course_retriever(tmp_path, embedder, files)
    return [s.text for s in answer_question(question, retriever=course).sentences]


class ScriptedChatModel(BaseChatModel):
    """A chat model whose reply is ``reply(prompt)``, the prompt being its messages joined."""

    @property
    def _llm_type(self) -> str:
        return type(self).__name__

    def reply(self, prompt: str) -> str:
        raise NotImplementedError

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        text = self.reply("\n".join(str(m.content) for m in messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
