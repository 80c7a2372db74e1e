"""The course's words and names, and the product-like names a question uses.

"Amazon Forecast" is a name after a vendor's prefix; "demand forecast" is not. The vocabulary
knows which words the course uses, which it writes as names, and finds the course word a typo
meant ("clarfy" is Clarify). Built once per library.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable

from tutor.answer.english_words import english_words
from tutor.answer.per_library import per_library
from tutor.answer.question_words import focus_terms, is_asking_word
from tutor.models import Chunk
from tutor.text import STOPWORDS, content_terms, normalize, stem

VENDORS = frozenset({"amazon", "aws", "sagemaker"})
"""Prefixes after which the next capitalised words name a product. They are not names of their
own here (every passage of a SageMaker course is about them)."""
FOREIGN_VENDORS = frozenset({"google", "azure", "microsoft", "ibm", "oracle", "gcp", "alibaba"})
KIND_WORDS = frozenset(
    {"service", "tool", "feature", "capability", "product", "option", "offering", "component", "solution"}
    | {"services", "tools", "features", "capabilities", "products", "options", "offerings", "components"}
    # ... in everyday words: "the SageMaker piece that keeps the versions", "which SageMaker bit"
    | {"piece", "pieces", "part", "parts", "bit", "bits", "thing", "things", "functionality"}
    # the vendor's own pages and places, not a product: "the name 'SageMaker AI' in AWS docs"
    | {"docs", "doc", "documentation", "website", "blog", "account", "accounts", "certification"}
    # ... and its people: "I'm the AWS admin"
    | {"admin", "admins", "administrator", "administrators", "customer", "customers", "team", "teams"}
)
"""Lower-case words after a vendor prefix that say what kind of thing is asked for, not which
("which SageMaker capability ...", unlike "sagemaker neo")."""
_ADVERBS = frozenset(
    """
    instead rather alone anyway now today yet already either anymore first later too directly locally
    properly correctly only
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_VERBS_AFTER_VENDOR = frozenset(
    "takes charges bills provides recommends supports runs lets says reclaims stops starts stores keeps".split()  # noqa: SIM905
)
"""'AWS takes the capacity back': a verb after a vendor's name, not a product ('sagemaker neo')."""


_AUXILIARIES = frozenset("does do did can could will would should may might must".split())  # noqa: SIM905
DETERMINERS = frozenset("the a an my our your its their any all each every this that these those".split())  # noqa: SIM905
_OBJECT_PRONOUNS = frozenset("us me them him her you".split())  # noqa: SIM905


def _vendors_verb(word: str, before: str, after: str) -> bool:
    """The word after a vendor's name is what the vendor does, not a product, when it has an
    object after it (a product is named by a noun, which no object follows): after "does", one
    with an object or a product after it ("Does SageMaker compute the risk rating?", "did amazon
    rename sagemaker?"; "does sagemaker neo do ...?" names a product); one before "us" or "me"
    ("does going with SageMaker lock us in?"); a verb's "-s" before "the" ("when aws yanks the
    capacity")."""
    if before in _AUXILIARIES and after in DETERMINERS | VENDORS:
        return True
    if after in _OBJECT_PRONOUNS:
        return True
    return after in DETERMINERS and word.isalpha() and word.endswith("s") and not word.endswith("ss")


_TOKEN_RE = re.compile(r"[^\W\d_][^\W_]*(?:[.+-][^\W_]+)*|[^\s\w]|\d+")
_OPENERS = frozenset({".", "?", "!", ":", ";", "(", '"', "|", "#", "-", "*", "`", ">", "¿", "¡"})


def _words(text: str) -> list[tuple[str, bool]]:
    """(token, starts a sentence or cell) for the words and punctuation of one line."""
    out, prev = [], "."
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        out.append((word, prev in _OPENERS or prev.isdigit()))
        prev = word
    return out


_TYPO_CUTOFF = 0.85
"""difflib's ratio a misspelt word must reach with a course word: "clarfy" and "clarify" 0.92."""


_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?[kmb]?")


