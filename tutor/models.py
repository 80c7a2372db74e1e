"""Pydantic models that pass between the steps: chunks, passages, citations, answers."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

SECTION_SEPARATOR = " > "


class Chunk(BaseModel):
    """A piece of a source document as stored in the index."""

    id: str
    text: str
    source: str = Field(description="File name shown in citations.")
    source_path: str = Field(description="Absolute path of the file the chunk came from.")
    title: str
    module: int | None = None
    section_path: list[str] = Field(default_factory=list)
    page: int | None = None
    start: int = Field(description="Character offset of the chunk in its file's (page's) text.")
    end: int

    @property
    def section_label(self) -> str:
        return SECTION_SEPARATOR.join(self.section_path)

    @property
    def position(self) -> tuple[int, int]:
        """Where the chunk is in its file: sorts chunks into reading order."""
        return self.page or 0, self.start

    def embedding_text(self) -> str:
        """What is embedded: the heading path gives short chunks their topic."""
        label = self.section_label or self.title
        return f"{label}\n{self.text}" if label else self.text

    def to_metadata(self) -> dict[str, Any]:
        """Flat metadata for the vector store (Chroma accepts no lists or None)."""
        meta: dict[str, Any] = {
            "source": self.source,
            "source_path": self.source_path,
            "title": self.title,
            "section_path": self.section_label,
            "start": self.start,
            "end": self.end,
        }
        if self.module is not None:
            meta["module"] = self.module
        if self.page is not None:
            meta["page"] = self.page
        return meta

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
        path = str(meta.get("section_path") or "")
        return cls(
            id=chunk_id,
            text=text,
            source=str(meta.get("source", "")),
            source_path=str(meta.get("source_path", "")),
            title=str(meta.get("title", "")),
            module=int(meta["module"]) if meta.get("module") is not None else None,
            section_path=path.split(SECTION_SEPARATOR) if path else [],
            page=int(meta["page"]) if meta.get("page") is not None else None,
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
        )


class Passage(Chunk):
    """A retrieved chunk with its scores."""

    score: float = Field(description="Fused reciprocal-rank score (higher is better).")
    similarity: float | None = Field(
        default=None, description="Cosine similarity to the question (None if not a dense hit)."
    )
    dense_rank: int | None = None
    bm25_rank: int | None = None


class Citation(BaseModel):
    n: int = Field(description="The number shown as [n] in the answer.")
    passage_id: str
    source: str
    title: str
    module: int | None
    section_path: list[str]
    page: int | None
    quote: str = Field(description="The passage text.")

    @classmethod
    def from_passage(cls, n: int, passage: Passage) -> Citation:
        return cls(
            n=n,
            passage_id=passage.id,
            source=passage.source,
            title=passage.title,
            module=passage.module,
            section_path=passage.section_path,
            page=passage.page,
            quote=passage.text,
        )

    @property
    def label(self) -> str:
        where = SECTION_SEPARATOR.join(self.section_path) or self.title
        page = f", p. {self.page}" if self.page is not None else ""
        return f"{self.source}{page}: {where}"


class AnswerSentence(BaseModel):
    text: str
    citations: list[int] = Field(default_factory=list, description="Citation numbers.")
    supported: bool
    support: float = Field(description="Best support score against the cited passages, 0..1.")
    evidence: str | None = Field(
        default=None, description="The sentence of the cited passage that supports it best."
    )


class Answer(BaseModel):
    question: str
    standalone_question: str
    answer: str
    mode: Literal["offline", "llm"]
    provider: str | None = Field(default=None, description="'provider:model' in LLM mode.")
    covered: bool = Field(description="False when the course does not cover the question.")
    citations: list[Citation] = Field(default_factory=list)
    sentences: list[AnswerSentence] = Field(default_factory=list)
    module: int | None = Field(default=None, description="Module where the topic is taught.")
    suggestions: list[str] = Field(
        default_factory=list, description="Nearby topics the course covers (when not covered)."
    )
    notice: str | None = Field(default=None, description="E.g. why the LLM was not used.")
    clarify: list[str] = Field(
        default_factory=list,
        description="When the question is too vague: concrete readings for the learner to pick from.",
    )
    latency_ms: float = 0.0


class ChatTurn(BaseModel):
    """One message of a conversation, as the answer chain sees history."""

    role: Literal["user", "assistant"]
    content: str
