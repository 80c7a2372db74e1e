"""Small, dependency-free text utilities shared by retrieval, answering and quizzes.

One tokenizer everywhere keeps keyword overlap, BM25 and the "is this claim supported
by that passage" checks consistent with each other.
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# Sentence boundary: end punctuation followed by whitespace and an upper-case letter,
# digit, quote or bracket. Abbreviations below are protected first.
# ... nor after an initial: "in the US East (N. Virginia) Region?" is one sentence
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])(?<![\s(][A-Z]\.)[\"')\]]?\s+(?=[A-Z0-9\"'(\[*`])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "e.g.,", "approx.", "Inc.", "No.", "Fig.")

STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "use",
        "used",
        "uses",
        "using",
        "one",
        "two",
        "way",
        "ways",
        "like",
        "well",
        "may",
        "might",
        "must",
        "shall",
        "get",
        "gets",
        "got",
        "make",
        "makes",
        "made",
        "many",
        "much",
        "via",
        "within",
        "without",
        "per",
        "each",
        "every",
        "lets",
        "let's",
        "it's",
        "that's",
        "what's",
        "amazon",
        "aws",
        "sagemaker",
    ]
)
"""Words that carry no topic. "amazon", "aws" and "sagemaker" are included on purpose: in a
SageMaker course they appear in almost every passage, so they never discriminate."""


def normalize(text: str) -> str:
    """Lower-case, strip accents and collapse whitespace."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.lower()).strip()


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to match plural and verb forms
    ("models"/"model", "monitoring"/"monitor") without a stemming dependency."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break  # "process", "focus", "analysis" are no plurals: "processes" -> "process"
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            return base
    return word


def tokens(text: str) -> list[str]:
    """All word tokens of ``text`` in order, normalized (not stemmed, stopwords kept)."""
    return _WORD_RE.findall(normalize(text))


def content_terms(text: str) -> list[str]:
    """Stemmed tokens without stopwords and one-letter tokens, in order, duplicates kept."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def support_ratio(claim: str, passage: str) -> float:
    """Share of the claim's distinct content terms that occur in the passage (0..1).

    A claim with no content terms has nothing to support and scores 0.
    """
    claim_terms = set(content_terms(claim))
    if not claim_terms:
        return 0.0
    passage_terms = set(content_terms(passage))
    return len(claim_terms & passage_terms) / len(claim_terms)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences without breaking on common abbreviations or decimals.

    Markdown list items and table rows count as sentences of their own.
    """
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|\|)\s)", text):
        # An ordered-list marker ("1. ") is not a sentence end: drop it, as bullets are dropped.
        block = re.sub(r"^\s*\d{1,3}[.)]\s+", "", block).strip()
        if not block:
            continue
        protected = block
        for i, abbr in enumerate(_ABBREVIATIONS):
            protected = protected.replace(abbr, f"\x00{i}\x00")
        for part in _SENTENCE_END_RE.split(protected):
            for i, abbr in enumerate(_ABBREVIATIONS):
                part = part.replace(f"\x00{i}\x00", abbr)
            part = re.sub(r"\s+", " ", part).strip()
            if part:
                sentences.append(part)
    return sentences