class NearWords:
    """Words of five letters or more, to find the one a typo meant. A typo rarely hits the first
    letter or changes the length by more than two, so only those words are compared."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_head: dict[str, list[str]] = {}
        for w in words:
            if len(w) >= 5:
                self._by_head.setdefault(w[0], []).append(w)

    def nearest(self, word: str) -> str | None:
        if len(word) < 5:
            return None
        near = [w for w in self._by_head.get(word[0], []) if abs(len(w) - len(word)) <= 2]
        found = difflib.get_close_matches(word, near, n=1, cutoff=_TYPO_CUTOFF)
        return found[0] if found else None


def _slips(words: set[str]) -> dict[str, str]:
    """Each course word by the ways a learner slips typing it: one of a doubled letter left out
    ("recal", "notebok", "diferent"), or, in a word of seven letters or more, an inner vowel left
    out ("precsion", "monitring") or two neighbours swapped ("verison"). Shorter words and other
    letters are left alone: "though", "tired", "string" and "contact" are words of their own,
    not slips of "through", "tried", "storing" and "contract"; and a slip that is a course word
    itself is no slip."""
    slips: dict[str, str] = {}
    for w in sorted(words):
        for i in range(1, len(w)):
            dropped = w[:i] + w[i + 1 :]
            if w[i] == w[i - 1] or (w[i] in "aeiou" and len(dropped) >= 7 and i < len(w) - 1):
                slips.setdefault(dropped, w)
            if len(w) >= 7 and i < len(w) - 1 and w[i] != w[i + 1]:
                slips.setdefault(w[:i] + w[i + 1] + w[i] + w[i + 2 :], w)
    return {slip: w for slip, w in slips.items() if slip not in words}


def _shared_head(a: str, b: str) -> int:
    """How many letters two words start with in common."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


