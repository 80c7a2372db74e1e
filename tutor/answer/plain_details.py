"""Details a question can ask for whose asking and whose giving are each one pattern: a person,
a formula, a list of Regions, an error message, code, a service level, the steps or settings of a
console, the law that applies, a value asked of a named setting or metric, the algorithm or test
a service uses. ``tutor.answer.details`` declines such a question when no retrieved passage gives
one. ``NUMBER`` is any number, which limits and counts are stated with too.
"""

from __future__ import annotations

import re

from tutor.text import content_terms

# "Who invented SHAP values?": a person the course names
PERSON_ASKED = re.compile(
    r"\bwho (originally |first )?(invented|created|developed|came up with|designed|coined|wrote|proposed)\b|"
    r"\bwho (are|were|is|was) the (researchers?|inventors?|authors?|people|person|creators?)\b|"
    r"\b(name|names) of (this|the|that) (person|researchers?|inventors?|authors?)\b|"
    # "who founded the sagemaker team", "Who is the AWS product leader responsible for Clarify?"
    # (not "who approves models?" nor "who is the model owner?", which ask for a role the course names)
    # ("the CEO's desk" in a story asks for no one)
    r"\bwho (founded|started)\b|\b(founders?|ceo|cto) of\b|"
    r"\bwho (is|was|are|were) (the )?([\w-]+ ){0,3}(founders?|ceo|cto|product (leader|lead|manager)s?)\b",
    re.I,
)
PERSON_GIVEN = re.compile(
    r"\b(invented|developed|created|proposed|introduced|designed) by\b|\b[A-Z][a-z]+ (and|&) [A-Z][a-z]+ \(\d{4}\)"
)
# "What is the exact formula Clarify uses for KL divergence?": a formula is written out
FORMULA_ASKED = re.compile(r"\bformulas?\b|\bequations?\b", re.I)
FORMULA_GIVEN = re.compile(r"\S\s?=\s?\S")

REGION_ASKED = re.compile(
    r"\b(which|what) (aws )?regions?\b|\bregions? (is|are) [^?]*\bavailable\b|\bavailable in (which|what)\b",
    re.I,
)
REGION_GIVEN = re.compile(
    r"\b[a-z]{2}-[a-z]+-\d\b|\b(US|EU|Asia Pacific|Europe|South America|Canada|Middle East|Africa) "
    r"\(?(East|West|North|South|Central|Frankfurt|Ireland|London|Paris|Tokyo|Sydney|N\. Virginia|Ohio|Oregon)"
)

# "What error message does ... show?", "What HTTP status code ...?", "What IAM condition key ...?":
# the answer is the message or code itself, quoted, as a number or as code spells it
ERROR_ASKED = re.compile(r"\b(error (message|code)s?|status codes?|exception (name|type|class)e?s?)\b", re.I)
ERROR_GIVEN = re.compile(r"\"[^\"]{3,}\"|`[^`]+`|\b[1-5]\d\d\b|\b\w+(Exception|Error)\b")

# "Write me the Slurm sbatch script ...": code the course would have to print
CODE_ASKED = re.compile(
    # ... not a wish to do without it ("clean my data without to write code")
    r"(?<!without )(?<!without to )(?<!without having to )(?<!no )(?<!not )(?<!never )(?<!n't )"
    r"\b(write|give|show|send)( me| us)? (the |a |an |some |example )?([\w-]+ ){0,3}"
    r"(script|snippet|code|yaml|template|notebook cell|command line)s?\b|"
    # "what does the code look like?", "what's the exact class I import from the SDK?"
    r"\bwhat (does|would|should) (the|that|this) code look like\b|\b(class|module|function)(es)? (do |should )?(i|we|you) import\b|"
    # "walk me through the exact commands to move my home folder"
    r"\b(exact|actual|precise|specific) (cli |shell |terminal )?commands\b",
    re.I,
)
CODE_GIVEN = re.compile(r"```|`[^`]+`|^\s{4}\S", re.M)

# "What uptime percentage does the SLA guarantee?": a service level is a percentage the course states
LEVEL_ASKED = re.compile(
    r"\bslas?\b|\bservice level\b|\buptime\b|\bavailability (guarantee|percentage|target|commitment)s?\b|"
    r"\b(what|which) (\w+ )?(percentage|percent)\b",
    re.I,
)
LEVEL_GIVEN = re.compile(r"\d+(?:\.\d+)?\s?(%|percent\b)", re.I)

