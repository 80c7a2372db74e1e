"""Names in a question that the course never mentions: "SageMaker Neo", "Amazon Kinesis",
"Label Studio", a tool written loosely ("with DVC") or as code ("num_workers"). A name is a run
of capitalised words (``vocabulary.name_runs``); it is unknown when the course never writes it,
nor each of its words as a course name."""

from __future__ import annotations

import re

from tutor.answer.subjects import ADJECTIVE_ENDS, made_adjective
from tutor.answer.vocabulary import FOREIGN_VENDORS, VENDORS, CourseVocabulary, name_runs
from tutor.text import content_terms, normalize, stem

# Capitals every programmer writes: "an API key" in a question about git names nothing of the course
EVERYDAY_ACRONYMS = frozenset(
    {"API", "APIS", "SDK", "GPU", "CPU", "CSV", "JSON", "SQL", "URL", "HTTP", "IDE", "PDF"}
)


def _in_course_parts(words: list[str], vocab: CourseVocabulary) -> bool:
    """ "Model Monitor Data Quality": course phrases of two words or more, one after another
    (the learner capitalised "data quality"); "Label Studio" cannot be split so."""
    if not words:
        return True
    return any(
        vocab.mentions_name(" ".join(words[:n])) and _in_course_parts(words[n:], vocab)
        for n in range(len(words), 1, -1)
    )


_LETTER_AND_WORD_RE = re.compile(r"[A-Z]-[a-z]+s?")
# "nothing I'd have to google", "just google it": the vendor's name as the learner's verb
_AS_A_VERB_RE = r"\b(?:to|just|i|i'd|you|we|can|could|gotta|will)\s+"
_AS_A_VERB_END = r"(?:\s+(?:it|that|this|them))?\W*$"


def _soft(run: str, after_vendor: bool) -> bool:
    """A name the learner may have written loosely: a lower-case word after "sagemaker", or a short
    abbreviation in capitals ("VS", "LLM"): not enough alone to decline."""
    own = [w for w in run.split() if w.lower() not in VENDORS]
    if after_vendor:
        return all(w.islower() for w in own)
    return all(w.removesuffix("s").isupper() and w.isalpha() and len(w) <= 5 for w in own)


_ASKED_OF_VENDOR_RE = r"\b(?:did|does|do|will|would|could|can|should|has|have|is|was|might)\s+(?:(?:that|this|it)\s+(?:just\s+)?)?"
# ... followed by what the vendor does it to: "did AWS kill Classic?", "is that AWS upselling me?" ("can amazon forecast
# predict sales?" asks what the product does)
_OBJECT_RE = r"\s+(?:(?-i:[A-Z])|(?:the|a|an|my|our|its|it|them|this|that|these|those|me|us|you)\b)"


def _capitalises(question: str) -> bool:
    """The message starts with a capital letter: its writer capitalises, so a lower-case word is
    not a name."""
    first = re.search(r"[A-Za-z]", question)
    return first is not None and first.group().isupper()


