"""Details a question can ask for whose asking and whose giving are each one pattern: a person,
a formula, a list of Regions, an error message, code, a service level, the steps or settings of a
console, the law that applies. ``tutor.answer.details`` declines such a question when no retrieved passage gives one.
"""

from __future__ import annotations

import re

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
    r"(script|snippet|code|yaml|template|notebook cell|command line)s?\b",
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
    r"\bstep[- ]by[- ]step (procedure|process|commands|instructions|guide|walkthrough)\b|\bat which step\b|"
    r"\bwhere (is|are|do i|do you|can i|would i) (that|this|it|they) (switched|turned|set|enabled|configured|toggled)\b|"
    r"\bwhere (do|can|would) (i|we|you) (switch|turn|toggle|enable) (it|that|this)\b|"
    r"\bwhich ([\w-]+ ){0,2}(setting|option|flag|checkbox) (puts|turns|enables|makes|switches)\b|\bclick path\b",
    re.I,
)
STEPS_GIVEN = re.compile(r"\b(steps?|first|then|next|finally)\b", re.I)

# "Which specific law or regulation requires us to keep Model Cards?": the answer names a law; the
# course says only that "regulations increasingly require explanations"
LAW_ASKED = re.compile(
    r"\b(which|what) (specific |exact |particular )?(laws?|regulations?|acts?|statutes?|legislation|articles?)\b"
    r"[^?]*\b(requires?|mandates?|says?|demands?|appl(y|ies)|oblig\w*)\b",
    re.I,
)
LAW_GIVEN = re.compile(r"\b(GDPR|HIPAA|ECOA|CCPA|SOX|[A-Z][\w ]{2,40} Act|Article \d+)\b")
