"""A tool the learner compares the course's thing with, or came from: "Is a SageMaker domain
basically the Azure ML workspace equivalent?", "I'm coming from Feast". The question asks about
the course's thing; the other tool is the learner's frame of reference, not the topic.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from tutor.answer.question_words import story_and_question
from tutor.answer.vocabulary import VENDORS
from tutor.text import split_sentences

_BY_ANALOGY_RE = re.compile(
    r"\b(equivalent|counterpart|analog(?:ue)?|replacement for|coming from|(?<!be )(?<!been )(?<!being )used to|"
    r"style|i live in|"
    r"(?:is|are|it's|its) (?:just |basically |like )?(?:the |a )?[\w .-]*\b(?:with a sagemaker label|like)|"
    r"on (?:gcp|azure|google cloud)|i(?:'d| would) use|i (?:had|ran|used)|"
    r"in my old|(?:my|our) (?:old|previous|last|current)|what(?:'s| is) the sagemaker (?:way|version|answer)|instead of (?:my|our))\b",
    re.I,
)


# The clauses of a message: sentences (not at "i.e." or "e.g."), and the parts between commas or
# dashes; ``analogy_for`` also parts them at "or"
_CLAUSE_RE = re.compile(r"(?<=[.?!;:])(?<!i\.e\.)(?<!e\.g\.)\s+|,\s+|\s+-+\s+")
_CLAUSE_OR_RE = re.compile(rf"{_CLAUSE_RE.pattern}|\s+or\s+")


_COUNTERPART = (
    r"(?:equivalent|counterpart|version|answer|analog(?:ue)?|alternative|replacement|substitute|way)"
)
"""What the course's own thing is called when it stands in for another tool: "the SageMaker
equivalent of Airflow DAGs", "the SageMaker replacement for my fairlearn-plus-shap combo"."""
_COURSE_COUNTERPART_RE = re.compile(
    rf"\b(?:the|a|an) (?:amazon |aws )?(?:sagemaker|aws|amazon)(?:'s)? {_COUNTERPART}\b", re.I
)


def asks_for_course_counterpart(question: str) -> bool:
    """ "What's the SageMaker equivalent of Airflow DAGs?": the course's own thing is asked for."""
    return _COURSE_COUNTERPART_RE.search(question) is not None


def analogy_for(name: str, question: str) -> bool:
    """The other tool stands in the clause that compares or tells the learner's background, not
    in the one that asks ("How do I set an alias in the MLflow registry?" asks about MLflow).
    "What's the SageMaker equivalent of Vertex AI Matching Engine?" says nothing of what is wanted
    but the other tool, which the course never describes: no analogy to answer from."""
    if re.search(
        rf"\b{_COUNTERPART} (?:of|to|for) (?:the |a |an )?{re.escape(name)}[\s?.!]*$", question, re.I
    ):
        return False
    for clause in _CLAUSE_OR_RE.split(question):
        if name.lower() in clause.lower():
            return _BY_ANALOGY_RE.search(clause) is not None or not _ASKS_RE.match(clause)
    return False


_ASKS_RE = re.compile(r"\s*(how|what|which|where|when|why|can|could|should|do|does|is|are)\b", re.I)


def compares(question: str) -> bool:
    """The message compares something with another tool or tells where the learner comes from."""
    return _BY_ANALOGY_RE.search(question) is not None


_LIKENED_RE = r"\blike\s+(?:(?:the|a|an|my|our|in|on|with|what|how)\s+)?(?:[\w'-]+\s+){{0,3}}{name}"
# "Feast-like", "a VS Code style editor"; not "in Alteryx like Canvas does", which likens Canvas
_AFTER_NAME_RE = r"{name}(?:-(?:like|style|ish|esque)|\s+style)\b"
# "Is SageMaker Model Registry basically a Docker registry?", "is it just GCP preemptible VMs?"
_JUST_RE = (
    r"\b(?:is|are|isn't|aren't) (?:[\w'-]+ ){{1,4}}?(?:just|basically|simply|really|only|essentially|"
    r"kind of|sort of|more or less) (?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){{0,2}}{name}"
)
_LIKE_SUFFIX_RE = re.compile(r"-(?:like|style|ish|esque)$", re.I)
# "... that's how my old JupyterHub setup worked. Can I do that there?": the asking sentence points
# back at the other tool, so it asks about that tool
_POINTS_BACK_RE = re.compile(r"\b(there|into it|to it|from it|with it|in it|on it|its)\b", re.I)


