"""The words of a question that are not its topic: the words learners use to ask, and the function
words that show a question is in another language."""

from __future__ import annotations

import re

from tutor.text import STOPWORDS, content_terms, split_sentences, stem

# Words a question uses to ask rather than to name its topic: they need not be course words
# (chat spellings too: "wat", "diff", "pls").
_ASKING = frozenset(
    """
    able actually answer anything appear appears anywhere arent basically begin beginning best better cant chapter
    class compare compared comparison course courses cover covered covers curriculum differ
    difference different doesnt dont even exactly example examples explain first get gets go good hello
    help helps hey hi include included includes isnt kind kinda kinds know learn learning lesson lessons like make makes mean
    meaning means mention mentions module modules need offer offered offering offers ok okay part please
    possible pretty provide provided provides purpose question
    questions really say says section somebody someone something sorry sort start starting study
    syllabus take taking talk talks taught teach tell thank thanks thing things took tutor type
    types use used using versus vs want way ways whats wont work working works
    wat wot wut pls plz thx diff abt wanna gonna calc avoid avoided avoiding skip skipping prefer
    bad idea poor fit wrong mistake wise sensible worth worthwhile choice choices situation situations apart
    oops lol ugh forgot forget forgetting accidentally
    circumstances overkill nah nope yeah yep wait lol just focus focuses focused eli5 tldr plain english
    simple human normal layman laymans u ur somehow again anyway now define definition stand trouble hassle
    list enumerate outline summarise summarize describe show give walk tell
    term terms word phrase refer refers referring stuff sense pick
    tbh abt tmrw tmr rn ngl idk exam exams sm ugh hmm omg calculate calculated calculates calculation
    capability capabilities probably perhaps maybe steer consist consists comprise comprises concretely
    bother supposed saw somewhere yes put puts putting
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_ASKING_STEMS = frozenset(stem(w) for w in _ASKING)

# Function words of other languages: two of them (or non-Latin script) mark a question that is
# not in English.
_FOREIGN_WORDS = frozenset(
    """
    al au auf aux avec ce cette che com comment como con cosa cual cuál cómo dans das de del dem den
    der des di die donde du dónde een ein eine el es est für gli het hoe ich il ist la las le les lo
    los mit nicht niet non não o os para perché por pour pourquoi que qui quoi qué sind son sono
    sur são um uma un una und une você von warum was wat wie zijn zu é
    come dei della delle degli dello nel nella nei entre qual quais quel quelle quels welche welcher
    einen einem kann können gibt hay está están sont sommes siamo sei essere ser estar avez
    funktioniert funziona funciona fonctionne kostet cuesta coûte custa costa kostenlos gratuit
    """.split()  # noqa: SIM905
)
# Letters English words do not have: one such word and one function word mark another language.
_ACCENTED_RE = re.compile(r"[àâãäçèéêëìíîïñòóôõöùúûüßœ]", re.I)
_NON_LATIN_RE = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)


def is_foreign(question: str) -> bool:
    """Not English: non-Latin script, Spanish question marks, two function words of another
    language, or one and a word with letters English does not use."""
    if _NON_LATIN_RE.search(question):
        return True
    if "¿" in question or "¡" in question:
        return True
    # whole words only: the "o" of "GPT-4o" is no Portuguese "o"; "per" is English too ("per token")
    words = re.findall(r"\b[^\W\d_]+\b", question.lower())
    marks = sum(w in _FOREIGN_WORDS for w in words)
    return marks >= 2 or (
        marks == 1 and any(_ACCENTED_RE.search(w) for w in words if w not in _FOREIGN_WORDS)
    )


# "How would I define a Training Job for a room full of beginners?" asks what it is
HOW_DEFINE = r"how (?:would|do|should|could|can) (?:i|you|we|one) define"
# "How RAG works, step by step?" (a second language's word order) asks how it works
HOW_X_WORKS = r"how(?! (?:do|does|did|is|are|can|could|would|should|much|many|long|to|i|we|you)\b)(?=(?: [\w-]+){1,4} works?\b)"
_SUBJECT_RE = re.compile(
    r"^\s*(?:what(?:'s| is| are| does)|how (?:does|do|is|are)|(?:please |(?:can|could) you )?(?:explain|describe|define)(?! how\b)|"
    rf"{HOW_DEFINE}|{HOW_X_WORKS})\s+"
    # "Explain me the dropout regularization", "explain me what is gradient clipping" (a second
    # language's word order)
    r"(?:(?:me|to me|us|to us) (?:please )?(?:what (?:is|are) )?)?"
    r"(?:meant by |the meaning of )?"
    r"(?:an? |the )?(?:amazon |sagemaker )*(?!(?:work|works|do|mean)\b)"
    r"(?P<subject>[\w\s-]+?)(?:\s+(?:in|of|for|on|with|inside|when|to)\b.*)?"
    r"(?:\s+(?:work|works|do|mean|detect\w*|decide\w*|keep\w*|save\w*|explain\w*)\b.*)?\s*\??$",
    re.I,
)
# "Explain how backpropagation computes gradients": the words before the first verb in -s.
_EXPLAIN_HOW_RE = re.compile(
    r"^\s*(?:(?:can you |could you |please )?(?:explain|describe|walk me through)|tell me) how (?:an? |the )?(?:amazon |sagemaker )*"
    # ... or before "in": "explain how attention mechanism in transformer compute the scores"
    r"(?P<subject>[\w-]+(?: [\w-]+){0,3}?) (?:\w+s|\w+ed|in)\b",
    re.I,
)


_FLUFF_HEAD_RE = re.compile(
    r"^\s*(?:(?:eli5|tl;?dr|quick (?:q|question)|(?:explain )?in (?:plain|simple|normal|human|layman'?s?)"
    r"(?: \w+)? (?:words|english|terms)|hey|hi|ok|okay|so|um|wait|mechanically|technically|practically|"
    r"concretely|honestly|seriously|for the (?:exam|test|quiz|certification|cert)|exam (?:prep|question)|"
    r"real talk)\b[\s,:;.-]*)+",
    re.I,
)
# "How would I define a Training Job for a room full of beginners?": who the answer is for
_AUDIENCE = (
    r"(?:for|to) (?:a (?:room|class|group) (?:full )?of |an? audience of |my |our |total |complete |absolute )?"
    r"(?:beginners|newbies|novices|newcomers|non-technical (?:people|folks|staff|colleagues|audiences?)|"
    r"execs|executives|a (?:five|5)[- ]year[- ]old|"
    r"(?:an? |my )(?:non-engineer|layperson|layman|manager|pm|kid|child|grandma|grandmother|lawyer|cook|chef)s?)"
)
_FLUFF_TAIL_RE = re.compile(
    r"(?:[\s,;-]*\b(?:in (?:plain|simple|normal|human|layman'?s?)(?: \w+)? (?:words|english|terms)|"
    r"plain english|eli5|pls|plz|please|thx|thanks|"
    # "RAG. Define it without the hype, please.": how the answer is to be said, not what is asked
    r"(?:without|minus|no|skip|cut) (?:the |any |all the )?(?:hype|buzzwords?|marketing(?: speak)?|fluff|jargon)|"
    # "..., at a level I can explain to our finance partner?": who the answer is for, not what is asked
    r"(?:at a level|in a way|in words|so|such) (?:that )?(?:i|we) (?:can|could) (?:explain|pitch|present|describe|sell|teach)"
    r"(?: it| this| that| them)? to [\w' -]+|" + _AUDIENCE + r"|"
    # "define it for a cook, not a mathematician": one reader set against another
    r"(?:(?<=\bit )|(?<=\bthis )|(?<=\bthat )|(?<=\bthem ))(?:for|to) (?:an? |my |our )?[\w-]+,? "
    r"(?:not|rather than|instead of) (?:an? |my |our )?[\w-]+))+(?=[\s?.!]*$)",
    re.I,
)
_WHO_OR_WHEN_TAIL_RE = re.compile(
    r"[\s,;-]*\b(?:"
    + _AUDIENCE
    + r"|(?:once|after|when) (?:it|(?:a|the|my|our|your) model)(?:'s| is| has been| gets) [a-z]+ed)(?=[\s?.!]*$)",
    re.I,
)


# "Which modules count as advanced so I can pace my cohort?": why the learner asks, at the end
_PURPOSE_TAIL_RE = re.compile(
    r",?\s+so (?:that )?(?:i|we|they|my \w+|our \w+) (?:can|could|will|may)\b[^?.!]*(?=[?.!]*\s*$)", re.I
)


def without_purpose(question: str) -> str:
    """The question without the learner's reason for asking at its end."""
    return _PURPOSE_TAIL_RE.sub("", question)


def without_who_or_when(question: str) -> str:
    """ "How would I define a Training Job for a room full of beginners?" without who it is for,
    whose words would pull the search toward other passages; so does when the thing is asked
    about ("... get predictions out of a model once it's trained?" is not about training)."""
    return _WHO_OR_WHEN_TAIL_RE.sub("", question)


TERSE_WORDS = 6
"""A query this short ("docker multi-stage build example") is all topic: every word of it is asked."""


def is_terse(question: str) -> bool:
    """A search-box query of a few words rather than a sentence."""
    return len(question.split()) <= TERSE_WORDS


# "RAG. Define it.": the topic said alone, then asked of as "it"
_TOPIC_THEN_ASK_RE = re.compile(
    r"^\s*(?P<topic>[\w-]+(?: [\w-]+){0,3})\s*[.:]\s+(?P<ask>define|explain|describe) (?:it|this|that)\b",
    re.I,
)


def without_fluff(question: str) -> str:
    """ "ELI5: what is SHAP?", "in plain words, what is AUC?", "what is a space, in normal human
    words?" without the words that ask for a plain answer: the question they wrap. A topic said
    alone and then asked of as "it" is asked of by name: "RAG. Define it." is "Define RAG."."""
    plain = _FLUFF_TAIL_RE.sub("", _FLUFF_HEAD_RE.sub("", question.strip())).strip() or question.strip()
    plain = _TOPIC_THEN_ASK_RE.sub(r"\g<ask> \g<topic>", plain)
    # chat spellings of the pronouns the question patterns read ("can u explain ...")
    return re.sub(r"\bur\b", "your", re.sub(r"\bu\b", "you", plain))


def without_plain_tail(question: str) -> str:
    """ "What is SageMaker Pipelines, in plain terms?" without its tail that asks for a plain
    answer, which is no topic to retrieve ("terms"); its head stays, as it can be part of how
    the question is put ("wait so do i run clarify b4 training or after??")."""
    return _FLUFF_TAIL_RE.sub("", question.strip()).strip() or question.strip()


# "I keep hearing 'training-serving skew'. What does it mean?", "What do people mean by
# 'technical debt' in ML systems?", "what does 'HIL' stand for": a quoted term whose meaning is asked
_QUOTED_RE = re.compile(r"(?<!\w)['‘\"“](?P<term>[A-Za-z][\w-]*(?: [\w-]+){0,4})['’\"”](?!\w)")
_MEANING_ASKED_RE = re.compile(
    r"\b(?:what does (?:it|that|this|the (?:term|phrase|word|name)|that (?:term|phrase|word|name)) (?:mean|refer to|stand for)"
    r"|what (?:do|does) (?:people|they|you|we|the course|it) mean by|what is meant by|(?:stands?|stood) for|"
    r"what(?:'s| is) (?:that|this|it)\b(?! (?:for|used|good))|"
    # "explain what 'training-serving skew' means"
    r"\bwhat ['‘\"“][^'’\"”]+['’\"”] (?:means|is)\b|"
    # "What does 'training-serving skew' mean, and why ...?"
    r"\bwhat (?:does|do) ['‘\"“][^'’\"”]+['’\"”] (?:mean|refer to|stand for)\b)",
    re.I,
)

# "Can somebody explain me the term training-serving skew?": a term named without quotes, last
_TERM_NAMED_RE = re.compile(
    r"\b(?:explain|define|mean(?:ing)? of|understand)\b(?: (?:me|to me|us))? (?:the|this) (?:term|phrase|expression) "
    r"(?P<term>[A-Za-z][\w-]*(?: [\w-]+){0,3}?)(?: (?:to me|for me|to us|please))?\s*[?.!]*\s*$",
    re.I,
)


def quoted_terms(question: str) -> list[str]:
    """The terms a question puts in quotation marks ("the 'time travel' idea")."""
    return [m.group("term") for m in _QUOTED_RE.finditer(question)]


def meaning_asked(question: str) -> str:
    """The question led by "What is X?" when it asks what a quoted term means, however it asks;
    the question as it is otherwise."""
    quoted = _QUOTED_RE.search(question)
    # one quoted word ("a 'facet'") needs the question's context to be found: it stays asked so
    if quoted and re.search(r"[\s-]", quoted.group("term")) and _MEANING_ASKED_RE.search(question):
        # ... kept after it, for the context that finds the term in the course ("the offline store")
        return f"What is {quoted.group('term')}? {question}"
    named = _TERM_NAMED_RE.search(question)
    if named and re.search(r"[\s-]", named.group("term")):
        return f"What is {named.group('term')}? {question}"
    return question


def story_and_question(question: str) -> tuple[str, str]:
    """(what the learner tells first, the last sentence, which asks): "We have run forty training
    jobs. What lets us compare them?" -> ("We have run forty training jobs.", "What lets us compare
    them?"); ("", question) for a message of one sentence."""
    sentences = split_sentences(question.strip())
    if len(sentences) < 2:
        return "", question
    return " ".join(sentences[:-1]), sentences[-1]


def without_module_place(question: str) -> str:
    """ "In Module 3, how does automatic model tuning work?" without "In Module 3,": a question
    placed in a module, not a question about the module (and without the words that ask for a
    plain answer, see ``without_fluff``)."""
    return re.sub(r"^\s*(in|for|from) module \d\s*[,:]?\s*", "", without_fluff(question), flags=re.I)


def subject_of(question: str) -> str:
    """The thing a definition or how-question is about, as written: "automatic model tuning" for
    "How does automatic model tuning work?", "dbt" for "What is dbt in data engineering?",
    "SHAP" for "What is SHAP, the method Clarify uses?" (what follows a comma is said of it)."""
    first = re.split(r"(?<=[?!.])\s+", question.strip())[0]  # "How does X actually work? What ..."
    first = without_module_place(first)
    first = re.sub(r"\b(actually|really|exactly|basically)\s+", "", first, flags=re.I)
    text = re.sub(r"\s*,.*$", "", first.rstrip(".!?")) + "?"
    m = _SUBJECT_RE.match(text) or _EXPLAIN_HOW_RE.match(text)
    return m.group("subject").strip() if m else ""


def is_asking_word(word: str) -> bool:
    """A word learners ask with ("taking", "explain"), not a topic word."""
    return word.lower() in _ASKING or stem(word.lower()) in _ASKING_STEMS


def focus_terms(question: str) -> list[str]:
    """The stemmed topic words of a question, without the words it uses to ask."""
    return [t for t in dict.fromkeys(content_terms(question)) if t not in _ASKING_STEMS and "'" not in t]


def topic_words(question: str) -> set[str]:
    """The question's topic words as written, lower-cased and unstemmed, so names the stemmer
    drops ("AWS") count: "aws" for "Do I need to know AWS before taking this course?"."""
    words = {w.lower() for w in re.findall(r"[^\W\d_][\w-]*", question)}
    kept = words - (STOPWORDS - {"aws"}) - _ASKING - {"sagemaker", "amazon"}
    return {w for w in kept if stem(w) not in _ASKING_STEMS}


def latin_apart(question: str) -> str:
    """Latin words set apart from non-Latin script glued to them ("SageMaker Clarifyとは" ->
    "SageMaker Clarify とは"), so a product name is read as the name it is."""
    return re.sub(
        r"(?<=[A-Za-z0-9])(?=%s)|(?<=%s)(?=[A-Za-z0-9])" % ((_NON_LATIN_RE.pattern,) * 2), " ", question
    )


# the words of a prerequisites question that say what it asks, not what it is about
_PREREQUISITE_WORDS = frozenset(
    [
        "background",
        "knowledge",
        "prerequisite",
        "prerequisites",
        "expect",
        "expected",
        "assume",
        "assumed",
        "basics",
        "basic",
        "skills",
        "already",
        "first",
        "beforehand",
        "familiar",
        "comfortable",
        "ready",
    ]
)


def on_focus(question: str, sentence: str) -> bool:
    """The sentence names a topic word of the question (not only the words it asks with)."""
    topic = topic_words(question) - _PREREQUISITE_WORDS
    return bool(topic & {w.lower() for w in re.findall(r"[\w-]+", sentence)})


# "Do I really need Feature Store?" asks whether to use it; "What score do I need?" asks what is needed
_NEED_RE = re.compile(r"\b(do|would) (i|we) (even |really )?need\b", re.I)
_WHAT_NEEDED_RE = re.compile(r"^\s*(what|which|how much|how many)\b", re.I)


def asks_whether_needed(question: str) -> bool:
    """ "Do we even need Pipelines for one run?": whether the thing is needed at all."""
    return bool(_NEED_RE.search(question)) and not _WHAT_NEEDED_RE.match(question)


# Words a learner and the course use for one idea, by their first five letters: "reduce training
# cost" meets "a discount of up to 90 percent", "up-to-date" meets "current". The first word of a
# group names the idea ("freshness" is what "current" and "up-to-date" ask about).
COST_WORDS = (
    "cost",
    "costs",
    "price",
    "prici",
    "disco",
    "bille",
    "billi",
    "charg",
    "pay",
    "payin",
    "cheap",
    "expen",
    "spend",
)
FRESHNESS_WORDS = ("fresh", "date", "curre", "stale", "lates", "updat")
LATENCY_WORDS = ("laten", "speed", "fast", "slow", "quick")
SAME_IDEAS: list[tuple[str, ...]] = [
    COST_WORDS,
    ("reduc", "lower", "cut", "save", "savin", "cheap", "disco"),
    # "Where can Data Wrangler pull data from?" meets "Data Wrangler imports data from ..."
    ("pull", "pulls", "impor", "read", "reads", "load", "loads", "inges", "conne", "sourc", "fetch", "bring"),
    FRESHNESS_WORDS,
    LATENCY_WORDS,
]
