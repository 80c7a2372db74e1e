"""The question a long message asks: "Risk management handed me a blank template and asked me to
fill in a model card for the claims triage model. What sections does a SageMaker model card
contain?" asks the last sentence. The story before it is the learner's situation; its words
("template", "claims", "triage") pull retrieval toward passages about regulated models and away
from the list of a model card's sections, so a last sentence that says everything it asks is
answered on its own.
"""

from __future__ import annotations

import re

from tutor.answer.named_in_course import course_names_in
from tutor.answer.question_words import focus_terms, story_and_question
from tutor.answer.service_choice import ASKING_TERMS
from tutor.answer.shapes import WHAT_ARE_THEY_RE, as_what_is, shape_of
from tutor.answer.unknown_names import tool_names, unknown_names
from tutor.answer.vocabulary import CourseVocabulary
from tutor.text import content_terms, split_sentences

# "... in the meeting, but honestly, what is a feature group?": the lead-in before the asking word
_ASKING_WORD = r"(?:what|which|how|when|why|where|who|is|are|does|do|can|could|should|would)\b"
_LEAD_IN_RE = re.compile(
    r"^[^?]*?[,:]\s*(?:(?:but|so|and|or)\s+)?(?:(?:honestly|basically|seriously|really|then|now|ok|okay)\s*,?\s*)?"
    rf"(?={_ASKING_WORD})",
    re.I,
)
# Words that point back into the story: "Which service can notice this for me?", "How do I use
# geospatial capabilities for that?" need the story to be understood
_POINTS_BACK_RE = re.compile(
    r"\b(this|that|these|those|them|they|such|above|there|here|same|both|either|former|latter)\b", re.I
)
# "so that", and "this course": not pointing back ("For the roadmap: what phases of the ML
# lifecycle does this course use?" says all it asks)
_NOT_POINTING_BACK_RE = re.compile(r"\bso that\b|\b(this|that) (course|curriculum|module)\b", re.I)
# "What's the difference between the two?", "How do they differ?": the two things the story named
_THE_TWO_RE = re.compile(r"\b(the two( of them)?|both( of them)?|they|them)\b", re.I)
_PLURAL_NAMED_RE = re.compile(
    r"\bthe ((?:[\w-]+ ){0,2}[a-z][\w-]*[a-rt-z]s(?: of (?:the |an? )?(?:(?!(?:as|that|which|for|in|to|and|with|so|from|on|at|we|i)\b)[\w-]+(?: |\b)){1,3})?)"
)
_WHAT_IS_IT_RE = re.compile(
    r"^\s*(?:so|ok|okay|but|and)?,?\s*what(?:'s| is| exactly is) (?:it|that|this)\b(?! \w+ing\b)", re.I
)
_IT_RE = re.compile(r"\b(it|its|it's|one|ones)\b", re.I)
# Which service, when to use, comparisons: the story is the task, the situation or what is
# weighed ("We score once a night. Which deployment option?"), so only these shapes stand alone
_ASKED_ALONE = frozenset({"definition", "list", "how-it-works"})
# "what's a facet?", "How would you define recall?", "what does recall mean?"
_ONE_TERM_DEFINED_RE = re.compile(
    r"^\s*(?:what(?:'s| is| exactly is) an?|how (?:would|do|should|could) (?:you|i|we|one) define|"
    r"what does) [\w-]+(?: mean)?\s*\?\s*$",
    re.I,
)
_OWN_TERMS = 2
"""Course words the last sentence needs of its own to be asked without the story."""


def _points_back(sentence: str) -> bool:
    return _POINTS_BACK_RE.search(_NOT_POINTING_BACK_RE.sub(" ", sentence)) is not None


def _without_lead_in(sentence: str) -> str:
    """ "I nodded along, but honestly, what is a feature group?" -> "What is a feature group?";
    not a condition on the thing asked about ("When a declined customer asks why, how does Clarify
    work out which factors drove the decision?"), which is part of the question."""
    lead_in = _LEAD_IN_RE.match(sentence)
    if lead_in and _CONDITION_RE.match(lead_in.group()) and not _ABOUT_ME_RE.search(lead_in.group()):
        return sentence
    asked = as_what_is(_LEAD_IN_RE.sub("", sentence).strip())
    return asked[:1].upper() + asked[1:]


_ASKS_RE = re.compile(rf"^\s*{_ASKING_WORD}", re.I)
_CONDITION_RE = re.compile(r"^\s*(when|whenever|if|once|after|while)\b", re.I)
_ABOUT_ME_RE = re.compile(r"\b(i|i'm|me|my|we|our|us)\b", re.I)


def _course_terms(text: str, vocab: CourseVocabulary) -> list[str]:
    return [t for t in focus_terms(text) if vocab.knows_term(t) and t not in ASKING_TERMS]


def _says_all_it_asks(sentence: str, vocab: CourseVocabulary) -> bool:
    """No word points back to the story, "it" only after the sentence's own subject ("what is a
    feature group and what does it consist of"), and at least two course words of its own."""
    if _points_back(sentence):
        return False
    known = _course_terms(sentence, vocab)
    # ... or a course name ("what exactly is SageMaker JumpStart?"), or the one term a definition
    # asks of ("the word 'facet' keeps coming up. what's a facet?")
    defined = len(known) == 1 and _ONE_TERM_DEFINED_RE.match(sentence) is not None
    if len(known) < _OWN_TERMS and not course_names_in(sentence, vocab) and not defined:
        return False
    it = _IT_RE.search(sentence)
    if it is None:
        return True
    before = content_terms(sentence[: it.start()])
    return any(vocab.knows_term(t) for t in focus_terms(" ".join(before)))


