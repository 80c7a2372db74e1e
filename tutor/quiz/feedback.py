"""The cited passage shown with feedback: the course text an item's answer comes from.

Bank items cite a corpus file and a heading; generated items also carry the chunk id and the
sentence they were built from. The passage is read from the corpus file itself, so feedback
works without the index; the paragraph of the section that best supports the answer is shown
rather than the whole section.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from pydantic import BaseModel

from tutor.course.items import ItemType, QuizItem
from tutor.markdown import MarkdownSection, clean_inline, parse_markdown, section_text
from tutor.safety.passages import sanitize_text
from tutor.settings import Settings, get_settings
from tutor.text import normalize, split_sentences, support_ratio


class CitedPassage(BaseModel):
    text: str
    source: str
    section: str


_sections: dict[tuple[str, float], list[MarkdownSection]] = {}
_lock = threading.Lock()


def _file_sections(path: Path) -> list[MarkdownSection] | None:
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        return None
    with _lock:
        if key not in _sections:
            try:
                _sections[key] = parse_markdown(path.read_text(encoding="utf-8"))[1]
            except (OSError, UnicodeDecodeError, ValueError):
                return None
        return _sections[key]


def section_passage(source: str, section: str, settings: Settings | None = None) -> str | None:
    """Text of ``section`` (with its subsections) in corpus file ``source``; None if absent."""
    settings = settings or get_settings()
    path = Path(settings.corpus_dir) / Path(source).name
    sections = _file_sections(path)
    if sections is None:
        return None
    try:
        return clean_inline(section_text(sections, section))
    except KeyError:
        return None


def claims(item: QuizItem) -> list[str]:
    """What the cited passage must support: the correct answer texts, or for true/false
    (a bare boolean) the explanation."""
    if item.type is ItemType.true_false:
        return [item.explanation]
    return item.correct_texts


def best_paragraph(text: str, item: QuizItem) -> str:
    """The paragraph of ``text`` that contains the item's quote, or else best supports its answer."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        return text
    if item.grounding.quote:
        quote = normalize(item.grounding.quote)
        for p in paragraphs:
            if quote and quote in normalize(p):
                return p
    wanted = " ".join([*claims(item), item.explanation])
    return max(paragraphs, key=lambda p: support_ratio(wanted, p))


def cited_passage(item: QuizItem, *, settings: Settings | None = None) -> CitedPassage:
    """The passage to show after the item is answered."""
    g = item.grounding
    text = section_passage(g.source, g.section, settings)
    # Shown to the learner and handed to the LLM grader: no instructions to an AI in it.
    if text:
        return CitedPassage(
            text=sanitize_text(best_paragraph(text, item)), source=g.source, section=g.section
        )
    # A source outside the bundled corpus (an uploaded file): the quote is what we have.
    return CitedPassage(text=sanitize_text(g.quote or ""), source=g.source, section=g.section)


def supporting_sentence(item: QuizItem, passage: str) -> str | None:
    """The sentence of ``passage`` that best supports the item's key (None: no sentence
    shares a word with it)."""
    wanted = " ".join(claims(item))
    scored = [(support_ratio(wanted, s), s) for s in split_sentences(passage) if not s.startswith("|")]
    best = max(scored, default=(0.0, None), key=lambda p: p[0])
    return best[1] if best[0] > 0 else None


def why(item: QuizItem, passage: str) -> str:
    """The "Why" shown after an answer. Bank items carry a teacher's explanation; a generated
    item's explanation quotes the sentence it was built from, which is replaced by the
    passage's sentence that supports the key better, when there is one."""
    if item.origin == "bank":
        return item.explanation
    best = supporting_sentence(item, passage)
    wanted = " ".join(claims(item))
    if best and support_ratio(wanted, best) > support_ratio(wanted, item.explanation):
        return f"The course says: “{best}”"
    return item.explanation