def likened(name: str, question: str) -> bool:
    """ "does Clarify auto-fix bias like Fairlearn's mitigators do?", "the Feast-like part",
    "a VS Code-style editor": the other tool is what the course's thing is likened to."""
    if _LIKE_SUFFIX_RE.search(name):
        return True
    escaped = re.escape(name)
    return any(
        re.search(pattern.format(name=escaped), question, re.I) is not None
        for pattern in (_LIKENED_RE, _AFTER_NAME_RE, _JUST_RE)
    )


# "How does Clarify compare with fairness libraries like Fairlearn?": the comparison is asked
_COMPARED_WITH_RE = (
    r"\bcompare[sd]?\s+(?:with|to|against)\b[^?.]*\b{name}|\b{name}\b[^?.]*\bcompare[sd]?\b|"
    r"\b(?:vs\.?|versus)\s+(?:[\w'-]+\s+){{0,2}}{name}|\b{name}(?:'s)?\s+(?:[\w'-]+\s+){{0,2}}(?:vs\.?|versus)\b"
)


def compared_with(name: str, question: str) -> bool:
    """The question asks how the course's thing compares with the other tool: the course compares
    only things it teaches, so that comparison is not the course's to answer."""
    return re.search(_COMPARED_WITH_RE.format(name=re.escape(name)), question, re.I) is not None


def told_before_asking(name: str, story: str, asking: str) -> bool:
    """ "Azure ML has batch endpoints for long jobs. When should I use SageMaker Asynchronous
    Inference?": the other tool is named in what the learner tells first, and the question itself
    neither names it nor points back at it."""
    at = re.compile(rf"\b{re.escape(name)}", re.I)
    return bool(at.search(story)) and not at.search(asking) and not _POINTS_BACK_RE.search(asking)


_RELABELLED_RE = re.compile(
    r"\s+with an? (?:sagemaker|aws|amazon) (?:label|logo|sticker|badge|wrapper|name|stamp)(?: on(?: it| top)?)?\b",
    re.I,
)


def without_relabel(question: str) -> str:
    """ "Is it just GCP preemptible VMs with a SageMaker label on it?" asks whether it is the
    other tool; the label is a figure of speech, not a course thing ("label") to look up."""
    return _RELABELLED_RE.sub("", question)


# "..., the way my crash SDK reports every crash?": the learner's own thing, likened at the end
_OWN_LIKENED_RE = re.compile(
    r",\s*(?:the way|just like|much like|like|as) (?:my|our|your|their)\b[^,?]*(?=\?+\s*$)", re.I
)


def without_own_likening(question: str) -> str:
    """ "does Model Monitor check every prediction the instant it happens, the way my crash SDK
    reports every crash?" asks of Model Monitor; the clause likening it to the learner's own tool
    is what they know, not what is asked."""
    return _OWN_LIKENED_RE.sub("", question)


def _told_and_asked(question: str) -> tuple[str, str]:
    """(the rest, the last sentence that asks): "JumpStart models are free to run right? the Vertex
    catalog still charged me" asks in its first sentence and tells in its last."""
    sentences = re.split(r"(?<=\?)\s+", question.strip())  # a chat's "right? the ..." too
    asks = [i for i, s in enumerate(sentences) if s.rstrip().endswith("?")]
    if not asks or asks[-1] == len(sentences) - 1:
        return story_and_question(question)
    i = asks[-1]
    return " ".join(sentences[:i] + sentences[i + 1 :]), sentences[i]


def frame_of_reference(
    name: str,
    question: str,
    names_course_thing: Callable[[str], bool],
    loosely: Callable[[str], bool] | None = None,
) -> bool:
    """Another vendor's tool (not a name after Amazon, AWS or SageMaker, which may be a product the
    course lacks) the learner likens a course thing to, or names in what they tell before a
    question about a course thing (``names_course_thing``: the text names one; ``loosely``: as a
    learner writes it in lower case, enough for a likened tool: "Is a training job like a
    Kubernetes Job?")."""
    if name.split()[0].lower() in VENDORS or compared_with(name, question):
        return False
    story, asking = _told_and_asked(question)
    if likened(name, question):
        likened_to = (loosely or names_course_thing)(question)
        return likened_to or re.search(r"\bsagemaker\b", question, re.I) is not None
    in_asking = names_course_thing(asking) or re.search(r"\bsagemaker\b", asking, re.I) is not None
    return in_asking and bool(story) and told_before_asking(name, story, asking)


