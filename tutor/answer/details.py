"""Questions that ask for a figure: a price, a year, a version, a default or a limit, a
duration, or the name of an API parameter.

The course can be about a thing without stating every figure of it: it explains Serverless
Inference but gives no memory ceiling, and Ground Truth but no price per image. Such a question
passes every other coverage check (its names and words are the course's own), and the answerer
would then quote sentences about the thing that do not answer it. The answer to a question for
a figure is a figure: when no retrieved passage holds one of the asked kind, the course does
not answer it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from tutor.answer.counts import COUNT_ASKED, count_given
from tutor.answer.plain_details import (
    ALGORITHM_ASKED,
    ALGORITHM_GIVEN,
    CODE_ASKED,
    CODE_GIVEN,
    ERROR_ASKED,
    ERROR_GIVEN,
    FORMULA_ASKED,
    FORMULA_GIVEN,
    LAW_ASKED,
    LAW_GIVEN,
    LEVEL_ASKED,
    LEVEL_GIVEN,
    NUMBER,
    PERSON_ASKED,
    PERSON_GIVEN,
    REGION_ASKED,
    REGION_GIVEN,
    SETTING_ASKED,
    STEPS_GIVEN,
    VALUE_ASKED,
    VALUE_GIVEN,
    VALUE_WORDS,
    cost_compared,
)
from tutor.answer.shapes import is_example
from tutor.models import Passage
from tutor.text import content_terms, split_sentences

_PRICE_ASKED = re.compile(
    r"\bhow much (does|do|will|would|is|are|did)\b[^?]*\b(cost|costs|charge|charged|charges|pay|paid|price)\b|"
    # "How much is a Mechanical Turk worker paid?", "how much Model Registry charges per version"
    r"\bhow much\b[^?]*\b(paid|charges|costs)\b|\bhow much (cost|costs|charge|charges)\b|"
    # "Roughly what does one hour on a GPU training instance cost?"
    r"\bwhat (does|do|would|will) (one|an?|each|a single) [^?]*\bcost\b|"
    # "Ballpark, what will it cost us per month to run Model Monitor every hour?"
    r"\bwhat (will|would|does|did) (it|this|that) cost( (us|me|you))? (per|a|each)\b|"
    # "the per-token prices of the API"
    r"\bper[- ](token|hour|request|image|label|call|month|gb|user|seat)\b[^?]*\b(price|cost|fee|rate)s?\b|"
    r"\b(what|what's|whats) (is |are )?(the )?(hourly |monthly |current )?(price|pricing|rate|cost)s? (of|for|per)\b|"
    r"\b(hourly|per[- ]hour|monthly) (price|rate|cost|fee)\b|\b(cost|charge|price)s? per\b|"
    # "Roughly what does hourly Model Monitor add to the monthly bill?"
    r"\b(add|adds|added) to (the |our |my )?(monthly |annual |aws |cloud )?(bill|invoice)\b|"
    # a query of a few words that ends on what it wants: "feature store online storage price"
    r"\b(price|prices|fee|fees|pay rate|pay rates|price list)\W*$",
    re.I,
)
_PRICE_GIVEN = re.compile(r"[$€£]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:usd|dollars?|cents?|eur|euros?)\b", re.I)

_YEAR_ASKED = re.compile(
    r"\b(what|which) (exact |precise |specific )?(year|date|day|month)\b|"
    # "What is the date when AWS will stop support Studio Classic?", "studio classic end of support date"
    r"\bwhat(?:'s| is| was) the (exact )?(date|year)\b|"
    # "role manager launch date", "sagemaker first release year"
    r"\b(launch|release|founding|announcement|general availability|ga|sunset|shutdown|shut-down|cutoff|cut-off) (date|year|day)s?\b|\bend[- ]of[- ](support|life)\b|\b(retirement|deprecation) date\b|\bwhen (was|were|did)\b[^?]*\b(launch|release|introduc|announc|first (made|offered)|come out|became available)\w*",
    re.I,
)
_YEAR_GIVEN = re.compile(r"\b(19|20)\d\d\b")
# "In which exact day did AWS launch the new Studio? Month and day please": a year is no day
_DAY_ASKED = re.compile(
    r"\b(exact|precise|specific) (date|day)\b|\b(which|what) day\b|\bmonth and day\b|\bday and month\b", re.I
)
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DAY_GIVEN = re.compile(rf"\b{_MONTHS}\.? \d{{1,2}}\b|\b\d{{1,2}} {_MONTHS}\b|\b\d{{4}}-\d\d-\d\d\b", re.I)
_VENDOR_LAUNCHED = re.compile(
    r"\b(amazon |aws )?sagemaker (was |were )?(first )?(launched|released|introduced|announced|made available)\b|"
    r"\b(launched|released|introduced|announced) (amazon )?sagemaker(?=[ ,.;]+(in|on|at|during|\d)\b|[.,;])",
    re.I,
)

_VERSION_ASKED = re.compile(
    # ... not "which version of the model got signed off": which of the team's own versions
    r"\b(which|what) (release|version)s? of\b(?! (the |our |my |a |an |this |that |each )?"
    r"(model|dataset|data|pipeline|flow|endpoint|card|feature group|artifact)s?\b)|"
    r"\bsince (which|what) (release|version)\b|"
    r"\b(which|what) (python|sdk|pytorch|tensorflow|scikit-learn|framework|library|jupyterlab|cuda|runtime)"
    r" (release|version)s?\b|"
    # "Which Python and PyTorch versions come preinstalled?"
    r"\b(which|what) [\w.+-]+ (and|or|&) [\w.+-]+ (release|version)s?\b|"
    # "Which XGBoost version ...?": a named library or container (capitalised), not "which model version"
    r"\b(which|what) (?-i:[A-Z])[\w.+-]* (release|version)s?\b",
    re.I,
)
_VERSION_GIVEN = re.compile(r"\bv?\d+\.\d+(?:\.\d+)?\b")

# "How long is the invocation timeout, in seconds?": a duration is a number with a unit of time.
_DURATION_ASKED = re.compile(
    r"\b(time-?outs?|runtime|run time|time limit)\b|\bhow many (seconds|minutes|hours|days)\b|"
    r"\bhow long\b[^?]*\bin (milli)?(seconds|minutes|hours|days)\b|"
    # how long until something is deleted is a retention period ("how long does the offline store
    # keep history?" may be answered "all of it")
    r"\bhow long\b[^?]*\b(delet\w*|remov\w*|purg\w*|expir\w*|retention|retain\w*|wiped?|erased?|cleared)\b|"
    # how long something is kept around, not what is kept: "How long do warm pools keep the
    # instances around?", "How long does Model Monitor keep captured data before it gets cleaned up?"
    r"\bhow long (do|does|will|would|is|are|can)\b[^?]*\b(keeps? [^?]*\b(around|alive)|stays?|lingers?|persists?|sits?|sticks? around|"
    r"cleaned up|gets? cleaned)\b|"
    # "How do I set a time-to-live so that records expire?": a retention period is a duration
    r"\btime[- ]to[- ]live\b|\bttl\b|"
    # "How much warning do I get before Spot capacity is reclaimed, in minutes?"
    r"\bhow much (warning|notice|time)\b|,\s*in (seconds|minutes|hours|days)\s*[?,]|"
    # "What is the typical cold-start latency of Serverless Inference in seconds?"
    r"\b(latency|delay|duration|wait)\b[^?]*\bin (milli)?(seconds|minutes|hours)\b|"
    r"\b(typical|average|expected|usual) ([\w-]+ )?(latency|delay|duration|wait time|time)\b",
    re.I,
)
_DURATION_GIVEN = re.compile(
    r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|ten|twelve|fifteen|twenty|thirty|sixty)[ -]?"
    r"(ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\b",
    re.I,
)

# "Which API parameter sets the sampling percentage?": the answer is a name as code writes it.
_IDENTIFIER_ASKED = re.compile(
    r"\b(api|sdk|boto3|python|cli)( \w+)? (parameters?|arguments?|fields?|calls?|methods?|functions?|flags?|"
    r"attributes?|propert(y|ies))\b|\b(parameter|argument|field|attribute|environment variable) names?\b|"
    r"\b(cron|rate) expressions?\b|\b(which|what) (exact )?(command|syntax)\b|\bcondition keys?\b|"
    # "the exact request params of the PutRecord call", "Which exact IAM action must an approver have?"
    r"\b(request|response) (parameters?|params|fields?|body|schema|syntax)\b|"
    # "What's the estimator argument that caps how long a training job can run?"
    r"\b(estimator|constructor|function|method|class|config|configuration) (arguments?|parameters?|params?|kwargs?)\b|"
    r"\b(exact|specific|precise) (iam |api )?(actions?|permissions?|policy actions?)\b|\biam action names?\b",
    re.I,
)
# camelCase, PascalCase of three words or more ("MemorySizeInMB"; not a product's name such as
# "SageMaker" or "CloudWatch"), snake_case or code in backticks
_IDENTIFIER_GIVEN = re.compile(
    r"\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+(?:[A-Z][a-z]*){2,}\w*|\b[a-z]+_[a-z_]+\b|`[^`]+`|\b[a-z]+:[A-Z]\w+"
)

_AMOUNT = r"(percentage|percent|number|size|value|amount|rate|interval|ttl|time|timeout|duration|limit|length|count)s?"
"""What a default stated as a number is of."""
_LIMIT_ASKED = re.compile(
    r"\b(what|what's|whats|which) (is|are) (the )?(default|maximum|minimum|max|min|largest|smallest|longest|shortest|highest|lowest)\b|"
    r"\b(what's|whats) the (default|maximum|minimum|max|min|largest|smallest|longest|shortest|biggest|highest|lowest)\b|"
    r"\bby default,? how (many|much|long)\b|"
    # a quiz's blank read as a question: "by default, Ground Truth sends each item to how many annotators?"
    r"\b(by default|at most|at least|up to)\b[^?]*\bhow (many|much|long)\b|"
    # "what percentage of requests ... by default?" (not "which strategy is used by default?")
    rf"\b(how (many|much|long)|what ([\w-]+ ){{0,2}}{_AMOUNT})\b[^?]*\bby default\b|"
    # "What default maximum wait time does SageMaker apply if none is specified?"
    rf"\bwhat default ([\w-]+ ){{0,3}}{_AMOUNT}\b|\bif (none|nothing|it|one) (is|was) (specified|set|given|configured)\b|"
    r"\bif (i|we|you) (don't|do not|never|didn't|did not) (set|specify|configure)\b|"
    # a query of a few words that asks for a bound: "model monitor minimum schedule interval"
    r"^(?=\W*(?:[\w'-]+\W+){0,5}[\w'-]+\W*$).*\b(minimum|maximum|max|min)\b|\bhow (many|much|long|large|big)\b[^?]*\b(by default|at most|at least|maximum|minimum|allowed)\b|"
    r"\b(default|maximum|minimum) ([\w-]+ )?(number|size|value|timeout|duration|length|memory|limit|count|thresholds?|settings?|"
    r"percentages?|percent|rates?|ratios?)\b|\bquotas?\b|"
    r"\bdefault( [\w-]+){1,2} (thresholds?|values?|settings?)\b|"
    r"\b(service )?limits? (on|for|of)\b|"
    # "Is there a hard cap on how many versions a group can hold?", "the most frequent schedule it allows"
    r"\b(hard|soft) (caps?|limits?)\b|\bupper (bound|limit)s?\b|\bcaps? on (how many|the number)\b|"
    r"\bmost (frequent|often)\b[^?]*\b(allow\w*|permit\w*|support\w*|accept\w*)\b|"
    # "What exact memory limit ...?", "What is the limit?", "how many records per second can I send?"
    r"\b(exact|precise|memory|size|payload|concurrency|throughput|request|storage|rate) limits?\b|"
    # "data capture default sampling %?", "GT default # annotators per item"
    r"\b(default|maximum|minimum|max|min) ([\w-]+ )?(%|#)|"
    r"\bwhat(?:'s| is| are) the limits?\b|\bhow many [\w ]{0,30}\bper (second|minute)\b|"
    # "What context window length does each model support?", "the most models I can put on one endpoint"
    r"\bcontext (window|length)s?\b|\btoken limits?\b|\bthe most [\w-]+( [\w-]+)? (i|we|you) can\b|"
    # a query of a few words: "max payload size for a real-time endpoint request"
    r"^\W*(max|maximum|min|minimum)\b|\b(max|maximum) (number|size|payload|versions?|memory|instances?|length|count)\b|"
    r"\bhow many\b[^?]*\bcan (one|a|an|each|my|per|an?y?)\b[^?]*\b(have|hold|run|create|contain|use|support|attach)\b",
    re.I,
)
# The kind of limit asked for, and the words a sentence states it with: a default is stated as
# a default ("by default, 100"), a ceiling as a maximum ("up to 6 GB"), a floor as a minimum.
_CEILING = (
    re.compile(r"\b(maximum|max|largest|longest|biggest|most|limits?|quotas?|allowed|up to)\b", re.I),
    re.compile(r"\b(maximum|max|largest|longest|limits?|quotas?|up to|at most|no more than)\b", re.I),
)
_LIMIT_KINDS = [
    (re.compile(r"\bdefaults?\b", re.I), re.compile(r"\bdefaults?\b", re.I)),
    _CEILING,
    (
        re.compile(r"\b(minimum|min|smallest|shortest|least)\b", re.I),
        re.compile(r"\b(minimum|min|smallest|shortest|at least)\b", re.I),
    ),
]
_GENERIC = frozenset(
    content_terms(
        "amazon aws sagemaker default defaults maximum minimum max min limit limits quota quotas most least "
        "largest smallest longest shortest allowed year years first launch launched release released "
        "version versions price prices cost costs charge hour hourly month monthly many much long large "
        "timeout timeouts runtime second seconds minute minutes api sdk parameter parameters name names"
    )
)
"""Words of a question for a figure that do not say what the figure is of."""


def _gives(
    figure: re.Pattern[str],
    question: str,
    passages: list[Passage],
    stated: re.Pattern[str] | None,
    loose: bool = False,
    examples: bool = True,
    valued: frozenset[str] = frozenset(),
) -> bool:
    """A sentence of a passage gives a figure of the kind (stated as the kind of limit asked
    for, if one is) about what the question asks: "up to 100 parallel requests" does not give
    the memory size of an endpoint. About means half the question's topic words, or two of them
    (``loose``) for a kind a learner asks for in passing ("f1 formula pls i always forget it")."""
    topic = set(content_terms(question)) - _GENERIC
    enough = min(2, len(topic)) if loose else (len(topic) + 1) // 2
    shares = _SHARE_ASKED_RE.search(question) is not None
    for p in passages:
        if (stated is not None or not examples) and is_example(p):
            continue  # "a maximum wait time of 24 hours" in a worked example is what one team chose
        for sentence in split_sentences(p.text):
            if not figure.search(sentence) or (
                stated is not None and not _states(stated, figure, sentence, shares)
            ):
                continue
            words = set(content_terms(f"{p.section_label} {sentence}"))
            if valued and not valued & set(content_terms(sentence)):
                continue  # "a few thousand example prompts" gives no LoRA rank
            if valued and "=" in sentence:
                continue  # "F1 = 2 * (precision * recall) / ...": a formula's figure is no bar
            if not topic or len(topic & words) >= enough:
                return True
    return False


_NEAR = 8
"""Words after "maximum", "up to" or "by default" within which the figure must be stated."""


def _states(stated: re.Pattern[str], figure: re.Pattern[str], sentence: str, shares: bool) -> bool:
    """The figure follows the word that states a ceiling closely ("a maximum memory size of 6 GB",
    "up to 100"), or stands near "default" ("100 parallel requests by default"): "40 training
    jobs over max depth" states no maximum."""
    for m in stated.finditer(sentence):
        before = " ".join(sentence[: m.start()].split()[-_NEAR:])
        after = " ".join(sentence[m.end() :].split()[:_NEAR])
        near = f"{before} {after}" if "default" in m.group().lower() else after
        # ... and a share only when a share is asked: "a discount of up to 90 percent" is no
        # number of parallel training jobs, nor a wait time
        if not shares:
            near = _SHARE_RE.sub(" ", near)
        if figure.search(near):
            return True
    return False


