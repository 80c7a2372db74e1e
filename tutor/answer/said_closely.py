"""A question the course says almost in its own words is covered, however it is put.

The coverage decision declines a question whose words the course mostly never uses: "My fraud
model hit 99% accuracy on the first try! Only about 1 in 100 of our transactions are fraud
anyway. That's great news, isn't it?" carries the learner's tone ("hit", "try", "great news"),
yet the course says it nearly sentence for sentence: "If only 1 percent of transactions are
fraud, a model that predicts 'not fraud' every time scores 99 percent accuracy ...". A sentence
of a retrieved passage that close in meaning outweighs the share of unknown words.
"""

from __future__ import annotations

from tutor.index.sentence_vectors import SentenceVectors, quotable_sentences
from tutor.index.store import unit_rows
from tutor.models import Passage


def said_closely(
    question_vector: list[float], passages: list[Passage], known: SentenceVectors, floor: float
) -> bool:
    """A quotable sentence of ``passages`` whose saved vector is at least ``floor`` similar
    (cosine) to the question's; False without saved vectors of the same size."""
    if not known.fits(question_vector):
        return False
    qv = unit_rows([question_vector])[0]
    for p in passages:
        for _, sentence in quotable_sentences(p.text):
            v = known.get(sentence)
            if v is not None and float(v @ qv) >= floor:
                return True
    return False
