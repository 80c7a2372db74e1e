"""Does the course answer *this* question? Not merely: is some passage similar to it.

A similar passage is not enough: "What is SageMaker Neo?" is close in meaning to passages about
JumpStart, yet the course never mentions Neo. The decision checks, in order:

1. Named things. Product-like names in the question ("SageMaker Neo", "Amazon Kinesis",
   "Kubeflow", "LSTM") must occur in the course at all. A capitalised word after a vendor
   prefix (Amazon, AWS, SageMaker, ...) must occur in the course as a name, so "Amazon
   Forecast" is not covered although the course talks about a demand forecast
   (``tutor.answer.unknown_names``).
2. Focus words. Every topic word of the question must be a word of the course (allowing a
   typo); a question about "banana bread" or "python decorators" is not about this course.
3. Together. Two or more course names in one question ("Clarify with Snowflake") must occur
   together in one retrieved passage, or the course does not speak to their combination.
4. Meaning. The best retrieved passage must still be close enough (``min_relevance``).
5. Figures. A question for a price, a year, a version, a default or a limit needs a retrieved
   passage that gives one of that kind (``tutor.answer.details``).

Questions in another language are recognised so that the decline can say the course is in
English.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

from pydantic import BaseModel, Field

from tutor.answer.analogies import set_frames_aside, without_own_likening, without_relabel
from tutor.answer.asked_of_name import asked_of_the_name, supports_what_is_asked
from tutor.answer.details import missing_detail
from tutor.answer.named_in_course import course_names_in, names_in, rare_course_terms
from tutor.answer.other_products import other_products_named
from tutor.answer.per_library import per_library
from tutor.answer.question_words import (
    focus_terms,
    is_foreign,
    latin_apart,
    story_and_question,
    without_fluff,
    without_purpose,
)
from tutor.answer.service_choice import name_at, named_in_the_story, service_names
from tutor.answer.shapes import shape_of
from tutor.answer.sides import strange_sides
from tutor.answer.subjects import only_in_examples, rest_of_verb, unknown_subject, without_doer
from tutor.answer.unknown_names import EVERYDAY_ACRONYMS, code_names, tool_names, unknown_names
from tutor.answer.vocabulary import (
    FOREIGN_VENDORS,
    VENDORS,
    CourseVocabulary,
    vocabulary,
)
from tutor.models import Chunk, Passage
from tutor.text import STOPWORDS, content_terms

_STRANGER_SHARE = 0.67
"""Two thirds of the topic words unknown to the course: not a course question, however close."""
_RANKING_WORDS = frozenset(
    content_terms(
        "hard harder hardest tough tougher toughest easy easier easiest difficult challenging considered rated"
    )
)
"""How a learner ranks the course's own parts ("Which modules are considered the hardest?")."""
_LAST_WORD_SHARE = 0.3
"""The last topic word unknown and this share of them: the question's object is not a course topic."""
_CLOSE = 0.5
"""Half the topic words unknown: still a course question when a passage is this close."""
_VERY_CLOSE = 0.55
"""A passage this close in meaning answers the question, whatever share of its words the learner's."""


_SIDE_BY_SIDE_RE = re.compile(r"\b(vs\.?|versus|differ\w*|compar\w*|or|and|between|both|each)\b", re.I)


class Coverage(BaseModel):
    covered: bool
    reason: Literal["covered", "unknown_name", "unknown_words", "not_together", "no_match", "no_detail"] = (
        "covered"
    )
    names: list[str] = Field(default_factory=list, description="The named things the course never mentions.")
    foreign: bool = Field(default=False, description="The question is not in English.")
    names_used: list[str] = Field(default_factory=list, description="Course names the question uses.")
    detail: str = Field(default="", description="The kind of figure asked for that the course does not give.")


_WORD_RE = re.compile(r"[a-z][a-z0-9-]+")


@per_library
def _loose_forms(library: list[Chunk]) -> tuple[re.Pattern[str], frozenset[str]]:
    """(the course's services as one lower-case pattern, the pairs of words its headings write
    together), read once per library rather than once per question."""
    services = sorted((s.lower() for s in service_names(library)), key=len, reverse=True)
    pattern = re.compile(rf"\b(?:sagemaker|aws|amazon|{'|'.join(map(re.escape, services))})\b")
    pairs = {
        pair
        for label in {c.section_label.lower() for c in library}
        for pair in itertools.pairwise(_WORD_RE.findall(label))
    }
    return pattern, frozenset(f"{a} {b}" for a, b in pairs)