def _two_sides_compared(story: str, last: str, question: str, vocab: CourseVocabulary) -> str:
    """ "One colleague says use JumpStart, another says Amazon Bedrock. What's the difference
    between the two?": the comparison of the two course things the story named, when the story
    would have the message read otherwise ("says use JumpStart": which service); '' if not."""
    sides = list(dict.fromkeys(course_names_in(story, vocab)))
    two = _THE_TWO_RE.search(last) if len(sides) == 2 else None
    if not two or shape_of(last) != "comparison" or shape_of(question) == "comparison":
        return ""
    return _without_lead_in(last[: two.start()] + " and ".join(sides) + last[two.end() :])


def _things_named(story: str, vocab: CourseVocabulary) -> str:
    """ "... a slide with the phases of the ML lifecycle. What are they?": what are the things the
    story named last, when the course's words say them; '' if not (the caller has read "What are
    they?")."""
    named = _PLURAL_NAMED_RE.findall(story)
    asked = f"What are the {named[-1].strip()}?" if named else ""
    return asked if asked and _says_all_it_asks(asked, vocab) else ""


def _named_as_modifier(name: str, story: str, vocab: CourseVocabulary) -> bool:
    """ "a Feature Store feature group": the name says what kind of thing the next course word is,
    and "What is it?" asks of that thing."""
    at = re.search(rf"\b{re.escape(name)}\b\W*(?P<next>[\w-]+)", story, re.I)
    return at is not None and vocab.knows_term(at.group("next").lower())


def _story_and_asking(question: str) -> tuple[str, str]:
    """(the rest, the sentence that asks): the last sentence, or the only one that asks when
    asides follow it ("what exactly is SageMaker JumpStart? It's on every slide they send me.")."""
    sentences = split_sentences(question.strip())
    asking = [i for i, s in enumerate(sentences) if s.rstrip().endswith("?")]
    if len(asking) == 1 and asking[0] < len(sentences) - 1:
        at = asking[0]
        return " ".join(sentences[:at] + sentences[at + 1 :]), sentences[at]
    return story_and_question(question)


def _one_sentence_asked(question: str, vocab: CourseVocabulary) -> str:
    """What a one-sentence message asks: "RAG definition?? short" and "can you tell me what a
    feature group is?" ask "What is X?"; "Before I sign off, can you tell me in plain English what
    SageMaker Feature Store actually is?" asks it without its lead-in, as a story's last sentence
    would; the message as it is otherwise."""
    rewritten = as_what_is(question.strip())
    if rewritten != question.strip() and _says_all_it_asks(rewritten, vocab):
        return rewritten
    lead_in = _LEAD_IN_RE.match(question.strip())
    # only an aside: "Online store versus offline store in Feature Store: what does each hold?" and
    # "How does gradient descent work, and what does the learning rate control?" ask in the lead-in
    if lead_in is None or _ASKS_RE.match(lead_in.group()) or course_names_in(lead_in.group(), vocab):
        return question
    aside = _ABOUT_ME_RE.search(lead_in.group()) and not _CONDITION_RE.match(lead_in.group())
    if _course_terms(lead_in.group(), vocab) and not aside:
        # "quick one: precision 0.8, recall 0.5, what's my F1?", "If the spare capacity my training
        # runs on is taken back, how ...": the lead-in is part of the question; "Before I sign off" not
        return question
    asked = _without_lead_in(question.strip())
    if shape_of(asked) not in _ASKED_ALONE:
        return question
    return asked if _says_all_it_asks(asked, vocab) else question


def asked_sentence(question: str, vocab: CourseVocabulary) -> str:
    """The last sentence of a message that tells a story first, when that sentence asks a question
    that needs nothing of the story (a one-sentence message: ``_one_sentence_asked``); the message
    as it is otherwise. A story that names a product
    the course does not ("We use Azure ML. How do I register a model?") is kept: it says the
    question is about something else, unless two course things it names are compared."""
    story, last = _story_and_asking(question)
    if not story:
        return _one_sentence_asked(question, vocab)
    if not last.rstrip().endswith("?"):
        return question
    if "?" in story:
        return question  # "How do I set up Model Monitor? What happens, step by step?": asked twice
    compared = _two_sides_compared(story, last, question, vocab)
    if compared:
        return compared
    if unknown_names(story, vocab) or tool_names(story, vocab):
        # ... unless the story only tells what the learner used before and the question names the
        # course's thing ("I've written model cards on Hugging Face. When should I create a
        # SageMaker Model Card?"): then it asks about that thing, whatever its shape
        framed = not course_names_in(story, vocab) and course_names_in(last, vocab)
        asked = _without_lead_in(last)
        if (
            framed
            and not _points_back(last)
            and not unknown_names(last, vocab)
            and _says_all_it_asks(asked, vocab)
        ):
            return asked
        return question
    if WHAT_ARE_THEY_RE.match(last):
        return _things_named(story, vocab) or question
    named = list(dict.fromkeys(course_names_in(story, vocab)))
    if _WHAT_IS_IT_RE.match(last) and len(named) == 1 and not _named_as_modifier(named[0], story, vocab):
        return f"What is {named[0]}?"  # "My ML hire keeps saying RLHF. What is it, minus the buzz?"
    if _points_back(last):
        return question  # "When AWS takes them back, how does the job avoid ...": the lead-in points back
    asked = _without_lead_in(last)
    if shape_of(asked) not in _ASKED_ALONE or not _says_all_it_asks(asked, vocab):
        return question
    return asked
