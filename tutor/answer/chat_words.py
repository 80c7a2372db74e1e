"""A learner's chat written as the course would write it: shortenings in full ("prereqs",
"hyperparams", "b4"), a letter drawn out for emphasis written once ("sooo"), and everyday idioms in
the course's words ("treat younger applicants unfairly": bias). Keyword search and the coverage
decision only know the course's words.
"""

from __future__ import annotations

import re

# Chat shortenings of words the course writes in full: "prereqs", "hyperparams", "in prod".
_SHORT_FORMS = {
    "prereq": "prerequisite",
    "prereqs": "prerequisites",
    "hyperparam": "hyperparameter",
    "hyperparams": "hyperparameters",
    "param": "parameter",
    "params": "parameters",
    "algo": "algorithm",
    "algos": "algorithms",
    "config": "configuration",
    "env": "environment",
    "envs": "environments",
    "prod": "production",
    "infra": "infrastructure",
    "perf": "performance",
    "perms": "permissions",
    "repo": "repository",
    "repos": "repositories",
    "deps": "dependencies",
    "stats": "statistics",
    "mgr": "manager",
    "mgmt": "management",
    "b4": "before",
    "pls": "please",
    "plz": "please",
    "wknd": "weekend",
    "hpo": "hyperparameter tuning",
    "rly": "really",
    "bc": "because",
    "cuz": "because",
    "w/o": "without",
    "thru": "through",
    "govt": "government",
    "ppl": "people",
    "smth": "something",
    "def": "definition",
    "defn": "definition",
    "async": "asynchronous",
    "sth": "something",
    "im": "I'm",
    # contractions typed without the apostrophe
    "cant": "can't",
    "dont": "don't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "didnt": "didn't",
    "shouldnt": "shouldn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "havent": "haven't",
    "thats": "that's",
    "theres": "there's",
    "ive": "I've",
    "youre": "you're",
    "theyre": "they're",
    # a teacher's word for the people the course calls learners
    "students": "learners",
    "student": "learner",
    "pupils": "learners",
    "trainees": "learners",
    # an idiom for what the course calls monitoring
    "keep an eye on": "monitor",
    "keeping an eye on": "monitoring",
    "keeps an eye on": "monitors",
    # "do we need to keep watching a model after it goes live?"
    "keep watching": "keep monitoring",
    "keep checking on": "keep monitoring",
    "watch over": "monitor",
    "babysit": "monitor",
    "babysitting": "monitoring",
}
_SHORT_FORM_RE = re.compile(r"\b(" + "|".join(map(re.escape, _SHORT_FORMS)) + r")(?![\w/])", re.I)
_DRAWN_OUT_RE = re.compile(r"\b(?!www\b)([a-z]*?)([a-z])\2{2,}([a-z]*)\b", re.I)


# How people outside ML say what the course calls bias and explaining a prediction: "does the loan
# model treat younger applicants unfairly?", "why it turned down one candidate", "auditor asks why
# loan got denied"
_DECIDED_ON = (
    r"(?:loans?|applicants?|applications?|candidates?|claims?|customers?|transactions?|borrowers?|accounts?|"
    r"users?|players?)"
)
_IDIOMS = [
    (
        re.compile(
            r"\b(treats?|treating) ((?:[\w'-]+ ){0,2}?[\w'-]+) (?:unfairly|worse|differently)\b", re.I
        ),
        r"\1 \2 with bias",
    ),
    (re.compile(r"\bdiscriminat(?:es|ing|e) against\b", re.I), "is biased against"),
    (
        re.compile(
            # ... not when the learner already asks to explain it ("How does Clarify explain why ...")
            rf"(?<!explain )(?<!explains )(?<!out )(?<!understand )\bwhy (?:(?:it|the model|they|we) )?(?:(?:[\w'-]+ ){{0,3}}?(?P<who>{_DECIDED_ON}) "
            r"(?:got |was |were |is |gets )?)?(?:turned down|denied|rejected|declined|refused|flagged)\b",
            re.I,
        ),
        lambda m: (
            f"how to explain the prediction for the {m.group('who')}"
            if m.group("who")
            else "how to explain the prediction for"
        ),
    ),
]


def spelled_out(question: str) -> str:
    """ "sooo what are the prereqs" as the course would write it: "so what are the
    prerequisites" (chat shortenings in full, a letter drawn out for emphasis written once, and
    ``_IDIOMS`` in the course's words)."""
    question = _DRAWN_OUT_RE.sub(lambda m: m.group(1) + m.group(2) + m.group(3), question)
    question = _SHORT_FORM_RE.sub(lambda m: _SHORT_FORMS[m.group(1).lower()], question)
    for idiom, course_words in _IDIOMS:
        question = idiom.sub(course_words, question)
    # "the bias metrics Clarify calculates before training" are its pre-training metrics
    if _BIAS_RE.search(question):
        question = _BIAS_WHEN_RE.sub(lambda m: "pre-training" if m.group(1) else "post-training", question)
    return question


_BIAS_RE = re.compile(r"\bbias", re.I)
# ... and "before any model exists": before training
_BIAS_WHEN_RE = re.compile(
    r"\b(?:(before|prior to)|after) (?:training|(?:any|a|the) model (?:exists|is trained|is built|has been trained))\b",
    re.I,
)
