"""Is the thing a question asks about a topic of the course? The subject of "what is X" / "how
does X ...", what "how do I set up X" sets up, a compound the course never writes, and a subject
the course names only inside its worked examples.

``tutor.answer.coverage`` asks these before it looks at what was retrieved: a question whose very
subject the course never teaches is declined by name ("dbt is not covered in this course").
"""

from __future__ import annotations

import re

from tutor.answer.analogies import asks_for_course_counterpart
from tutor.answer.english_words import english_words
from tutor.answer.question_words import focus_terms, is_terse, subject_of
from tutor.answer.shapes import is_example
from tutor.answer.vocabulary import DETERMINERS, KIND_WORDS, VENDORS, CourseVocabulary, name_runs
from tutor.models import Chunk
from tutor.text import normalize


def only_in_examples(question: str, chunks: list[Chunk], vocab: CourseVocabulary) -> str:
    """The subject of "what is X" / "how does X work" when the course uses it only inside worked
    examples ("a gradient boosting model" in a notebook scenario): mentioned, not taught; ''
    otherwise, and for course names (capitalised), which a scenario may well introduce."""
    texts = [text for text, _ in vocab.passages]  # one per chunk, in the library's order
    written = subject_of(question)
    if normalize(written) not in vocab.text:  # "gradient boosting build trees"
        # the longest run of the first words after "how does" that the course writes as a phrase
        words = _words_after_how(question, 3)
        written = next(
            (
                " ".join(words[:n])
                for n in range(len(words), 1, -1)
                if normalize(" ".join(words[:n])) in vocab.text
            ),
            "",
        )
    subject = normalize(re.sub(r"^(the|an?)\s+", "", written, flags=re.I))
    if not subject or subject in VENDORS or any(w[0].isupper() for w in written.split()):
        return ""
    inside = [c for c, t in zip(chunks, texts, strict=True) if subject in t]
    return subject if inside and all(is_example(c) for c in inside) else ""


_HOW_DOES_RE = re.compile(
    r"^\s*how (?:does|do|did|can|could|is|are) (?:an? |the )?(?P<rest>[a-z][\w -]*)", re.I
)
_PRONOUNS = frozenset({"i", "we", "you", "my", "our", "your", "they", "it", "this", "that", "one"})


def _words_after_how(question: str, n: int) -> list[str]:
    """The first ``n`` words after "how does" ("gradient descent" of "How does gradient descent
    update ..."); [] for other questions and for "how do I ..."."""
    m = _HOW_DOES_RE.match(question)
    words = m.group("rest").split()[:n] if m else []
    # ... not a doing ("How does flipping a version's status ... kick off ...?" names nothing)
    return [] if not words or words[0].lower() in _PRONOUNS or words[0].lower().endswith("ing") else words


def unknown_subject(question: str, vocab: CourseVocabulary) -> str:
    """The subject of "what is X" / "how does X work" (or its first two words after "how does")
    when a topic word of it is not a course word ("dbt" in "What is dbt in data engineering?");
    '' otherwise, and for the rest of a verb ("How do I push back politely?": "back politely")."""
    subject = _unknown_subject(question, vocab)
    return "" if rest_of_verb(subject) else subject


def without_doer(subject: str) -> str:
    """ "asyncio" of "I use asyncio": what a procedure's subject does it to."""
    return re.sub(r"^(i|we|you) \w+ (?=\S)", "", subject, flags=re.I)


def rest_of_verb(words: str) -> bool:
    """ "back politely" of "(I push) back politely": particles and adverbs, no thing asked about."""
    return all(w.lower() in _PARTICLES or w.lower().endswith("ly") for w in without_doer(words).split())


_PARTICLES = frozenset(["back", "up", "out", "off", "down", "away", "over", "around", "through", "along"])
"""What finishes a verb of several words ("push back", "follow up"): no thing asked about."""


def _unknown_subject(question: str, vocab: CourseVocabulary) -> str:
    subject = re.sub(r"^(the|an?)\s+", "", subject_of(question), flags=re.I)
    # "What's the SageMaker equivalent of Airflow DAGs?": the course's own thing is asked for
    if asks_for_course_counterpart(question) or _said_of_a_course_name(question, vocab):
        return ""
    # "What's the SageMaker piece that keeps the versions?": the kind of thing asked for, no name
    if subject.split() and subject.split()[0].lower() in KIND_WORDS:
        return ""
    subject = subject or " ".join(_words_after_how(question, 2))  # "How does gradient descent update ...?"
    # "self-attention", "time-to-live": a compound the course never writes, though it knows its
    # parts; named rather than a long subject around it ("I set up k-fold cross-validation")
    verb, thing = _procedure(question)
    head = " ".join(subject.split()[:3])  # "retrieval-augmented generation give ... up-to-date ..."
    if is_terse(question):  # "docker multi-stage build example": all of it is asked
        head = question
    compound = next(
        (w for w in _COMPOUND_RE.findall(f"{head} {thing}") if not _writes(w, vocab)),
        "",
    )
    stranger = any(not vocab.knows_term(t) for t in focus_terms(subject))
    words = subject.split()
    # "How does a Training Job spread work across GPUs?": a course name and what it does
    named_verb = (
        len(words) >= 2
        and any(w[0].isupper() for w in words[:-1])
        and vocab.mentions_name(" ".join(words[:-1]))
    )
    # "How does flipping a version to Approved ... trigger a deploy?": a doing, done to the
    # course's things, is the learner's verb and names nothing ("vanishing gradient" has no object)
    doing = (
        len(words) >= 3
        and words[0].lower().endswith("ing")
        and words[1].lower() in DETERMINERS
        and all(vocab.knows_term(t) for t in focus_terms(" ".join(words[1:])))
    )
    if named_verb or doing:
        return compound
    if stranger and len(words) <= 3:  # "bias-variance tradeoff": the whole of it
        return subject
    if compound:
        return compound
    # "how do I set up kubeflow on ...", "how do I write a Python decorator ...": what the procedure
    # is for, or makes; "How does DVC version large datasets ...?": the word a long subject opens with
    if verb.lower().replace(" ", "") in _SETS_UP_OR_MAKES and any(
        not vocab.knows_term(t) for t in focus_terms(thing)
    ):
        return thing
    opening = words[0] if words else ""
    first = focus_terms(opening)
    # "How does letting a chatbot look things up ... work?": a doing, not a name
    if opening.lower().endswith("ing"):
        first = []
    if stranger and first and not vocab.knows_term(first[0]):  # not "you" nor "course"
        return opening
    return subject if stranger else ""