# "Give me the step-by-step procedure to create a private hub", "where is that switched on?",
# "Which domain setting puts Studio into VPC-only mode?": the course teaches what each service is
# for, not the console's steps and switches; it gives steps only where it says it does ("Setting
# up SageMaker Model Monitor follows four steps.")
SETTING_ASKED = re.compile(
    r"\bstep[- ]by[- ]step ([\w-]+ )?(procedure|process|commands|instructions|guide|walkthrough|clicks)\b|\bat which step\b|"
    r"\bconsole clicks\b|"
    r"\bwhere (is|are|do i|do you|can i|would i) (that|this|it|they) (switched|turned|set|enabled|configured|toggled)\b|"
    r"\bwhere (do|can|would) (i|we|you) (switch|turn|toggle|enable) (it|that|this)\b|"
    r"\bwhich ([\w-]+ ){0,2}(setting|option|flag|checkbox) (puts|turns|enables|makes|switches)\b|\bclick path\b|"
    # "what are the exact steps to move our runs", "walk me through every step of that migration"
    r"\b(exact|actual|precise|detailed|individual) steps\b|\bevery step\b|^\W*step[- ]by[- ]step\b|\bthe step[- ]by[- ]step\W*(for|to|of|on)\b|\bsteps? in (aws's|amazon's|the) (guide|docs|documentation)\b|"
    # "What's the setting called that makes old records expire?"
    r"\b(setting|option|flag|toggle|parameter) (is )?(called|named)\b|\bwhat(?:'s| is) (the|that) (setting|option|flag|toggle) (called|named)\b",
    re.I,
)
STEPS_GIVEN = re.compile(r"\b(steps?|first|then|next|finally)\b", re.I)

# "Which specific law or regulation requires us to keep Model Cards?": the answer names a law; the
# course says only that "regulations increasingly require explanations"
LAW_ASKED = re.compile(
    r"\b(which|what) (specific |exact |particular )?([\w-]+ ){0,3}(laws?|regulations?|acts?|statutes?|legislation|articles?)\b"
    r"[^?]*\b(requires?|mandates?|says?|demands?|appl(y|ies)|oblig\w*)\b|"
    # "Does the EU AI Act legally require us to have Model Cards? Which articles?"
    r"\b(legally|by law) (requires?|required|mandates?|mandated|obliged|acceptable|appl(y|ies))\b|\bwhich (articles?|sections?|clauses?) of (the|that) (law|act|regulation)\b|"
    r"\b(which|what) articles?\W*$",
    re.I,
)
LAW_GIVEN = re.compile(r"\b(GDPR|HIPAA|ECOA|CCPA|SOX|[A-Z][\w ]{2,40} Act|Article \d+)\b")