def names_course_loosely(text: str, vocab: CourseVocabulary, chunks: list[Chunk]) -> bool:
    """A course thing as a learner writes it in lower case: "how does automatic model tuning work
    here?" (two words together in a heading of the course), "does clarify do that?"
    (a service), "sagemaker"; not "What does the regulation actually require?"."""
    low = text.lower()
    services, heading_pairs = _loose_forms(chunks)
    if _names_a_course_thing(text, vocab) or services.search(low):
        return True
    words = [w for w in _WORD_RE.findall(low) if content_terms(w)]
    return any(f"{a} {b}" in heading_pairs for a, b in itertools.pairwise(words))


@per_library
def _loose_name_re(library: list[Chunk]) -> re.Pattern[str]:
    """The course's names of two capitalised words or more that it never writes in lower case
    ("Managed Spot Training", not "Machine Learning"), as a learner may type them: in any case."""
    texts = [f"{c.section_label}\n{c.text}" for c in library]
    names = {m for t in texts for m in re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b", t)}
    loose = sorted(
        (
            n
            for n in names
            if n.split()[0].lower() not in STOPWORDS and not any(n.lower() in t for t in texts)
        ),
        key=len,
        reverse=True,
    )
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, loose)) or '(?!)'})\b", re.I)


def _names_a_course_thing(question: str, vocab: CourseVocabulary) -> bool:
    """A course name (not an acronym every programmer writes) is in the message."""
    return any(n not in EVERYDAY_ACRONYMS for n in course_names_in(question, vocab))


def _in_the_story(name: str, question: str) -> bool:
    """ "... the app recomputes them in Java. Which SageMaker service helps?": a name the learner
    uses to tell their situation (service_choice.named_in_the_story), and not after a vendor, is
    not what is asked about."""
    return name.split()[0].lower() not in VENDORS | FOREIGN_VENDORS and named_in_the_story(question)(name)


def _asks_of_the_course(question: str, vocab: CourseVocabulary) -> bool:
    """The message names a course thing (not an acronym every programmer writes), or its last
    sentence names SageMaker or asks which service or tool to use."""
    _, asking = story_and_question(question)
    return (
        _names_a_course_thing(question, vocab)
        or re.search(
            r"\b(sagemaker|aws|amazon|services?|tools?|options?|features?|capability|use|fits?|suits?|helps?|called|named)\b",
            asking,
            re.I,
        )
        is not None
    )


def _vendor_product_asked(question: str, vocab: CourseVocabulary) -> str:
    """The unknown subject of the question a story ends on, when it is a product by a vendor's
    name ("Our startup maps cloud cover. How do I use SageMaker geospatial capabilities for
    that?"), a compound or what a procedure uses; '' otherwise."""
    story, asking = story_and_question(question)
    subject = unknown_subject(asking, vocab) if story else ""
    if not subject.split():
        return ""
    # ... or a compound, or what a procedure uses ("... it's slow. How do I use asyncio with
    # aiohttp?"); not the "pieces" of "What are the pieces you set up?"
    procedure = re.match(r"\s*how (do|can|should|would) (i|we)\b", asking, re.I) is not None
    if not (subject.split()[0].lower() in VENDORS or "-" in subject or procedure):
        return ""
    return "" if rest_of_verb(subject) else without_doer(subject)  # "How do I push back politely?"


def _together(names: list[str], passages: list[Passage]) -> bool:
    if len(names) < 2:
        return True
    return any(all(names_in(n, f"{p.section_label} {p.text}") for n in names) for p in passages)


_LAW_RE = re.compile(r"\b(?:Act|Regulation|Directive|Law)$")
"""The last word of a law's name ("EU AI Act", "California Consumer Privacy Act")."""
_REQUEST_RE = re.compile(r"\s*(?:explain|define|describe|tell me|walk me through|give me)\b", re.I)
_ABOUT_ME_RE = re.compile(r"\b(i|i'm|im|i've|ive|me|my)\b", re.I)


_TASK_SLACK = 0.03
"""A which-service question tells its task in the learner's words ("tidy up a messy table, fill in
the blank cells"), which meet the course's sentences less closely than a question in its terms."""


_COMMENT_WORDS = 4
"""A closing clause this short ("feels like marketing") can be the learner's comment on it."""


def _without_comment(question: str, vocab: CourseVocabulary) -> str:
    """ "what does 'fully managed' even mean for sagemaker, feels like marketing": a short last clause
    after a comma that uses no word of the course is a comment, when the rest asks with its words."""
    head, comma, tail = question.rstrip(" ?.!").rpartition(",")
    words = content_terms(tail)
    # ... nor one naming what the course lacks ("..., Kolmogorov-Smirnov or chi-square?")
    named = any(vocab.knows_term(t) for t in words) or unknown_names(tail, vocab)
    if not (comma and words) or len(tail.split()) > _COMMENT_WORDS or named:
        return question
    return head if any(vocab.knows_term(t) for t in content_terms(head)) else question