class CourseVocabulary:
    """What the course says, in the forms the decision needs: stemmed words, words the course
    writes as names (capitalised inside a sentence, or all capitals), and the lower-cased text."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.terms: set[str] = set()
        self.names: set[str] = set()
        texts = []
        written = []  # as the course writes them, for the capitals it uses
        for c in chunks:
            text = f"{c.section_label}\n{c.text}"
            written.append(text)
            texts.append(text.lower())
            self.terms.update(content_terms(text))
            # "pre-training" is also written "pretraining"
            self.terms.update(stem(a + b) for a, b in re.findall(r"\b([a-z]+)-([a-z]+)\b", text.lower()))
            for line in text.splitlines():
                for word, initial in _words(line):
                    if word[0].isalpha() and _is_name_form(word, initial):
                        self.names.add(word.lower())
        self.text = "\n".join(texts)
        plain = set(re.findall(r"\b[a-z]+\b", self.text))
        self.joined = {
            a + b: f"{a}-{b}"
            for a, b in re.findall(r"\b([a-z]+)-([a-z]+)\b", self.text)
            # "groundtruth" is Ground Truth, which the course also writes apart
            if a + b not in plain and len(a + b) >= 6 and f"{a} {b}" not in self.text
        }
        """The course's hyphenated words by how a learner writes them joined: "pretraining" is
        the course's "pre-training" (keyword search finds only what the course writes)."""
        pairs = set(re.findall(r"(?=\b([a-z]+ [a-z]+)\b)", self.text))
        whole = "\n".join(written)
        two_words = {
            " ".join(re.findall(r"[A-Z][a-z]+", name)).lower(): name
            for name in set(re.findall(r"\b[A-Z][a-z]+[A-Z][a-z]+\b", whole))
        }
        self.apart: dict[str, str] = {
            f"{w[:i]} {w[i:]}": w
            for w in plain
            if len(w) >= _SPLIT_MIN and w not in STOPWORDS
            for i in range(_SPLIT_PART, len(w) - _SPLIT_PART + 1)
            if f"{w[:i]} {w[i:]}" not in pairs and not {w[:i], w[i:]} & STOPWORDS
        } | {apart: name for apart, name in two_words.items() if apart not in self.text}
        """The course's words and names by how a learner writes them as two words: a long word
        split anywhere ("hyper parameter" is hyperparameter, "work flow" workflow), and a name of
        two joined words split where the course capitalises, as a voice typing tool writes it
        ("sage maker" is SageMaker, "jump start" JumpStart); never two words the course itself
        writes side by side."""
        lower = set(re.findall(r"\b[a-z][a-z0-9]+\b", whole))
        self.acronyms: dict[str, str] = {
            w.lower(): w for w in re.findall(r"\(([A-Z][A-Z0-9]{2,})\)", whole) if w.lower() not in lower
        }
        """The short forms the course spells out ("retrieval-augmented generation (RAG)") and
        writes in capitals only, by their lower-case form: a learner typing "rag" means RAG."""
        self.passages = [(normalize(t), {w[:5] for w in content_terms(t)}) for t in texts]
        """(normalised text, stemmed words cut to five letters) of each passage, section label
        included: "measure" and "measures" stem apart, but meet here."""
        self._spread: dict[str, int] = {}
        for _, heads in self.passages:
            for h in heads:
                self._spread[h] = self._spread.get(h, 0) + 1
        self.near_terms = NearWords(self.terms)
        self._heads = {t[:_FAMILY_HEAD] for t in self.terms if len(t) >= _FAMILY_HEAD}
        self.slips = _slips(set(re.findall(r"[a-z]{5,}", self.text)))
        """A course word by each slip of typing it (see ``_slips``): "precision" by "precsion"."""
        self.near_names = NearWords(n for n in self.names if n.isalpha())
        self._mentioned: dict[str, bool] = {}
        self.headings: dict[frozenset[str], list[tuple[str, tuple[str, ...]]]] = {}
        """Sections by the topic words of their heading (first five letters, product prefixes
        left out), in reading order: "What goes into a SageMaker model card" under
        {"goes", "model", "card"}. Read once here instead of once per question."""
        for c in sorted(chunks, key=lambda c: (c.source, c.position)):
            if c.section_path:
                key = (c.source_path, tuple(c.section_path))
                listed = self.headings.setdefault(heading_words(c.section_path[-1]), [])
                if key not in listed:
                    listed.append(key)

    def rarity(self, term: str) -> float:
        """How much a word of the question says about which sentence answers it: "disparate" (in
        two passages) far more than "train" (in most). Inverse passage frequency, squared so a
        rare word outweighs several common ones; a word the course never uses weighs most."""
        spread = self._spread.get(term[:5], 0)
        return (math.log((len(self.passages) + 1) / (spread + 1)) + 1) ** 2

    def knows_term(self, term: str) -> bool:
        """A stemmed word of the course, or a one-letter typo of a longer one."""
        if term in self.terms or _NUMBER_RE.fullmatch(term):  # "100k images": a count, no topic word
            return True
        # "interruptions" of the course's "interrupted": the light stemmer keeps some forms apart
        if len(term) >= _FAMILY_HEAD + 1 and term[:_FAMILY_HEAD] in self._heads:
            return True
        near = self.near_terms.nearest(term)
        if near is None or term not in english_words():
            return near is not None
        # an English word is no typo ("forest" is not "forecast"), but may be a form of the course's
        # word: "mastery" of "master", "recommender" of "recommend"
        return _shared_head(near, term) >= min(len(near), len(term)) - 1

    def unnamed_product(self, written: list[str]) -> bool:
        """The words a learner wrote after "sagemaker", in lower case, name a product the course
        does not: course words and an agent noun the course never writes together ("inference
        recommender", see ``name_runs``), or one word that is neither the course's nor English
        ("geospatial"; the word list has no short words, so "bits" is left alone)."""
        if not written or not all(w.isalpha() and w.islower() for w in written):
            return False
        if len(written) >= 2:
            return not self.mentions(" ".join(written))
        word = written[0]
        return (
            len(word) >= 5
            and word not in english_words()
            and not is_asking_word(word)
            and not any(self.knows_term(t) for t in content_terms(word))
        )

    def names_word(self, word: str) -> bool:
        """The course writes this word as (part of) a name, singular or plural: "Card" for
        "Model Cards"."""
        return bool({word, word + "s", word.removesuffix("s")} & self.names)

    def mentions_name(self, name: str) -> bool:
        """The course mentions the name, singular or plural ("Model Card" for "Model Cards")."""
        return any(self.mentions(n) for n in {name, name + "s", name.removesuffix("s")})

    def mentions(self, phrase: str) -> bool:
        """The course has the phrase as whole words; remembered, as one question asks about the
        same few phrases many times (each part of a capitalised run, singular and plural)."""
        key = phrase.lower()
        if key not in self._mentioned:
            if len(self._mentioned) >= _MENTIONED_MAX:  # learners' phrases are unbounded
                self._mentioned.clear()
            pattern = rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])"
            self._mentioned[key] = re.search(pattern, self.text) is not None
        return self._mentioned[key]


