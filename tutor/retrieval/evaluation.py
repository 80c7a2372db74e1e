"""Retrieval evaluation on labelled questions: hit@k, MRR and latency."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, Field, ValidationError, model_validator

from tutor.exceptions import ConfigError
from tutor.models import Chunk


class LabelledQuestion(BaseModel):
    id: str
    question: str
    module: int | None = None
    expected_sources: list[str] = Field(default_factory=list)
    expected_terms: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_label(self) -> LabelledQuestion:
        if not self.expected_sources and not self.expected_terms:
            raise ValueError(f"{self.id}: needs expected_sources or expected_terms")
        return self

    def matches(self, chunk: Chunk) -> bool:
        """A passage is a hit when it comes from an expected source (if any are given) and
        otherwise when it contains every expected term."""
        if self.expected_sources:
            return chunk.source in self.expected_sources
        text = f"{chunk.section_label} {chunk.text}".lower()
        return all(t.lower() in text for t in self.expected_terms)


class QuestionResult(BaseModel):
    id: str
    question: str
    rank: int | None = Field(description="1-based rank of the first relevant passage, None if missed.")
    latency_ms: float
    top_sources: list[str]


class EvalReport(BaseModel):
    questions: int
    k: int
    hit_at_k: float
    hit_at_1: float
    mrr: float
    latency_p50_ms: float
    latency_p95_ms: float
    results: list[QuestionResult]


M = TypeVar("M", bound=BaseModel)


def read_labelled(path: Path, model: type[M], example: str) -> list[tuple[int, M]]:
    """The labelled lines of a JSON Lines file, each with its line number; a clear error names
    the file, or the bad line and what a line must look like (``example``)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else e
        raise ConfigError(
            f"Cannot read {path}: {reason}", "Give a UTF-8 JSON Lines file of questions."
        ) from e
    labelled = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            labelled.append((n, model.model_validate(json.loads(line))))
        except (json.JSONDecodeError, ValidationError) as e:
            raise ConfigError(
                f"{path}:{n} is not a valid labelled question: {e}", f"Each line must be {example}"
            ) from e
    if not labelled:
        raise ConfigError(f"{path} holds no questions.", "Add one JSON object per line.")
    return labelled


def load_questions(path: Path) -> list[LabelledQuestion]:
    example = 'JSON like {"id": "q1", "question": "...", "expected_sources": ["file.md"]}.'
    return [q for _, q in read_labelled(path, LabelledQuestion, example)]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def evaluate(
    questions: list[LabelledQuestion],
    search: Callable[[str, int, int | None], list[Chunk]],
    k: int = 5,
    use_module_filter: bool = False,
) -> EvalReport:
    """Run ``search(question, k, module)`` on every question and score the rankings."""
    results = []
    for q in questions:
        t0 = time.perf_counter()
        passages = search(q.question, k, q.module if use_module_filter else None)
        latency = (time.perf_counter() - t0) * 1000
        rank = next((i for i, p in enumerate(passages[:k], 1) if q.matches(p)), None)
        results.append(
            QuestionResult(
                id=q.id,
                question=q.question,
                rank=rank,
                latency_ms=latency,
                top_sources=[p.source for p in passages[:k]],
            )
        )
    n = len(results)
    latencies = [r.latency_ms for r in results]
    return EvalReport(
        questions=n,
        k=k,
        hit_at_k=sum(r.rank is not None for r in results) / n,
        hit_at_1=sum(r.rank == 1 for r in results) / n,
        mrr=sum(1 / r.rank for r in results if r.rank) / n,
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        results=results,
    )