def without_sentences_naming(
    names: list[str], question: str, names_course_thing: Callable[[str], bool]
) -> str:
    """``question`` without its sentences that name one of ``names`` and no course thing, when
    another sentence is left: the other tool's sentence tells what the learner compares with."""
    if not names:
        return question
    sentences = split_sentences(question.strip())
    kept = [
        s
        for s in sentences
        if names_course_thing(s) or not any(re.search(rf"\b{re.escape(n)}", s, re.I) for n in names)
    ]
    return " ".join(kept) if kept else question


_LIKENING_RE = re.compile(
    r"\b(same|similar|like|equivalent|counterpart|take on|answer to|version of|analog\w*|roughly|"
    r"basically|comparable|akin|kind of|sort of|side of things|think of)\b",
    re.I,
)
# "What is a model card, concretely? A README with a compliance sticker on it?": the learner's
# guess at what the course's thing is, a thing named and nothing asked of it
_GUESS_RE = re.compile(r"\s*(?:so |just |basically |like |more like )?an? [^?]*\?\s*$", re.I)
_POINTS_AT_PLACE_RE = re.compile(r"\b(there|into it|to it|from it|with it|in it|on it)\b", re.I)
_ASKS_OF_COURSE_RE = re.compile(r"\b(sagemaker|modules?|course)\b", re.I)


def _asking(clause: str) -> bool:
    return _ASKS_RE.match(clause) is not None or clause.rstrip().endswith("?")


def compared_after_asking(name: str, question: str, names_course_thing: Callable[[str], bool]) -> bool:
    """ "In one or two sentences, what is SageMaker Clarify? Is it roughly what the Responsible AI
    dashboard is in Azure ML?", "Vertex Pipelines compiles a KFP DAG; is it similar here?": a
    clause asks of the course's thing without naming the other tool, and every clause naming that
    tool tells the learner's background or only likens the course's thing to it. Not when the
    asking clause points back at the other tool ("Can I do that there?")."""
    if name.split()[0].lower() in VENDORS:  # "Our team runs Amazon Forecast.": may be asked about
        return False
    at = re.compile(rf"\b{re.escape(name)}", re.I)
    clauses = [c for c in _CLAUSE_RE.split(question.strip()) if c.strip()]
    with_name = [c for c in clauses if at.search(c)]
    asking = [c for c in clauses if _asking(c) and not at.search(c)]
    if not with_name or not asking or any(_POINTS_AT_PLACE_RE.search(c) for c in asking):
        return False
    whole = {s.strip() for s in split_sentences(question.strip())}  # a guess is a sentence of its own
    if any(
        _asking(c) and not _LIKENING_RE.search(c) and not (_GUESS_RE.match(c) and c.strip() in whole)
        for c in with_name
    ):
        return False
    # "In Azure Machine Learning, how does one register a model?": where the question is asked
    if any(
        re.fullmatch(rf"\s*(in|on|inside|within|using|with)\s+(the\s+)?{re.escape(name)}\W*", c, re.I)
        for c in with_name
    ):
        return False
    # ... the course's thing named in the asking clause, or earlier in its sentence ("If I close
    # the tab on my JupyterLab notebook, it stops billing, yeah? Same as closing Tableau?")
    sentences = [s for s in split_sentences(question.strip()) if not at.search(s)]
    return any(
        names_course_thing(c)
        or _ASKS_OF_COURSE_RE.search(c)
        or any(c.strip() in s and names_course_thing(s) for s in sentences)
        for c in asking
    )


def without_clauses_naming(
    names: list[str], question: str, unless: Callable[[str], bool] | None = None
) -> str:
    """``question`` without its clauses that name one of ``names`` (see ``compared_after_asking``):
    "Which module covers tuning jobs, i.e. the SageMaker answer to Vertex Vizier?" asks which
    module covers tuning jobs. A clause ``unless`` holds for is kept."""
    if not names:
        return question
    at = re.compile("|".join(rf"\b{re.escape(n)}" for n in names), re.I)
    clauses = [c for c in _CLAUSE_RE.split(question.strip()) if c.strip()]
    kept = [c for c in clauses if not at.search(c) or (unless is not None and unless(c))]
    if not kept:
        return question
    text = " ".join(kept)
    return text if not question.rstrip().endswith("?") or text.endswith("?") else text.rstrip(" ,;.") + "?"


def as_a_frame(
    name: str,
    question: str,
    names_course_thing: Callable[[str], bool],
    loosely: Callable[[str], bool] | None = None,
) -> bool:
    """The learner names the other tool only as a frame of reference: in a clause that compares or
    tells their background, in a message about the course's things ("Is a domain basically the
    Azure ML workspace equivalent?", "I'm coming from Feast"), or as ``frame_of_reference`` says."""
    about_course = names_course_thing(question) or re.search(r"\b(sagemaker|this course)\b", question, re.I)
    if about_course and compares(question) and analogy_for(name, question):
        return True
    return frame_of_reference(name, question, names_course_thing, loosely)