def unknown_names(question: str, vocab: CourseVocabulary, soft: bool = False) -> list[str]:
    """The product-like names of the question the course never mentions (``soft``: only the
    loosely written ones, see ``_soft``; otherwise only the others)."""
    missing = []
    for run, after_vendor in name_runs(question):
        words = run.split()
        own = [w for w in words if w.lower() not in VENDORS]
        # "X-ray", "T-shirt": a letter and a word, an ordinary noun rather than a product, not even
        # a loosely written one to name in a decline ("AWS X-Ray", after a vendor, stays a name)
        if not own or (not after_vendor and all(_LETTER_AND_WORD_RE.fullmatch(w) for w in own)):
            continue
        # "a PM-level explanation", "exec-style": a word made an adjective, what the answer is like
        if len(own) == 1 and own[0].count("-") == 1 and own[0].split("-")[1].lower() in ADJECTIVE_ENDS:
            continue
        if (
            len(words) == 1
            and run.islower()
            and re.search(_AS_A_VERB_RE + re.escape(run) + _AS_A_VERB_END, question, re.I)
        ):
            continue
        # another cloud ("google vertex ai", "Azure") however it is written: never this course's
        if words[0].lower() in FOREIGN_VENDORS:
            if not soft:
                missing.append(run[:1].upper() + run[1:])
            continue
        # "amazon rekognition": a product after Amazon or AWS even in lower case ("sagemaker stuff"
        # is how a learner talks about the course)
        firm_after = words[0].lower() in {"amazon", "aws"} and len(own) == len(words) - 1
        # "The AWS rep kept saying ...", "AWS loves to say ...": the vendor written in capitals and
        # the next word not, by a learner who capitalises names, is the vendor and the learner's
        # own word; a product keeps its capital ("AWS Glue"), and an all-lower-case message
        # ("aws glue databrew") is judged by the rules below
        if firm_after and words[0][0].isupper() and all(w.islower() for w in own) and _capitalises(question):
            continue
        if (
            firm_after
            and own[0].islower()
            and re.search(_ASKED_OF_VENDOR_RE + re.escape(run) + _OBJECT_RE, question, re.I)
        ):
            continue  # "did AWS kill Classic?": the vendor does something, "kill" is no product
        named = after_vendor and vocab.unnamed_product(own)  # "sagemaker inference recommender"
        if (False if firm_after or named else _soft(run, after_vendor)) != soft:
            continue
        if named:
            missing.append(run)
            continue
        # "Amazon Elastic Inference", "Weights & Biases", "Label Studio": each word is a course
        # word, the product is not
        if (
            len(own) >= 2
            and all(w[0].isupper() for w in own if w != "&")
            and not any(w in EVERYDAY_ACRONYMS for w in own)  # "my GPU JupyterLab space"
            and not vocab.mentions_name(" ".join(own))
            and not _in_course_parts(own, vocab)
        ):
            missing.append(run)
            continue
        for w in own:
            lw = w.lower()
            if after_vendor and w[0].isupper():
                known = vocab.names_word(lw)
            elif firm_after:  # "amazon rekognition" is no typo of "recognition"
                # ... but "did aws rename it?" is the course's "renamed": a verb, not a product
                known = all(t in vocab.terms for t in content_terms(lw)) or stem(lw + "d") in vocab.terms
                # "amazon forecast": a course word ("forecasts"), but the course never writes the
                # product ("aws" is also the learner's bill, page or account)
                known = known and (
                    words[0].lower() != "amazon" or len(own) > 1 or normalize(run) in vocab.text
                )
            elif after_vendor:
                known = all(vocab.knows_term(t) for t in content_terms(lw))
            else:
                known = (
                    vocab.names_word(lw)
                    or all(vocab.knows_term(t) for t in content_terms(lw))
                    or made_adjective(lw, vocab)
                )
            if not known:
                missing.append(run)
                break
    return missing


_TOOL_AFTER_RE = r"\b(?:with|using|uses?|via|through|in|into|to)\s+"


def tool_names(question: str, vocab: CourseVocabulary) -> list[str]:
    """Loosely written names the question uses as a tool ("with DVC", "in CSS", "to ONNX"): an
    abbreviation of three capitals or more after "with", "using", "in" or "to" that the course
    never mentions names a product, however short ("an LLM", "hundreds of MB" do not)."""
    return [
        run
        for run in unknown_names(question, vocab, soft=True)
        if len(run) >= 3 and run.isupper() and re.search(_TOOL_AFTER_RE + re.escape(run) + r"\b", question)
    ]


# "num_workers", and a module's attribute: "functools.wraps", "torch.nn.Module" (not "e.g.")
_SNAKE_CASE_RE = re.compile(
    r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z][a-z0-9_]{2,}(?:\.[A-Za-z_][A-Za-z0-9_]+)+\b(?!\.\w)"
)


def code_names(question: str, vocab: CourseVocabulary) -> list[str]:
    """Names written as code that the course never writes ("num_workers", "train_test_split"):
    a parameter or function of a library the course does not teach."""
    return [w for w in dict.fromkeys(_SNAKE_CASE_RE.findall(question)) if w not in vocab.text]
