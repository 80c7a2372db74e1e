"""Question shapes, answered the way a teacher would, first sentence first.

- which-module ("Which module teaches Model Registry?"): the course's own structure answers,
  the sentence that says "Module 4 covers ... Model Registry ...".
- which-service-for-a-task ("Which tool explains why the loan was denied?"): recognised here,
  answered by ``service_choice``.
- prerequisites ("What should I know before starting?"): retrieval is pointed at the course's
  prerequisites.
- definition, how-it-works, when-to-use: the sentences after the first stay in the first one's
  topic (its section of the course), so an answer on automatic model tuning does not drift into
  fine-tuning foundation models.
Worked and real-world examples are left out unless the question asks for an example.
"""

from __future__ import annotations

import re
from typing import Literal

from tutor.answer.question_words import (
    HOW_DEFINE,
    HOW_X_WORKS,
    asks_whether_needed,
    focus_terms,
    quoted_terms,
    subject_of,
    without_module_place,
)
from tutor.answer.vocabulary import chunks_saying, vocabulary
from tutor.index.sentence_vectors import quotable_sentences
from tutor.models import Chunk, Passage
from tutor.text import content_terms, normalize

Shape = Literal[
    "course-overview",
    "which-module",
    "service-for-task",
    "prerequisites",
    "comparison",
    "list",
    "how-it-works",
    "when-to-use",
    "definition",
    "other",
]