# "...: Kolmogorov-Smirnov, chi-squared, or population stability index?": the answers offered
_OPTION_WORDS = 4
_OFFERED_RE = re.compile(
    r"[:\u2014]\s*([^:?\u2014]*,?\s+or\s+[^:?\u2014]+)\?\s*$|,\s*([^,:?\u2014]+\s+or\s+[^,:?\u2014]+)\?\s*$",
    re.I,
)


def offered_options(question: str) -> str:
    """The options a question ends on, lower-cased ('' if none): a name offered as one of the
    answers is asked about, not a frame of reference ("Which statistical test does Model Monitor
    use: Kolmogorov-Smirnov, chi-squared, or population stability index?")."""
    offered = _OFFERED_RE.search(question)
    listed = (offered.group(1) or offered.group(2)) if offered else ""
    options = re.split(r",?\s+or\s+|,\s*", listed) if listed else []
    # each a name of a few words; not a question after a colon ("...: if we deploy a Llama-type
    # model, does our data get sent to Meta or whoever made it?")
    if not options or any(len(o.split()) > _OPTION_WORDS for o in options):
        return ""
    return listed.lower()


def compared_with_each_other(names: list[str], question: str) -> set[str]:
    """The names the question sets against each other ("Azure ML vs Google Vertex AI: which has
    the better AutoML?"): two tools the course never mentions are what is asked about, not frames
    of reference for a course thing. Not names listed together ("we use Azure ML and Databricks"),
    which may tell where the learner comes from."""
    return {
        n
        for a, b in itertools.permutations(names, 2)
        if re.search(rf"{re.escape(a)}\s*(?:vs\.?|versus|or)\s+{re.escape(b)}", question, re.I)
        for n in (a, b)
    }


_SAID_RE = re.compile(
    r"\s*(\(\d{4}\)\s*)?(say|says|said|propose|proposes|argue|argues|recommend|recommends|found|show|shows)\b",
    re.I,
)


def cited_work(name: str, question: str, names_course_loosely: Callable[[str], bool]) -> bool:
    """ "I'm used to the Mitchell et al. template", "Having read Sculley et al. on hidden technical
    debt": a paper the learner cites, in a message that asks of the course's things, is where they
    come from; asked about itself ("What does Sculley et al. say?") it is not the course's."""
    cited = re.search(rf"\b{re.escape(name)} et al\b\.?", question, re.I)
    if cited is None or _SAID_RE.match(question[cited.end() :]):
        return False
    rest = question[: cited.start()] + question[cited.end() :]
    return names_course_loosely(rest) or re.search(r"\b(this|the) course\b", rest, re.I) is not None


def set_frames_aside(
    question: str,
    missing: list[str],
    listed: list[str],
    names_course_thing: Callable[[str], bool],
    names_course_loosely: Callable[[str], bool],
) -> tuple[list[str], str]:
    """(the names still missing, the question without what only frames the others): a tool the
    learner only compares the course's thing with, or tells of before asking about it ("Is a
    domain basically the Azure ML workspace equivalent?", "Azure ML has batch endpoints. When
    should I use SageMaker Asynchronous Inference?"), or likens it to after a course question.
    A listed product (``listed``) is found in lower case, where the course's thing may be written
    in lower case too (``names_course_loosely``)."""
    offered = offered_options(question)
    paired = compared_with_each_other(missing, question)
    framable = [n for n in missing if n.lower() not in offered and n not in paired]
    frames = [
        n
        for n in framable
        if cited_work(n, question, names_course_loosely)
        or as_a_frame(
            n, question, names_course_loosely if n in listed else names_course_thing, names_course_loosely
        )
    ]
    # "What is SageMaker Clarify? Is it roughly what the Responsible AI dashboard is in Azure ML?"
    likened = [
        n for n in framable if n not in frames and compared_after_asking(n, question, names_course_thing)
    ]
    still = [n for n in missing if n not in frames and n not in likened]
    # "What is Managed Spot Training? Is it just GCP preemptible VMs?": what is asked of the
    # course's thing is in the other sentences (or clauses)
    rest = without_clauses_naming(likened, without_sentences_naming(frames, question, names_course_thing))
    # ... and a frame's own clause of a sentence that asks of the course's thing ("Coming from
    # Docker land: what exactly is SageMaker JumpStart?")
    return still, without_clauses_naming(frames, rest, unless=names_course_thing)
