"""Scoring answers against labelled questions: was the question answered with the expected term
cited, or declined when the course does not cover it?

A labelled line is ``{"id": "q1", "question": "...", "expected_terms": ["Clarify"]}`` (``expect``
is accepted for ``expected_terms``); a line without expected terms is a question the tutor must
decline. An in-course question counts as answered correctly when the answer is not a decline,
one of the expected terms is in the answer text, and the same term is in a cited passage (its
text or its section path): a term the answer names but no citation backs does not count.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field

from tutor.models import Answer
from tutor.retrieval.evaluation import percentile, read_labelled


class AnswerCase(BaseModel):
    id: str = Field(default="", description="Shown in reports; the line number when missing.")
    question: str
    expected_terms: list[str] = Field(
        default_factory=list,
        validation_alias=AliasChoices("expected_terms", "expect"),
        description="Any one of these must be in the answer and a cited passage; empty = must decline.",
    )
    module: int | None = None
    shape: str = Field(default="", description="Question shape, for reports only.")

    @property
    def must_decline(self) -> bool:
        return not self.expected_terms


class CaseResult(BaseModel):
    id: str
    question: str
    must_decline: bool
    declined: bool
    correct: bool = Field(description="Answered with an expected term cited, or declined as it must be.")
    latency_ms: float
    answer: str


class AnswerReport(BaseModel):
    in_course: int
    answered_correctly: int
    out_of_course: int
    declined_correctly: int
    declined_wrongly: int = Field(description="In-course questions that were declined.")
    accuracy: float = Field(description="Share of in-course questions answered with an expected term cited.")
    decline_precision: float = Field(
        description="Share of declines that were questions the course does not cover."
    )
    decline_recall: float = Field(description="Share of out-of-course questions that were declined.")
    latency_p50_ms: float
    latency_p95_ms: float
    results: list[CaseResult]


def load_cases(path: Path) -> list[AnswerCase]:
    """Labelled questions from a JSON Lines file; a clear error names the bad line."""
    example = (
        'JSON like {"id": "q1", "question": "...", "expected_terms": ["Clarify"]}'
        " (no expected_terms: the question must be declined)."
    )
    return [
        case if case.id else case.model_copy(update={"id": f"line {n}"})
        for n, case in read_labelled(path, AnswerCase, example)
    ]


def cites_expected(answer: Answer, terms: list[str]) -> bool:
    """An expected term is in the answer text and in one of the passages it cites."""
    text = answer.answer.lower()
    for term in (t.lower() for t in terms):
        if term in text and any(
            term in c.quote.lower() or term in " ".join(c.section_path).lower() for c in answer.citations
        ):
            return True
    return False


def score_case(case: AnswerCase, answer: Answer) -> CaseResult:
    declined = not answer.covered
    correct = (
        declined if case.must_decline else (not declined and cites_expected(answer, case.expected_terms))
    )
    return CaseResult(
        id=case.id,
        question=case.question,
        must_decline=case.must_decline,
        declined=declined,
        correct=correct,
        latency_ms=answer.latency_ms,
        answer=answer.answer,
    )


def summarize(results: list[CaseResult]) -> AnswerReport:
    inside = [r for r in results if not r.must_decline]
    outside = [r for r in results if r.must_decline]
    declines = [r for r in results if r.declined]
    latencies = [r.latency_ms for r in results]
    return AnswerReport(
        in_course=len(inside),
        answered_correctly=sum(r.correct for r in inside),
        out_of_course=len(outside),
        declined_correctly=sum(r.correct for r in outside),
        declined_wrongly=sum(r.declined for r in inside),
        accuracy=sum(r.correct for r in inside) / len(inside) if inside else 0.0,
        decline_precision=sum(r.must_decline for r in declines) / len(declines) if declines else 1.0,
        decline_recall=sum(r.declined for r in outside) / len(outside) if outside else 1.0,
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        results=results,
    )


def format_report(report: AnswerReport) -> list[str]:
    """The figures as printable lines."""
    return [
        f"in course: {report.answered_correctly}/{report.in_course} answered with an expected term cited"
        f" ({report.accuracy:.1%}); {report.declined_wrongly} wrongly declined",
        f"out of course: {report.declined_correctly}/{report.out_of_course} declined"
        f" (decline recall {report.decline_recall:.1%}, precision {report.decline_precision:.1%})",
        f"latency: p50 {report.latency_p50_ms:.0f} ms, p95 {report.latency_p95_ms:.0f} ms",
    ]