_MENTIONED_MAX = 20_000
_SPLIT_MIN = 7
_SPLIT_PART = 3
"""A word split in two (``CourseVocabulary.apart``) is this long, and each part at least this."""
_FAMILY_HEAD = 8
"""Two words this long that begin alike are forms of one word ("interrupt", "interruption")."""


def heading_words(text: str) -> frozenset[str]:
    """Topic words of a heading or a question, first five letters (product prefixes such as
    "SageMaker" are no content terms)."""
    return frozenset(t[:5] for t in focus_terms(text))


_BUSINESS_AMPERSAND_RE = re.compile(r"\b(?:L&D|R&D|Q&A|P&L|M&A|H&S|T&Cs?)(?!\w)")
"""'Our L&D coordinator': a business abbreviation, not a product (as 'W&B' is)."""
_VERSION_LABEL_RE = re.compile(r"v\d+(?:\.\d+)*")
"""'model v14': a version of the learner's own, not a product."""


def _is_name_form(word: str, initial: bool) -> bool:
    if _VERSION_LABEL_RE.fullmatch(word):
        return False
    if len(word) >= 2 and word.isupper():
        return True
    if any(ch.isupper() for ch in word[1:]) or (any(ch.isdigit() for ch in word) and word[0].isalpha()):
        return True
    return word[0].isupper() and not initial


@per_library
def vocabulary(chunks: list[Chunk]) -> CourseVocabulary:
    """The course's vocabulary, built once per library (tutor.answer.per_library)."""
    return CourseVocabulary(chunks)


def chunks_saying(term: str, library: list[Chunk]) -> list[Chunk]:
    """The chunks of ``library`` whose text (heading included) has ``term`` as whole words, read
    from the vocabulary's normalised passages rather than normalising every chunk again."""
    at = re.compile(rf"(?<![a-z0-9]){re.escape(normalize(term))}(?![a-z0-9])")
    return [c for c, (text, _) in zip(library, vocabulary(library).passages, strict=True) if at.search(text)]