# "Which modules are the hardest?", "What difficulty level is the module that introduces Studio?"
DIFFICULTY_ASKED_RE = re.compile(
    r"\b(modules?|parts)\b.*\b(hardest|toughest|easiest|difficult|challenging|advanced|beginner|intermediate|level)\b|"
    r"\b(hardest|toughest|easiest|most (difficult|advanced|challenging))( \w+)? (modules?|parts?)\b|"
    r"\bdifficulty\b.*\bmodules?\b|\bmodules?\b.*\bdifficulty\b|"
    # "Is Module 3 hard?", "How hard is Module 5?"
    r"\bmodules? \d\b.*\b(hard|easy|tough)\b|\b(hard|easy|tough) is modules? \d\b",
    re.I,
)
_COURSE_ABOUT_RE = re.compile(
    r"\bwhat(?:'s| is) (this|the) (course|curriculum) (about|for)\b|"
    r"\bwhat (does|will) (this|the) (course|curriculum) (cover|teach)\b|\bwhat will i learn\b|"
    r"\b(overview|summary) of (this|the) (course|curriculum)\b|"
    r"\bhow (is|are) (the|this) (course|curriculum|modules?) (organi[sz]ed|structured|laid out|arranged|ordered)\b|"
    r"\b(in what|which) order\b.*\bmodules?\b|\bmodules?\b.*\b(order|ordered|arranged|sequenced)\b|"
    r"\bhow (hard|difficult|advanced)\b.*\b(course|modules?)\b|"
    r"\b(advanced|beginner) modules?\b|" + DIFFICULTY_ASKED_RE.pattern,
    re.I,
)
# "Why are the modules ordered this way?": the course's section on how its modules follow each other
ORDER_ASKED_RE = re.compile(r"\b(order|ordered|arranged|sequence|sequenced|logic|build on)\b", re.I)
# what a numbered module is about: "What SageMaker services does Module 4 focus on?"
MODULE_CONTENT_RE = re.compile(
    r"\bmodule \d\b.*\b(about|cover\w*|teach\w*|focus\w*|include\w*|contain\w*|go(es)? over|deal\w* with)\b|"
    r"\b(covered|taught|included|introduced)\b.*\bmodule \d\b",
    re.I,
)
_MODULE_RE = re.compile(
    r"\b(which|what) (course |of the course's |of the )?(modules?|chapters?|part of the course)\b|\bin which module\b|\bwhere in the course\b|"
    # "need a refresher on precision / recall / F1, where does the course go through those?"
    r"\bwhere (does|do) (the|this) course (go through|cover|teach|explain|discuss|talk about|deal with)\b|"
    r"\bwhat (does|is) module \d\b|\bmodule \d (about|cover|teach)|\bhow many modules\b|"
    + MODULE_CONTENT_RE.pattern,
    re.I,
)
_SERVICE_RE = re.compile(
    # ... not "what SageMaker Feature Store is", a product named
    r"\b(which|what)( sagemaker| aws| amazon)? (service|tool|feature|capability|product)s?\b(?! (store|group)s?\b)|"
    r"\b(which|what'?s the) (sagemaker |aws )?(thing|thingy)\b|"
    # "What's the SageMaker piece that keeps the versions?": a product of the vendor's, unnamed
    r"\bwhat(?:'s| is) the (sagemaker|aws|amazon) (service|tool|feature|capability|product|piece|bit|part|component)\b(?! (store|group)s?\b)|"
    # "... and see which settings won. What's the tool for that?"
    r"\bwhat(?:'s| is) the (right |best )?(sagemaker |aws )?(service|tool|feature|capability) for (that|this|it)\b|"
    r"\bwhat (should|do|can|could|would) (i|we|they|you|he|she) (use|set up|setup|turn on|enable|switch on)\b|\bwhere (?:(can|do|should|would) (i|we)|(i|we) (can|could|should)) (find|get|compare|track|see|view|store|keep|record|log|save)\b|"
    r"^(i|we)( really)? (want|need|would like|'d like|have to)\b|"
    # "Is there a better SageMaker option?", "What can SageMaker give me for that?"
    r"\bis there an? (better|cheaper|simpler|different)( sagemaker| aws)? (option|service|tool|way)\b|"
    r"\bwhat can (sagemaker|aws) (give|offer|provide)\b|"
    # "is there something in sagemaker that just trains a bunch of candidate models?"
    r"\bis there (something|anything|a (tool|service|feature|thing))( in (sagemaker|aws|amazon))? (that|which)\b|"
    # "What lets me chart and compare runs?", "What should I be logging these runs into?"
    r"(^|[.!?]\s+)what (lets|helps|allows|enables) (me|us)\b|"
    r"\bwhat (should|do|can|would) (i|we) (be )?(log|logging|track|tracking|store|storing|record|recording|keep|keeping|save|saving)\b[^?]*\b(in|into|with)\?",
    re.I,
)
_PREREQ_RE = re.compile(
    r"\bprerequisit|\bbackground knowledge\b|"
    r"\bbefore (i |you |we )?(start|begin|take|taking|starting|beginning|doing)\b|"
    r"\b(know|learn|be familiar with) (first|beforehand)\b",
    re.I,
)
# "which service goes with which phase": the map of services, not one service for one task
_MAP_RE = re.compile(
    # "which service goes with which phase", not "lost track of which one was best. Which tool ...?"
    r"\bwhich (?!(one|did|was|is|had|has|of|were|are|gave|got|worked|performed)\b)\w+\b.*\bwhich\b"
    # ... not "Which SageMaker capability would let me see which learning rate gave the best AUC?"
    r"(?! ([\w-]+ )?[\w-]+ (gave|got|won|worked|performed|did|was|scored|had)\b)|\bmap\b|\bcheat\b|"
    r"\b(each|every|all)( of the| the)? (phase|stage|step|service|tool|part|module)s?\b",
    re.I,
)
"""Not "every month": each *phase* or all *services*."""
_WHAT_IT_IS_FOR = r"(?! (is|was|are) (it|that|this|they) (meant|intended|designed|made|built) for\b)"
"""After "or": "..., or is it meant for a different situation?" asks what one thing is for."""
_COMPARE_RE = re.compile(
    r"\b(vs\.?|versus|differ(?!ent (\w+ )?(ways|types|kinds|options|approaches|methods|sorts|tools|services|situations?|cases?|purposes?|scenarios?)\b)(?!ent [\w-]+ (rates|values|settings|sizes|depths|datasets|features|feature sets|algorithms|models|hyperparameters|learning rates)\b)\w*|compared? (to|with)|(and|or) [\w -]+ compare\b|contrast\w*\b[^?]* (with|to|against)|separates?|distinguish\w*|tell \w+ apart|"
    # "... is it live now or nah" asks yes or no; so does "..., or should I do something else?"
    # ... and "..., or like when can't it help" asks the same again in other words
    # ... and "..., or is it meant for a different situation?" asks what the one thing is for
    r"or(?! (nah|not|no)\W*$)(?! (like|rather|basically|i mean|in other words)\b)"
    + _WHAT_IT_IS_FOR
    + r"(?!( (should|do|would|can|could) (i|we))?( (do|use|try|pick))? (something|anything) else\b))\b",
    re.I,
)
# "We need to sort tickets in under 100 ms. Should we fine-tune a model or use RAG?": the learner
# names the two options; the story before it ("we need ...") does not ask for a service
# ... but "Do I still need Ground Truth, or is it meant for a different situation?" asks of one thing
_EITHER_RE = re.compile(
    r"(^|[.!?]\s+)(should|would|do|can|could) (i|we)\b[^.?!]*\bor\b" + _WHAT_IT_IS_FOR + r"[^.?!]*\?\s*$",
    re.I,
)
_HOW_RE = re.compile(
    r"^\s*how (does|do|is|are)\b.*\b(work|works|detect|decide|keep|save|explain)\b|^\s*how does\b|"
    rf"^\s*{HOW_X_WORKS}|"
    r"^\s*(?:(?:can|could) you |please )?(walk me through|explain|describe|tell me) how\b|"
    r"^\s*what (actually |exactly )?happens (at|during|inside|under)\b",
    re.I,
)
# a procedure: "How do I set up Model Monitor ...? Walk me through the steps."
PROCEDURE_RE = re.compile(
    r"\bwalk me through\b|\bstep[- ]by[- ]step\b|\bwhat are the (\w+ )?steps\b|"
    r"^\s*how (?:do|can|would|should) (?:i|you|we) (?:set up|setup|configure|enable|turn on)\b",
    re.I,
)
_WHEN_RE = re.compile(
    r"\bwhen (should|shouldn't|to|is|would|not)\b|\bshould i use\b|\bat what point\b|"
    r"\b(in )?(which|what) (situations?|cases?|circumstances)\b|\b(is|are) \w+( \w+){0,3} a good idea\b|"
    r"\bmore trouble than\b|"
    r"\bis there (any|a) (situation|case|time|scenario|reason)s?\b|\b(is it|it's|isn't it) (not )?worth\b|"
    r"\bare there (any )?(situations|cases|times|scenarios)\b|\b(isn't|is not|not) worth\b|"
    r"\b(can|could) (i|we) skip\b|\bwrong (choice|tool)\b|\boverkill\b|"
    # "When does it really make sense to pre-train our own model?", "when is it justified to ..."
    r"\bwhen (does|do|would|will) (it|this|that) (\w+ )?(make sense|pay off)\b|"
    r"\bwhen is it (\w+ )?(worth|justified|sensible)\b",
    re.I,
)
# "We need to sort tickets in 100 ms. Is retrieval-augmented generation the right approach?": whether
# a named approach fits the story, not which service does it
_RIGHT_FOR_IT_RE = re.compile(
    r"\b(is|are|would) (?!(the|a|an|this|that|it|my|our)\b)[\w-]+( [\w-]+){0,3} (really )?(the|a) (right|best|correct|good|sensible) "
    r"(approach|choice|fit|option|way|call|pick)\b|"
    # "... needs a GPU, and traffic is spiky. Should we use Serverless Inference for it?": a thing
    # named, in capitals, weighed against the story
    r"\bshould (i|we) (use|pick|choose|go with) (sagemaker |amazon )?(?-i:[A-Z])[\w-]*( (?-i:[A-Z])[\w-]*)* (for|here|in)\b",
    re.I,
)
# what a list is of: "what are the different ways ...", "which phases ...", "model card sections"
_LISTED = r"(ways|kinds|types|categories|options|steps|stages|phases|sections|parts|components|criteria|personas|pillars)"
# "can u list the sections", "What are the different ways SageMaker can serve predictions?", and a
# query of a few words that ends on what it lists: "model card sections", "ml lifecycle phases list"
_LIST_ASKED_RE = re.compile(
    r"\b(can|could) (you|u) list\b|^\s*list (the|all|every)\b|"
    # "deployment options in sagemaker? list please"
    r"\?\s*(a )?list( them| it)?( please)?\W*$|"
    rf"^\s*(what|which) (are|r) (the )?(different|main|various|possible) {_LISTED}\b|"
    # "Into which phases does the course divide the lifecycle?", "How many phases ..., and what are
    # they?", and a flashcard's count: "6 lifecycle phases per course?", "monitoring types (4)"
    rf"^\s*(into )?(what|which) {_LISTED}\b|\bhow many\b[^?]*\b(what|which) (are|were) (they|those|these)\b|"
    rf"^\s*(\d+|two|three|four|five|six|seven|eight) ([\w-]+ ){{0,2}}{_LISTED}\b|{_LISTED}\s*\(\d+\)|"
    rf"^\s*[\w-]+( [\w-]+){{0,3}} (list|{_LISTED})"
    r"(( (used|taught|covered|listed|named))?( in| of| for| by)( [\w-]+){1,3})?\W*$",
    re.I,
)
_LIST_RE = re.compile(r"^\s*(what|which|list|name)\b.*\b(are|the)\b.*s\b\??$", re.I)
# "What sections does a model card contain?", "What container options does a Training Job accept?"
_PARTS_OF_RE = re.compile(
    r"^\s*(what|which) (\w+ )?\w+s (does|do|can|will) .*\b(contain|offer|accept|have|include|support|provide)\??$",
    re.I,
)
_DEFINE_RE = re.compile(
    r"^\s*(what'?s|what ((exactly|actually|really|precisely) )?(is|are|does)|define|explain what|"
    r"what (do|does) (people|they|you|we|the course) mean by)\b|"
    rf"^\s*{HOW_DEFINE}\b",
    re.I,
)
_EXAMPLE_ASKED_RE = re.compile(r"\b(example|scenario|case study|real[- ]world|worked)\b", re.I)
_EXAMPLE_SECTION_RE = re.compile(r"\b(worked example|real-world example|example:)", re.I)
MODULE_NUMBER_RE = re.compile(r"\bmodule (\d)\b", re.I)
# Sections that lead away from "which service does this": the other side of a comparison, and
# what the service is *not*.
ASIDE_SECTION_RE = re.compile(r"\b(versus|vs\.?|misconceptions?)\b", re.I)