_SHARE_ASKED_RE = re.compile(r"\b(percent|percentage|share|rate|ratio)s?\b|%", re.I)
_SHARE_RE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|percent\b)", re.I)


_DURATION_KINDS = [
    # a time-to-live is stated as one ("records expire after 7 days")
    (
        re.compile(r"\b(ttl|time[- ]to[- ]live)\b", re.I),
        re.compile(r"\b(ttl|time[- ]to[- ]live|expire[sd]?|expiry)\b", re.I),
    ),
    # a timeout is stated as a timeout, a runtime as a runtime ("a maximum wait time of 24 hours"
    # is not how long a job may run); other durations by their figure alone
    (re.compile(r"\btime-?outs?\b", re.I), re.compile(r"\btime-?outs?\b|\btimes? out\b", re.I)),
    (
        re.compile(r"\b(runtime|run time|time limit)\b", re.I),
        re.compile(r"\b(runtime|run time|time limit|runs? for (up to|at most))\b", re.I),
    ),
]


def _stated(
    kinds: list[tuple[re.Pattern[str], re.Pattern[str]]], question: str, otherwise: re.Pattern[str] | None
) -> re.Pattern[str] | None:
    """How a sentence states the kind of figure the question asks for."""
    return next((stated for asked, stated in kinds if asked.search(question)), otherwise)