def _without_aside(question: str, vocab: CourseVocabulary) -> str:
    """ "... or just the newest? brain is fried": what follows the last question mark and uses no
    word of the course is the learner's aside, not part of what is asked."""
    head, mark, tail = question.rpartition("?")
    # "Explain to me what SHAP is. I need to know enough to tell a bluff.": a request, then why
    asked, told = story_and_question(question) if not mark and _REQUEST_RE.match(question) else ("", "")
    if asked and _ABOUT_ME_RE.match(told) and _about_the_learner(told, vocab):
        return asked
    if not (mark and head.strip() and tail.strip()):
        return _without_comment(question, vocab)
    if not any(vocab.knows_term(t) for t in content_terms(tail)):
        return head + mark
    # "what is deep learning exactly? the overview mentions it but i kinda skimmed"
    return head + mark if _about_the_learner(tail, vocab) else question


def _as_listed(name: str, listed: list[str]) -> str:
    """``name`` with a listed product inside it spelt as the course data lists it."""
    for product in listed:
        at = re.search(re.escape(product), name, re.I)
        if at:
            return name[: at.start()] + product + name[at.end() :]
    return name


def _about_the_learner(text: str, vocab: CourseVocabulary) -> bool:
    """The learner telling about themselves ("I", "my"), naming nothing of the course or outside it."""
    return (
        bool(_ABOUT_ME_RE.search(text))
        and not course_names_in(text, vocab)
        and not unknown_names(text, vocab)
    )