def asks_for_a_list(question: str) -> bool:
    """ "can u list the sections", "model card sections": a list asked for in so many words."""
    return _LIST_ASKED_RE.search(question) is not None


# "What are they?" after a story that names the things: "the phases of the ML lifecycle"
WHAT_ARE_THEY_RE = re.compile(
    r"^\s*(?:so\s+)?(?:what|which) (?:are|were) (?:they|those|these)\s*\?\s*$", re.I
)
# "Can you tell me in plain English what SageMaker Feature Store actually is?"
_TELL_ME_WHAT_RE = re.compile(
    r"^\s*(?:(?:can|could|would) you |please )?(?:tell me|explain)(?: to me)?"
    r"(?: in [\w ]{0,20}?(?:words|english|terms))? what (?P<subject>[^?]+?) (?:actually |really |exactly )?"
    r"(?P<verb>is|are|means?)\s*\?*\s*$",
    re.I,
)


# a flashcard's "RAG def?? short pls", "tech debt in ML systems — definition"
_CARD_DEFINITION_RE = re.compile(
    r"^\s*(?P<subject>[^?]+?)\s*(?:[\u2014\u2013:-]+\s*)?\b(?:definition|defn?)\b\W*"
    r"(?:(?:short|quick|brief|please|pls|plz)\W*)*$",
    re.I,
)