def _year_stated(question: str) -> re.Pattern[str] | None:
    """ "When did AWS launch SageMaker?" asks of SageMaker itself: "Studio Classic ... that
    SageMaker offered, launched in 2019" dates something else."""
    return _VENDOR_LAUNCHED if not set(content_terms(question)) - _GENERIC else None


# "what LoRA rank should we use": the words of the value asked about end where the asking verb begins
_ASKING_VERB_RE = re.compile(
    r"\b(did|does|do|should|would|will|counts?|is|means|qualif\w*|for|of|to)\b(?!-)", re.I
)


def _valued(asked: str) -> frozenset[str]:
    """The words of what a value is asked of: "lora rank" of "What LoRA rank should we use";
    none for "what value for ..." (the caller then needs none)."""
    head = _ASKING_VERB_RE.split(asked, maxsplit=1)[0]
    return frozenset(content_terms(head)) - VALUE_WORDS - _GENERIC


class _Figure(NamedTuple):
    asked: re.Pattern[str]
    given: re.Pattern[str]
    stated: Callable[[str], re.Pattern[str] | None]
    """How a sentence must state it, for the question."""
    kind: str
    """Named in the decline: "The course does not give {kind} for this"."""
    loose: bool = False
    """Asked in passing ("f1 formula pls"): two topic words in the sentence are enough (``_gives``)."""
    examples: bool = True
    """A worked example's figure may answer: not for a threshold ("applicants under 25" in a bias
    audit is no value that counts as biased), nor a duration (one team's checkpoint interval)."""
    names_valued: bool = False
    """The sentence must name what the value is of (``_valued``)."""
    unless: Callable[[str], bool] | None = None
    """The question's words for the kind, used in a way that asks for none ("compare ... on
    per-request cost" weighs two things on cost, asking no price: ``cost_compared``)."""


