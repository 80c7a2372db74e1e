"""A local faithfulness check: is each answer sentence supported by the passages it cites?

Support is the better of two signals: lexical (share of the sentence's content words found
in the passage) and semantic (embedding similarity to the passage's closest sentence).
Sentences without citations are checked against every passage; if one supports them the
citation is added, so the learner can still open the evidence.
"""

from __future__ import annotations

import re

import numpy as np

from tutor.embeddings import Embedder
from tutor.models import AnswerSentence, Passage
from tutor.text import content_terms, split_sentences, support_ratio

LEXICAL_THRESHOLD = 0.6
SEMANTIC_THRESHOLD = 0.72
_CITE_RE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def parse_citations(sentence: str) -> tuple[str, list[int]]:
    """('text without markers', [numbers]) for a sentence like 'X does Y [1][3].'"""
    numbers: list[int] = []
    for m in _CITE_RE.finditer(sentence):
        numbers.extend(int(n) for n in m.group(1).split(","))
    text = _CITE_RE.sub("", sentence)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip(), list(dict.fromkeys(numbers))


def check_answer(answer: str, passages: list[Passage], embedder: Embedder) -> list[AnswerSentence]:
    """Split ``answer`` into sentences and judge each against the passages ([1] = passages[0])."""
    raw = [s for s in split_sentences(answer) if s.strip()]
    parsed = [parse_citations(s) for s in raw]
    passage_sentences = [[s for s in split_sentences(p.text) if len(s) > 15] or [p.text] for p in passages]
    flat = [s for group in passage_sentences for s in group]
    owners = [i for i, group in enumerate(passage_sentences) for _ in group]
    needs_embedding = [t for t, _ in parsed if content_terms(t)]
    vectors: dict[str, np.ndarray] = {}
    if needs_embedding and flat:
        embedded = np.asarray(embedder.embed_documents(needs_embedding + flat))
        sv, pv = embedded[: len(needs_embedding)], embedded[len(needs_embedding) :]
        vectors = {t: v for t, v in zip(needs_embedding, sv, strict=True)}
    else:
        pv = np.zeros((0, 1))

    result = []
    for text, cited in parsed:
        if not content_terms(text):
            # "Good question!" or a lone marker: nothing factual to support.
            result.append(AnswerSentence(text=text, citations=cited, supported=True, support=1.0))
            continue
        valid = [n for n in cited if 1 <= n <= len(passages)]
        pool = [n - 1 for n in valid] or list(range(len(passages)))
        best_support, best_raw, best_passage, evidence = 0.0, 0.0, None, None
        for pi in pool:
            lexical = support_ratio(text, passages[pi].text)
            idx = [j for j, o in enumerate(owners) if o == pi]
            semantic, ev = 0.0, None
            if idx and text in vectors:
                sims = pv[idx] @ vectors[text]
                j = int(np.argmax(sims))
                semantic, ev = float(sims[j]), flat[idx[j]]
            score = max(lexical / LEXICAL_THRESHOLD, semantic / SEMANTIC_THRESHOLD)
            if score > best_support:
                best_support, best_raw, best_passage, evidence = score, max(lexical, semantic), pi, ev
        supported = best_support >= 1.0
        citations = valid or ([best_passage + 1] if supported and best_passage is not None else [])
        result.append(
            AnswerSentence(
                text=text,
                citations=citations,
                supported=supported,
                support=round(best_raw, 3),
                evidence=evidence if supported else None,
            )
        )
    return result