def as_what_is(question: str) -> str:
    """ "Can you tell me (in plain English) what X (actually) is?" and a flashcard's "X
    definition?" as "What is X?"; "... what X means?" as "What does X mean?"; the question as it
    is otherwise."""
    card = _CARD_DEFINITION_RE.match(question)
    if card:
        return f"What is {card.group('subject')}?"
    told = _TELL_ME_WHAT_RE.match(question)
    if not told:
        return question
    verb, subject = told.group("verb").lower(), told.group("subject")
    return f"What does {subject} mean?" if verb.startswith("mean") else f"What {verb} {subject}?"


def shape_of(question: str) -> Shape:
    q = as_what_is(without_module_place(question))  # "can you tell me what X is?" asks what X is
    if _COURSE_ABOUT_RE.search(q):
        return "course-overview"
    if _MODULE_RE.search(q):
        return "which-module"
    if _PREREQ_RE.search(q):
        return "prerequisites"
    if _EITHER_RE.search(q):
        return "comparison"
    if _RIGHT_FOR_IT_RE.search(q):
        return "when-to-use"
    if _SERVICE_RE.search(q) and not _MAP_RE.search(q):
        return "service-for-task"
    if _COMPARE_RE.search(q):
        return "comparison"
    if _WHEN_RE.search(q) or asks_whether_needed(q):
        return "when-to-use"
    if _HOW_RE.search(q) or PROCEDURE_RE.search(q):
        return "how-it-works"
    if asks_for_a_list(q):
        return "list"
    # "What is SHAP, the method ... predictions?" asks for one thing, not a list
    # ... nor does "What does technical debt mean in ML systems?"
    singular = re.match(r"^\s*what(?:'s| is)\b", q, re.I) or re.search(r"^\s*what does\b.*\bmean\b", q, re.I)
    if _DEFINE_RE.search(q) and _LIST_RE.search(q) and re.search(r"\b(are|the)\b", q, re.I) and not singular:
        return "list"
    if re.search(r"^\s*(what|which) (kinds|types|sorts|forms) of\b", q, re.I) or _PARTS_OF_RE.search(q):
        return "list"  # "What kinds of monitoring can Model Monitor run?"
    if _DEFINE_RE.search(q):
        return "definition"
    return "other"


