"""Products the course does not teach, named in a decline however the learner writes them.

The name check in ``coverage`` reads capitals: "Amazon Rekognition" is a name, "rekognition custom
labels setup" is a run of lower-case words, and a terse query or a chat message rarely
capitalises. The course's own data lists the products a learner of it may ask about that it does
not teach (``other_products`` in corpus/course.yaml); a listed name the course text does mention
is skipped, so the list may be generous.
"""

from __future__ import annotations

import re

from tutor.answer.analogies import analogy_for, compares, frame_of_reference
from tutor.answer.english_words import english_words
from tutor.answer.vocabulary import CourseVocabulary

_SHORT = 3
"""A name this short ("Lex", "Ray") could be a word or an abbreviation: only as written."""


def _pattern(product: str, vocab: CourseVocabulary) -> re.Pattern[str]:
    """How the question must write the product: in any case, or, for a name spelt like a word
    ("Comprehend", "Ray", "Feast"), as the list writes it or after Amazon or AWS."""
    plain = product.lower()
    escaped = re.escape(product)
    wordlike = " " not in product and (plain in english_words() or len(plain) <= _SHORT)
    if wordlike:
        return re.compile(rf"(?<![\w-])(?:{escaped}|(?i:(?:amazon|aws) {escaped}))(?![\w-])")
    return re.compile(rf"(?<![\w-]){escaped}(?![\w-])", re.I)


def other_products_named(question: str, products: list[str], vocab: CourseVocabulary) -> list[str]:
    """The listed products the question names and the course never mentions, longest first, none
    inside another found ("Glue DataBrew", not also "DataBrew")."""
    found: list[str] = []
    for product in sorted(products, key=len, reverse=True):
        if vocab.mentions_name(product) or any(product.lower() in f.lower() for f in found):
            continue
        named = _pattern(product, vocab).search(question) or _heads_a_query(product, question)
        if named and not _as_a_frame(product, question):
            found.append(product)
    return found


_TERSE_WORDS = 6


def _heads_a_query(product: str, question: str) -> bool:
    """ "comprehend entity detection api": a query of a few words is about its first word."""
    words = question.lower().split()
    return len(words) <= _TERSE_WORDS and " ".join(words[: len(product.split())]) == product.lower()


def _as_a_frame(product: str, question: str) -> bool:
    """ "i used optuna before, how does automatic model tuning work here?": the product the learner
    comes from or likens a course thing to, written in lower case, where the course thing is
    lower case too (so not found by name); the other checks still judge the question."""
    by_analogy = compares(question) and analogy_for(product, question)
    return by_analogy or frame_of_reference(product, question, lambda text: True)