# "What's the mechanism by which Feature Store keeps ...?", "How does the information held in
# Model Registry differ ...?": a plain noun that a clause ties to a course name asks of that name
_HEAD_OF_CLAUSE_RE = re.compile(
    r"^\s*(?:what(?:'s| is| are| was)|how (?:does|do|is|are|did)) (?:the |an? )?[a-z]+(?: [a-z]+)? "
    r"(?:(?:by|through|in|with) which|(?:held|recorded|stored|kept|tracked|captured|listed|saved) (?:in|by))"
    r" (?P<rest>.*)",
    re.I,
)


def _said_of_a_course_name(question: str, vocab: CourseVocabulary) -> bool:
    m = _HEAD_OF_CLAUSE_RE.match(question)
    return bool(m) and any(vocab.mentions_name(run) for run, _ in name_runs(m.group("rest")))


ADJECTIVE_ENDS = frozenset(
    [
        "level",
        "based",
        "like",
        "style",
        "related",
        "specific",
        "driven",
        "wise",
        "friendly",
        "ready",
        "free",
        "heavy",
        "only",
        "aware",
        "oriented",
        "sized",
        "speak",
        "ish",
        "grade",
    ]
)
"""Words that make a compound an adjective ("beginner-level", "PM-level", "exec-speak")."""
_COMPOUND_RE = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")
# what a procedure sets up is a tool ("how do I set up kubeflow"); what it reduces is not
_SETS_UP_OR_MAKES = frozenset(
    # ... and what it makes: "how do I write a Python decorator that caches ...?"
    {"setup", "install", "configure", "use", "run", "deploy", "integrate", "connect"}
    | {"write", "implement", "compute", "calculate", "code", "build"}
)
_PROCEDURE_RE = re.compile(
    r"^\s*how (?:do|can|would|should) (?:i|we|you) (?P<verb>\w+(?: up)?) (?:(?:a|an|the|my|our) )?"
    r"(?P<object>[\w-]+(?: [\w-]+){0,2}?)(?=\s+(?:on|in|for|to|with|so|from|of|at|across|between|that|which|using|\()|\s*[?.]?$)",
    re.I,
)


def _procedure(question: str) -> tuple[str, str]:
    """(what is done, to what) of "how do I set a time-to-live on records?": ("set",
    "time-to-live"); ('', '') for other questions."""
    m = _PROCEDURE_RE.match(question)
    return (m.group("verb"), m.group("object")) if m else ("", "")


def made_adjective(word: str, vocab: CourseVocabulary) -> bool:
    """ "beginner-level", "GPU-based", "Spot-backed": a course word made an adjective, by a word
    that makes adjectives or a common English word joined to a word of a course name; no term of
    its own, nor a product's name."""
    parts = word.lower().split("-")
    if len(parts) < 2:
        return False
    if parts[-1] in ADJECTIVE_ENDS and vocab.mentions(parts[0]):
        return True
    return any(vocab.names_word(p) for p in parts) and all(
        vocab.names_word(p) or p in english_words() for p in parts
    )


def _writes(compound: str, vocab: CourseVocabulary) -> bool:
    """The course writes the compound hyphenated, spaced or joined ("real-time", "real time")."""
    low = normalize(compound)
    if made_adjective(low, vocab):
        return True
    # whole words: "p value" is no compound of "shap values"
    forms = "|".join(re.escape(form) for form in (low, low.replace("-", " "), low.replace("-", "")))
    if re.search(rf"(?<![a-z0-9])(?:{forms})", vocab.text):
        return True
    # "auto-labelling" for "automated data labelling": "auto" is the course's "automated"
    if low.startswith("auto-") and re.search(
        rf"\bautomat\w*\s+(?:\w+\s+)?{re.escape(low.removeprefix('auto-'))}", vocab.text
    ):
        return True
    # "area-under-the-curve" for "area under the ROC curve": its words in order, one word between
    parts = [re.escape(p) for p in low.split("-") if p]
    return len(parts) >= 3 and re.search(r"[\s-]+(?:\w+\s+)?".join(parts), vocab.text) is not None