def retrieval_query(question: str, shape: Shape) -> str:
    """The text to retrieve with: prerequisite questions are pointed at the prerequisites."""
    if shape == "prerequisites":
        return f"{question} prerequisites background knowledge"
    return question


def is_example(passage: Passage | Chunk) -> bool:
    return any(_EXAMPLE_SECTION_RE.search(h) for h in passage.section_path)


def without_examples(question: str, passages: list[Passage]) -> list[Passage]:
    """Worked examples only when the question asks for one, or asks about one (the best passage
    is an example), or nothing else was retrieved."""
    if _EXAMPLE_ASKED_RE.search(question) or (passages and is_example(passages[0])):
        return passages
    kept = [p for p in passages if not is_example(p)]
    return kept or passages


def topic_key(passage: Passage) -> tuple[str, ...]:
    """The course topic a passage belongs to: its source and second-level section."""
    return (passage.source, *passage.section_path[:2])


def subject_terms(question: str) -> set[str]:
    """Content words of the thing a definition or how-question is about ("automatic model tuning")."""
    return set(content_terms(subject_of(question)))


def on_topic(question: str, picked: list[tuple[Passage, str]]) -> list[tuple[Passage, str]]:
    """The first sentence, and later ones from the same topic of the course or naming the whole
    subject of the question: "fine-tuning a foundation model" does not explain automatic model tuning."""
    if not picked:
        return picked
    key = topic_key(picked[0][0])
    subject = subject_terms(question)
    return [
        picked[0],
        *(
            x
            for x in picked[1:]
            if topic_key(x[0]) == key or (subject and subject <= set(content_terms(x[1])))
        ),
    ]


def as_passage(chunk: Chunk) -> Passage:
    return Passage(**chunk.model_dump(), score=0.0)


# --- which module -----------------------------------------------------------------------------
_VOTED_BONUS = 0.5


def _voted_module(passages: list[Passage]) -> int | None:
    """The module most of the retrieved passages are from (rank-weighted; the overview, module
    0, does not vote): where the course teaches what the question is about."""
    votes: dict[int, float] = {}
    for rank, p in enumerate(passages):
        if p.module:
            votes[p.module] = votes.get(p.module, 0.0) + 1.0 / (1 + rank)
    return max(votes, key=lambda m: votes[m]) if votes else None


_MODULE_WORDS = frozenset({"modul", "module", "course", "teach", "taught", "learn", "study", "exam", "week"})
"""Words a which-module question asks with, not words of its topic (stems, and their first five letters)."""