_duration_stated = functools.partial(_stated, _DURATION_KINDS, otherwise=None)


def _any(question: str) -> None:
    return None


# in order: the first kind asked and not given is the one named
_FIGURES = [
    _Figure(_PRICE_ASKED, _PRICE_GIVEN, _any, "prices", unless=cost_compared),
    _Figure(_YEAR_ASKED, _YEAR_GIVEN, _year_stated, "dates of releases or launches"),
    _Figure(_DAY_ASKED, _DAY_GIVEN, _any, "exact dates"),
    _Figure(_VERSION_ASKED, _VERSION_GIVEN, _any, "version numbers"),
    _Figure(_DURATION_ASKED, _DURATION_GIVEN, _duration_stated, "that duration", examples=False),
    _Figure(_LIMIT_ASKED, NUMBER, lambda q: _stated(_LIMIT_KINDS, q, _CEILING[1]), "that default or limit"),
    _Figure(_IDENTIFIER_ASKED, _IDENTIFIER_GIVEN, _any, "API or parameter names"),
    _Figure(ERROR_ASKED, ERROR_GIVEN, _any, "error messages or codes"),
    _Figure(CODE_ASKED, CODE_GIVEN, _any, "code or scripts"),
    _Figure(LEVEL_ASKED, LEVEL_GIVEN, _any, "that percentage or service level"),
    _Figure(REGION_ASKED, REGION_GIVEN, _any, "a list of Regions"),
    _Figure(SETTING_ASKED, STEPS_GIVEN, _any, "the console's steps or settings"),
    _Figure(LAW_ASKED, LAW_GIVEN, _any, "the laws or regulations that apply"),
    _Figure(
        VALUE_ASKED,
        VALUE_GIVEN,
        _any,
        "that value or threshold",
        loose=True,
        examples=False,
        names_valued=True,
    ),
    _Figure(FORMULA_ASKED, FORMULA_GIVEN, _any, "that formula", loose=True),
    _Figure(ALGORITHM_ASKED, ALGORITHM_GIVEN, _any, "the algorithm or test it uses"),
    _Figure(PERSON_ASKED, PERSON_GIVEN, _any, "people's names"),
]


def missing_detail(question: str, passages: list[Passage]) -> str:
    """What kind of figure the question asks for that no passage gives ("prices", ...); '' when
    it asks for none or a passage gives one."""
    # "... at a very low cost per request. Which approach suits this?": the story's requirement is
    # no figure asked; only the question's own sentences ask
    asking = " ".join(s for s in split_sentences(question) if s.rstrip().endswith("?")) or question
    for f in _FIGURES:
        asked = f.asked.search(asking) if f.unless is None or not f.unless(asking) else None
        of_what = _valued(asked.group()) if asked and f.names_valued else frozenset()
        if asked and not _gives(
            f.given, question, passages, f.stated(question), f.loose, f.examples, of_what
        ):
            return f.kind
    if COUNT_ASKED.search(asking) and not count_given(asking, passages):
        return "that number"
    return ""
