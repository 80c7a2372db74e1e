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
from typing import NamedTuple

from tutor.answer.english_words import english_words
from tutor.answer.question_words import is_terse
from tutor.answer.vocabulary import CourseVocabulary

_SHORT = 3
"""A name this short ("Lex", "Ray") could be a word or an abbreviation: only as written."""


class _Matcher(NamedTuple):
    patterns: tuple[re.Pattern[str], ...]
    """Names found however written ("vertex ai", "rekognition"); names spelt like a word
    ("Comprehend", "Ray") only as listed, or in any case after Amazon or AWS ("amazon comprehend")."""
    by_spelling: dict[str, str]
    """The listed spelling of each name, by ``_spelling`` of it."""


def _spelling(name: str) -> str:
    """One form for the ways a name is written: any case, "&" or "and", a hyphen or a space
    ("Weights & Biases" is "weights and biases", "scikit-learn" is "scikit learn")."""
    return re.sub(r"[\s-]+", " ", name.lower().replace("&", "and"))


def _pattern(name: str) -> str:
    """``name`` as a pattern that finds each of its ``_spelling`` forms."""
    return re.escape(name).replace(r"\&", "(?:&|and)").replace(r"\-", "[- ]").replace(r"\ ", "[- ]")


def _wordlike(product: str) -> bool:
    plain = product.lower()
    return " " not in product and (plain in english_words() or len(plain) <= _SHORT)


def _alternation(
    names: list[str], flags: int = 0, vendor: str = "(?:(?i:amazon|aws) )?"
) -> list[re.Pattern[str]]:
    """One pattern for all of ``names``, longest first, so that "Kinesis Data Streams" is found
    rather than "Kinesis" inside it; none for no names."""
    if not names:
        return []
    alternatives = "|".join(_pattern(n) for n in sorted(names, key=len, reverse=True))
    return [re.compile(rf"(?<![\w-]){vendor}({alternatives})(?![\w-])", flags)]


@functools.lru_cache(maxsize=8)
def _matcher(products: tuple[str, ...], vocab: CourseVocabulary) -> _Matcher:
    """The listed products the course never mentions, as two patterns: built once per list and
    course, not per question (one search each instead of one per product)."""
    unmentioned = [p for p in products if not vocab.mentions_name(p)]
    wordlike = [p for p in unmentioned if _wordlike(p)]
    patterns = [
        *_alternation([p for p in unmentioned if not _wordlike(p)], re.I),
        *_alternation(wordlike),
        *_alternation(wordlike, re.I, vendor="(?:amazon|aws) "),
    ]
    return _Matcher(patterns=tuple(patterns), by_spelling={_spelling(p): p for p in unmentioned})


# "our fraud detector", "my training compiler": the learner's own thing, in plain words
_POSSESSIVE_RE = re.compile(r"\b(?:our|my|your|their|his|her)\s+$", re.I)


def _own_thing(written: str, before: str) -> bool:
    """A name of plain words, written in lower case after a possessive, is the learner's own
    thing ("Our fraud detector nailed 99% accuracy"), not the product ("Fraud Detector")."""
    words = written.split()
    return (
        len(words) > 1
        and written.islower()
        and all(w in english_words() for w in words)
        and _POSSESSIVE_RE.search(before) is not None
    )


def other_products_named(question: str, products: list[str], vocab: CourseVocabulary) -> list[str]:
    """The listed products the question names and the course never mentions, longest first, none
    inside another found ("Glue DataBrew", not also "DataBrew"). Whether the learner only likens a
    course thing to one is for the coverage decision (``analogies.as_a_frame``)."""
    matcher = _matcher(tuple(products), vocab)
    named = {
        matcher.by_spelling[_spelling(m.group(1))]
        for pattern in matcher.patterns
        for m in pattern.finditer(question)
        if not _own_thing(m.group(1), question[: m.start(1)])
    }
    if is_terse(question):  # "comprehend entity detection api": a query of a few words is about its head
        words = question.lower().split()
        heads = {_spelling(" ".join(words[:n])) for n in range(1, len(words) + 1)}
        named |= {matcher.by_spelling[h] for h in heads & matcher.by_spelling.keys()}
    found: list[str] = []
    # longest first; of equal length, in the question's order (a set has no order of its own)
    for product in sorted(named, key=lambda p: (-len(p), question.lower().find(p.lower()))):
        if not any(product.lower() in f.lower() for f in found):
            found.append(product)
    return found