def _module_by_words(question: str, library: list[Chunk]) -> int | None:
    """The module with the passage that shares the most of the question's words, each counted by
    its rarity in the course: "serverless inference and shadow testing" are Module 4's words,
    though the words "which module of this course" retrieve the overview."""
    vocab = vocabulary(library)
    asked = {t[:5] for t in focus_terms(question)} - _MODULE_WORDS
    best: tuple[float, int | None] | None = None
    for chunk, (_, heads) in zip(library, vocab.passages, strict=True):  # read once per library
        score = sum(vocab.rarity(t) for t in asked & heads)
        if score > 0 and (best is None or score > best[0]):
            best = (score, chunk.module)
    # ... but when the overview itself says it best ("what background I need and how mastery will
    # be measured"), it is the overview's topic, which no module's vote places
    return best[1] if best and best[1] else None


def module_answer(
    question: str, names: list[str], library: list[Chunk], retrieved: list[Passage] | None = None
) -> list[tuple[Passage, str]]:
    """Sentences of the course's structure that place the question's topic in a module: the one
    its words and names point at, helped by the module the retrieved passages are from."""
    wanted = MODULE_NUMBER_RE.search(question)
    # "Which module explains the 'time travel' idea?": the one module whose text has the term
    quoted = _module_quoted(question, library) if not wanted else None
    summary = _module_summary(quoted, library) if quoted is not None else []
    if summary:
        return summary
    by_passages = _voted_module(retrieved or []) if not wanted else None
    by_words = _module_by_words(question, library) if not wanted else None
    voted = by_passages or by_words
    how_many = re.search(r"\bhow many modules\b", question, re.I)
    terms = set(content_terms(question)) - _MODULE_WORDS
    best: tuple[float, int, Chunk, str] | None = None
    for chunk in library:
        for _, s in quotable_sentences(chunk.text):
            if how_many:
                if not re.search(r"\b(two|three|four|five|six|seven|eight)\b modules\b", s, re.I):
                    continue
                score = 1.0
            else:
                found = MODULE_NUMBER_RE.findall(s)
                if not found or (wanted and wanted.group(1) not in found):
                    continue
                low = normalize(s)
                score = sum(normalize(n) in low for n in names) * 2.0
                score += len(terms & set(content_terms(s))) / max(len(terms), 1)
                if len(found) > 1 and not wanted:
                    score -= 0.5  # a sentence listing every module places nothing in particular
                if wanted and low.startswith(f"module {wanted.group(1)}"):
                    score += 1.0
                if voted is not None and str(voted) in found:
                    score += _VOTED_BONUS
            if score > 0 and (best is None or (score, -len(s)) > (best[0], -best[1])):
                best = (score, len(s), chunk, s)
    # where the passages are from and where the question's words are agree: a sentence placing
    # its words in another module is placing something else ("IAM ... Module 5 shows ...")
    agreed = by_passages is not None and by_passages == by_words
    if agreed and best is not None and str(voted) not in MODULE_NUMBER_RE.findall(best[3]):
        return _module_summary(voted, library) or [(as_passage(best[2]), best[3])]
    if best is None or (names and not any(normalize(n) in normalize(best[3]) for n in names)):
        # no sentence places the name in a module ("the pre-training vs fine-tuning vs RAG
        # trade-off"): the sentence that says what the module its passages are from covers
        return _module_summary(voted, library) if voted is not None else []
    return [(as_passage(best[2]), best[3])]


def _module_quoted(question: str, library: list[Chunk]) -> int | None:
    """ "Where is the 'time travel' idea explained?": the one module whose text has the term the
    learner quotes (the overview, which names every module's topics, aside)."""
    for term in quoted_terms(question):
        modules = {c.module for c in chunks_saying(term, library) if c.module}
        if len(modules) == 1:
            return modules.pop()
    return None


def _module_summary(module: int, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """The course's sentence that says what a module covers ("Module 3 covers model building ...")."""
    for chunk in sorted(
        library, key=lambda c: (c.module if c.module is not None else 99, c.source, c.position)
    ):
        for _, s in quotable_sentences(chunk.text):
            if re.match(rf"^module {module} (covers|is about|teaches|introduces)\b", s, re.I):
                return [(as_passage(chunk), s)]
    return []