# "Every Sunday night ...", "by March", "ELI5 SHAP": capitalised, but days, months and chat
# abbreviations are no products
_NOT_NAMES = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december eli5 tldr tl;dr pls plz thx fyi imo btw
    """.split()  # noqa: SIM905 - a word list reads better as text
)


_AGENT_NOUN_RE = re.compile(r"[a-z]{4,}(?:er|or)s?")
_NOT_AGENTS = frozenset(
    """
    better faster cheaper easier harder quicker slower lower higher bigger smaller larger later
    longer shorter safer simpler newer older greater fewer further earlier rather either neither
    never whether together however whenever wherever whatever forever
    """.split()  # noqa: SIM905 - a word list reads better as text
)
"""Comparatives and adverbs that end like an agent noun: "is sagemaker training cheaper?"."""


def name_runs(question: str) -> list[tuple[str, bool]]:
    """(name as the learner wrote it, follows a vendor prefix) for each product-like name."""
    question = _BUSINESS_AMPERSAND_RE.sub(" ", question)
    runs: list[tuple[list[str], bool]] = []
    current: list[str] = []
    vendor = False
    before = ""  # the word before the current run
    tokens = _words(question)
    skip = -1  # a word already taken into the run before it
    for at, (word, initial) in enumerate(tokens):
        if at == skip:
            continue
        lw = word.lower()
        if not current:
            before = tokens[at - 1][0].lower() if at else ""
        after = tokens[at + 1][0].lower() if at + 1 < len(tokens) else ""
        if word == "&" and current:  # "Weights & Biases", "Model Building & Training": one name
            current.append(word)
            continue
        name_like = word[0].isalpha() and (
            lw in VENDORS or lw in FOREIGN_VENDORS or _is_name_form(word, initial)
        )
        if name_like and (lw not in STOPWORDS or lw in VENDORS) and lw not in _NOT_NAMES:
            if not current:
                vendor = lw in VENDORS or lw in FOREIGN_VENDORS
            current.append(word)
        elif (
            current
            and current[-1].lower() in VENDORS
            and word[0].isalpha()
            and lw not in STOPWORDS
            and lw not in KIND_WORDS
            and lw not in _VERBS_AFTER_VENDOR
            # "on SageMaker instead of ...", "SageMaker directly": how, not which product
            and lw not in _ADVERBS
            and not (len(lw) > 6 and lw.endswith("ly"))  # "AWS permanently shut down ..."
            and not is_asking_word(lw)
            and not (len(current) == 1 and _vendors_verb(lw, before, after))
        ):
            current.append(word)  # "sagemaker neo": a lower-case product after the prefix
            # ... and the agent noun that follows ("sagemaker inference recommender", "sagemaker
            # training compiler"): a product is named by what it does
            if (
                word.islower()
                and _AGENT_NOUN_RE.fullmatch(after)
                and after not in STOPWORDS | _NOT_AGENTS  # "after", "better", "rather"
                and not is_asking_word(after)
            ):
                current.append(tokens[at + 1][0])
                skip = at + 1
            runs.append((current, vendor))
            current = []
        else:
            if current:
                runs.append((current, vendor))
            current = []
    if current:
        runs.append((current, vendor))
    runs = [(words[:-1] if words[-1] == "&" else words, vendor) for words, vendor in runs]
    return [(" ".join(words), vendor) for words, vendor in runs if words]


def correct_name_typos(question: str, vocab: CourseVocabulary) -> str:
    """``question`` with misspelt course names set right ("wat does sagemaker clarfy do" asks
    about Clarify), so that keyword search finds them. Only lower-case words of five letters or
    more that are not course words are changed, each to the one course name it is closest to: a
    capitalised word is a name as the learner wrote it ("Textract" is not "extract"), which the
    coverage decision must see as written. A short form the course spells out and writes only in
    capitals is put in capitals ("how does rag work" asks about RAG), and a hyphenated word
    written joined is hyphenated as the course writes it ("pretraining")."""

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if word in vocab.acronyms:
            return vocab.acronyms[word]
        if word in vocab.joined:
            return vocab.joined[word]
        if len(word) < 5 or not word.islower() or word in STOPWORDS or is_asking_word(word):
            return word  # "taking" is how the learner asks, not a misspelt "tracking"
        if all(t in vocab.terms for t in content_terms(word)):
            return word
        # a course name first ("clarfy"), else a course word ("precsion", "recal"), so that keyword
        # search and the passage check see the word the course uses
        return vocab.near_names.nearest(word) or vocab.slips.get(word) or word

    return re.sub(r"[A-Za-z]+", fix, _joined(question, vocab.apart))


_PAIR_RE = re.compile(r"\b([a-z]+) ([a-z]+)\b", re.I)


def _joined(question: str, apart: dict[str, str]) -> str:
    """``question`` with each course word or name it writes as two words joined, as the course
    writes it ("so how does hyper parameter tuning work in sage maker" asks about hyperparameter
    tuning in SageMaker). Pairs overlap ("so hyper", "hyper parameter"), so each word is tried
    with the one after it."""
    out: list[str] = []
    done = at = 0
    while m := _PAIR_RE.search(question, at):
        whole = apart.get(m.group().lower())
        if whole:
            out.append(question[done : m.start()] + whole)
            done = at = m.end()
        else:
            at = m.start(2)
    return "".join(out) + question[done:]