# "What disparate impact value counts as biased?", "What's the passing score?", "What learning rate
# should I use?": a threshold, a score or a recommended setting is a number the course states
VALUE_ASKED = re.compile(
    r"\b(what|which) ([\w-]+ ){0,3}(value|threshold|cut-?off|score|number)s? (counts?|is considered|means|"
    r"qualif\w*|do(es)? (i|we) need)\b|\bpass(ing)? (score|mark|grade|threshold)\b|"
    r"\b(what|which) ([\w-]+ ){0,2}(learning rate|batch size|epochs?|rank|value|threshold)s? "
    r"(should|do|would) (i|we) (use|set|pick|choose)\b|"
    # "what rank and learning rate should a customer start with?"
    r"\b(what|which) ([\w-]+ ){0,3}(learning rate|batch size|epochs?|rank)s? (should|do|would) ([\w-]+ ){1,2}"
    r"(use|set|pick|choose|start with|begin with|go with)\b|"
    # "the exact KL divergence threshold at which Clarify labels a dataset biased"
    # ... "What exact disparate impact value does SageMaker recommend?"
    r"\b(exact|specific|precise|official|actual) ([\w-]+ ){0,3}(threshold|cut-?off|value)s?\b|\bwhat is (that|the) (threshold|cut-?off)\b|"
    # "disparate impact acceptable threshold", "the official threshold number"
    r"\b(acceptable|allowed|recommended|official|legal|safe) (threshold|cut-?off|value|level)s?\b|"
    # "what minimum F1 score should be the bar for promoting it?"
    r"\b(what|which) (minimum|min|maximum|max|lowest|highest) ([\w-]+ ){0,2}(value|threshold|score|accuracy|auc|f1|precision|recall)\b|"
    r"\b(threshold|cut-?off) (number|value|figure)s?\b|"
    # "What disparate impact value does Clarify treat as biased?"
    r"\b(what|which) ([\w-]+ ){0,3}(value|threshold|cut-?off|score|number|ratio|level)s? (does|do|would|will) [\w '-]{0,40}?"
    r"\b(treat|consider|flag|count|label|deem|call|say|recommend|require|mandate)\w*\b|"
    # "What F1 score should a team hit before it's considered safe to ship?"
    r"\b(what|which) ([\w-]+ ){0,3}(value|threshold|cut-?off|score|number|ratio|level)s? (should|must|does|do) "
    r"([\w-]+ ){1,3}(hit|reach|achieve|exceed|clear|aim for|get to|beat)\b|"
    # "need a number for the SLO doc", "give me a ballpark figure"
    r"\b(need|want|give me|looking for) (a|an|the|some) ((rough|ballpark|exact|concrete|hard|real) )?(number|figure)s?\b|"
    # "lora rank what value for fine tuning a 7b model"; "what accuracy did the sentiment model get"
    r"\bwhat (value|number|setting)s? (for|of|to use|should)\b|"
    # "At what confidence score does Ground Truth's automated labelling label an item itself?"
    r"\bat what ([\w-]+ )?(score|threshold|value|level|cut-?off|percentage)\b|"
    r"\bwhat ((?!(is|are|was|were|does|do)\b)[\w-]+ ){0,2}(accuracy|auc|f1( score)?|precision|recall|rmse|error rate)\b[^?]*\b(did|does) [^?]*\b(get|achieve|reach|score|hit)\b|"
    # "which learning rate and LoRA rank did the search select", "what chunk size does the course recommend"
    r"\b(what|which) ([\w-]+ ){0,2}(learning rate|batch size|epochs?|rank|chunk size|size|overlap|sampling rate)s?\b"
    r"[^?]*\b(did|does|do|would|should)\b[^?]*\b(select|pick|choose|chose|recommend|suggest|use|set|land on|settle on)\w*\b|"
    # "what chunk size + overlap is recommended for RAG"
    # (a setting's figure, not "which deployment option is recommended")
    r"\b(what|which) ([\w+-]+ ){0,3}(size|overlap|length|value|number|rate|ratio|threshold|interval|count|percentage)s?"
    r" ([\w+-]+ ){0,2}(is|are) (recommended|suggested|advised|best practice)\b",
    re.I,
)


VALUE_WORDS = frozenset(
    content_terms(
        "what which value values threshold cutoff number score exact specific precise official setting "
        "need want give looking rough ballpark concrete hard real figure"
    )
)
"""The words that ask for a value, not what it is of ("need a rough number": of nothing named)."""


# a comparison on cost is the course's trade-off, not a price, unless a price is named
_COST_COMPARED_RE = re.compile(
    r"\b(compare[sd]?|comparison|versus|vs\.?|differ\w*|trade-?offs?|head[- ]to[- ]head|stacks? up|weigh (up )?against)\b",
    re.I,
)
_PRICE_NAMED_RE = re.compile(
    r"\b(prices?|pricing|how much|dollars?|usd|costs? per|per (hour|month|year))\b|[$€£]|"
    r"\bwhat (does|do|would|will)\b[^?]*\bcost\b",
    re.I,
)


def cost_compared(asking: str) -> bool:
    """ "How does fine-tuning compare with RAG on latency and per-request cost?" weighs the two on
    cost, as the course's trade-off table does; it asks no price unless it names one ("what does
    it cost per month compared with ...")."""
    return _COST_COMPARED_RE.search(asking) is not None and _PRICE_NAMED_RE.search(asking) is None


NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|twenty|thirty|forty|fifty|sixty|hundred|hundreds|thousand|thousands)\b",
    re.I,
)
VALUE_GIVEN = re.compile(r"(?<![A-Za-z])\d|" + NUMBER.pattern.split("|", 1)[1], re.I)
"""A number standing alone: the 1 of "F1" is part of a name."""


# "Which statistical test does Model Monitor use to flag a shift, KS or chi-square?", "What
# algorithm does Ground Truth use to consolidate labels?": the course says what each service
# does, not the algorithm inside it, unless a passage names one of the kind asked
_ALGORITHM_KINDS = (
    r"statistical tests?|two-sample tests?|algorithms?|acquisition functions?|distance metrics?"
)
ALGORITHM_ASKED = re.compile(
    rf"\b(which|what) ([\w-]+ ){{0,2}}({_ALGORITHM_KINDS}|stat tests?|statistic)\b[^?]*\b(does|do|is|did)\b",
    re.I,
)
ALGORITHM_GIVEN = re.compile(
    rf"\b({_ALGORITHM_KINDS}|kolmogorov|chi-squared?|majority vote|all-reduce)\b", re.I
)
