"""Products the course does not teach, named in a decline however the learner writes them.

The name check in ``coverage`` reads capitals: "Amazon Rekognition" is a name, "rekognition custom
labels setup" is a run of lower-case words, and a terse query or a chat message rarely
capitalises. The course's own data lists the products a learner of it may ask about that it does
not teach (``other_products`` in corpus/course.yaml); a listed name the course text does mention
is skipped, so the list may be generous.
"""

from __future__ import annotations

import functools
import re

from tutor.answer.english_words import english_words
from tutor.answer.question_words import is_terse
from tutor.answer.vocabulary import CourseVocabulary

_SHORT = 3
"""A name this short ("Lex", "Ray") could be a word or an abbreviation: only as written."""


def _pattern(product: str) -> re.Pattern[str]:
    """How the question must write the product: in any case, or, for a name spelt like a word
    ("Comprehend", "Ray", "Feast"), as the list writes it or after Amazon or AWS."""
    plain = product.lower()
    escaped = re.escape(product)
    wordlike = " " not in product and (plain in english_words() or len(plain) <= _SHORT)
    if wordlike:
        return re.compile(rf"(?<![\w-])(?:{escaped}|(?i:(?:amazon|aws) {escaped}))(?![\w-])")
    return re.compile(rf"(?<![\w-]){escaped}(?![\w-])", re.I)


@functools.lru_cache(maxsize=8)
def _matchers(products: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each listed product with its pattern, longest first: built once per list, not per question."""
    return tuple((p, _pattern(p)) for p in sorted(products, key=len, reverse=True))


def other_products_named(question: str, products: list[str], vocab: CourseVocabulary) -> list[str]:
    """The listed products the question names and the course never mentions, longest first, none
    inside another found ("Glue DataBrew", not also "DataBrew"). Whether the learner only likens a
    course thing to one is for the coverage decision (``analogies.as_a_frame``)."""
    found: list[str] = []
    for product, pattern in _matchers(tuple(products)):
        if any(product.lower() in f.lower() for f in found) or vocab.mentions_name(product):
            continue
        if pattern.search(question) or _heads_a_query(product, question):
            found.append(product)
    return found


def _heads_a_query(product: str, question: str) -> bool:
    """ "comprehend entity detection api": a query of a few words is about its first word."""
    words = question.lower().split()
    return is_terse(question) and " ".join(words[: len(product.split())]) == product.lower()