def decide(
    question: str,
    passages: list[Passage],
    chunks: list[Chunk],
    min_relevance: float,
    other_products: list[str] | None = None,
) -> Coverage:
    """Whether the course answers ``question``, given what was retrieved for it (``other_products``:
    products the course does not teach, from its data, see ``other_products``)."""
    vocab = vocabulary(chunks)
    question = without_fluff(question)  # "in plain words, what is AUC?" asks what AUC is
    question = without_own_likening(without_relabel(_without_aside(question, vocab)))
    foreign = is_foreign(question)
    question = latin_apart(question) if foreign else question
    missing = unknown_names(question, vocab) + tool_names(question, vocab) + code_names(question, vocab)
    listed: list[str] = []
    if foreign:  # in another language, only a product named after a vendor is worth naming
        missing = [n for n in missing if n.split()[0].lower() in VENDORS | FOREIGN_VENDORS]
    else:  # "rekognition custom labels setup": a product the course does not teach, in lower case
        named = other_products_named(question, other_products or [], vocab)
        missing = [_as_listed(m, named) for m in missing]  # "amazon macie" as listed: "amazon Macie"
        listed = [
            p for p in named if not any(p.lower() in m.lower() or m.lower() in p.lower() for m in missing)
        ]
        missing += listed
    # "Under the EU AI Act, which risk category ...?": a law the course never names is what is
    # asked (what it says is the answer), never the story or a frame around the course's thing
    laws = [n for n in missing if _LAW_RE.search(n)]
    # ... when the question itself asks about the course's things: "We fine-tune through OpenAI's
    # API. What JSONL format do the chat examples need?" asks about the story's product
    if missing and _asks_of_the_course(question, vocab):
        missing = [n for n in missing if not _in_the_story(n, question)]
    # ... and a tool the learner only compares the course's thing with or tells of (``analogies``)
    if missing:
        missing, question = set_frames_aside(
            question,
            missing,
            listed,
            lambda text: _names_a_course_thing(text, vocab),
            lambda text: names_course_loosely(text, vocab, chunks),
        )
    missing = [*laws, *(n for n in missing if n not in laws)]
    if missing:
        return Coverage(covered=False, reason="unknown_name", names=missing, foreign=foreign)
    subject = "" if foreign else unknown_subject(question, vocab) or _vendor_product_asked(question, vocab)
    if subject and len(subject.split()) <= 3:
        return Coverage(covered=False, reason="unknown_name", names=[subject], foreign=foreign)
    focus = focus_terms(question)
    shape = shape_of(question)
    best = max((p.similarity or 0.0 for p in passages), default=0.0)
    # "Which modules are considered the hardest?": how the learner ranks the course's own parts
    ranking = _RANKING_WORDS if shape == "course-overview" else frozenset()
    # ... and the learner's reason for asking is no part of what is asked (a task told that way
    # is, for a which-service question: "What should I use so I can compare runs?")
    judged = focus if shape == "service-for-task" else focus_terms(without_purpose(question)) or focus
    strangers = [t for t in judged if not vocab.knows_term(t) and t not in ranking]
    share = len(strangers) / len(judged) if judged else 0.0
    # A word the course never uses can be the learner's own ("denied", "coding", "VS code"):
    # the question is off the course only when such words carry it.
    # ...or when the question ends on it: "how do I write a Python decorator?" is about decorators
    used = course_names_in(question, vocab)
    words = content_terms(re.sub(r"\([^)]*\)", " ", question))  # "(sorry if spelling is off)" is an aside
    # ... unless it names a course thing: "is jumpstart free? can i leave it up forever" is chat
    # ... and a which-service question ends on its task told in the learner's words ("need our own
    # radiologists to annotate them. What should we use?"), which the share above judges
    ends_on_stranger = (
        shape != "service-for-task"
        and bool(words)
        and words[-1] in strangers
        and share >= _LAST_WORD_SHARE
        and not used
        and not any(name_at(n, question) is not None for n in service_names(chunks))  # "is jumpstart free?"
        # "is managed spot training a good idea if my boss needs it by tomorrow morning"
        and not _loose_name_re(chunks).search(question)
    )
    if (
        share >= _STRANGER_SHARE
        # ... but a which-service question tells its story in the learner's words ("radiologists",
        # "tumours"): the task names the service, so half of them unknown is no reason
        or (share >= 0.5 and best < _CLOSE and shape != "service-for-task")
        or ends_on_stranger
        or (foreign and not focus)
    ) and best < _VERY_CLOSE:
        soft = unknown_names(question, vocab, soft=True)
        if soft:
            return Coverage(covered=False, reason="unknown_name", names=soft, foreign=foreign)
        return Coverage(covered=False, reason="unknown_words", foreign=foreign)
    if strange_sides(question, vocab):  # "git rebase vs git merge": sides the course never speaks of
        return Coverage(covered=False, reason="unknown_words", foreign=foreign)
    # "Clarify with Snowflake" needs a passage about both; "Clarify vs Model Monitor" or
    # "Model Registry and Model Monitor" can be answered from each one's own sections.
    # ... but a name that only tells the learner's story ("a single static CSV file. Is it worth
    # setting up Feature Store?") need not meet the one asked about
    asked_names = [n for n in used if not _in_the_story(n, question)]
    if not _SIDE_BY_SIDE_RE.search(question) and not _together(asked_names, passages):
        return Coverage(covered=False, reason="not_together", foreign=foreign)
    # a name as the learner wrote it ("Canvas", "AUC"), not a word after "sagemaker" ("sagemaker help")
    firm = [n for n in used if any(w[0].isupper() for w in n.split())]
    # "Which module introduces the Studio IDE and getting a first model running?": the words
    # around the name say where it is taught, not what is asked of it
    if len(firm) == 1 and shape != "which-module" and not asked_of_the_name(firm[0], focus, vocab, question):
        return Coverage(covered=False, reason="not_together", foreign=foreign)
    if len(firm) == 1 and not supports_what_is_asked(question, firm[0], vocab):
        return Coverage(covered=False, reason="not_together", foreign=foreign)
    mentioned = "" if foreign else only_in_examples(question, chunks, vocab)
    if mentioned:
        return Coverage(covered=False, reason="unknown_name", names=[mentioned], foreign=foreign)
    shares = not focus or any(
        set(focus) & set(content_terms(f"{p.section_label} {p.text}")) for p in passages
    )
    # a course name of two or more words, or one written in capitals ("RAG", "SHAP"), found in a
    # passage: the course speaks of it by name, however weak the match in meaning
    by_name = any(
        (len(n.split()) >= 2 or (n.isupper() and len(n) >= 3 and n not in EVERYDAY_ACRONYMS))
        and any(names_in(n, p.text) for p in passages)
        for n in used
    ) or any(names_in(t, p.text) for t in rare_course_terms(question, chunks) for p in passages)
    floor = min_relevance - _TASK_SLACK if shape == "service-for-task" else min_relevance
    if (
        not passages
        or (best < floor and not by_name)
        or not (shares or best >= min_relevance + 0.15 or by_name)
    ):
        return Coverage(covered=False, reason="no_match", foreign=foreign)
    detail = missing_detail(question, passages)
    if detail:
        return Coverage(covered=False, reason="no_detail", detail=detail, foreign=foreign)
    return Coverage(covered=True, foreign=foreign, names_used=used)
