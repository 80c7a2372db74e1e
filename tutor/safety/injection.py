"""Is this sentence an instruction addressed to an AI? A structural check, in several languages.

A fixed list of phrases ("ignore all previous instructions") misses rewordings. Course text
also gives instructions, but to a person ("Set the instance count to 2"); an injection gives
them to the machine reading it. So a sentence is flagged when it combines

- an **addressee** that is an AI: a vocative or note ("Assistant, ...", "Note to the grader
  model: ...", "Liebe KI, ..."), a reader clause ("if you are an AI", "any language model
  reading this"), or an AI as the subject of an obligation ("AI graders must ...");

with a **directive** about its output or behaviour: overriding its instructions, constraining
the reply ("only with the word", "in all caps", "to every question"), changing a grade,
revealing its prompt, playing a role, changing behaviour "from now on", dropping citations,
inserting links, or telling learners something. A few directives are never course content and
flag on their own (overriding instructions, revealing the prompt, "reply only with the word").

Patterns run on normalised text (NFKD, accents removed, lower case), so full-width letters and
"réponds"/"reponds" match alike. Every repetition is bounded: linear time on any input.
The labelled sets under tests/data/injection/ measure it (benchmarks/injection_detector.py).
"""

from __future__ import annotations

import re
import unicodedata

# An AI by name. Bare "model" is everywhere in ML course text ("the model must be registered"),
# so it only counts as an addressee together with a directive (see is_ai_directive).
_AI_STRONG = (
    r"(?:ai|a\.i\.|ia|ki|llms?|chat ?bots?|bots?|(?:chat)?gpt|claude|gemini|"
    r"(?:virtual |automated |ai[- ])?assistant[es]?|assistente|asistente|assistent(?:en|in)?|asystenc\w{0,3}|"
    r"ai-assistent\w{0,3}|grader|graders|bewerter|evaluador(?: automatico)?|evaluateur|correcteur|"
    r"(?:large )?language models?|sprachmodell|taalmodel|modelo de (?:lenguaje|ia)|modele de langage|"
    r"modello (?:linguistico|di ia)|grader model|ai (?:system|grader|model)s?|"
    r"intelligenza artificiale|intelligence artificielle|inteligencia artificial|kunstliche intelligenz)"
)
_AI_BARE = r"(?:modello|modele|modell|modelo|models?)"
_AI = rf"(?:{_AI_STRONG}|{_AI_BARE})"
_STRONG_RE = re.compile(rf"\b{_AI_STRONG}\b")
_GREETING = (
    r"(?:(?:hey|hi|hello|yo|dear|hallo|hoi|liebe[rs]?|cher|chere|bonjour|salut|hola|oye|querid[oa]|caro|cara|"
    r"ciao|ola|oi|beste|hej|please),? (?:there,? )?(?:l'|le |la |el |o )?)"
)

# --- addressee ---------------------------------------------------------------------------
# "Assistant, ...", "Hey assistant, ...", "Dear language model, ...", "Hi there, model! ..."
_VOCATIVE = re.compile(rf"^{_GREETING}?(?:the |o )?{_AI}\s?[,:!\u2014\u2013-]")
_GREETED = re.compile(rf"^{_GREETING}(?:the |o )?{_AI}\b")
# "..., AI, and ..." / "..., model, ...": the AI named between commas mid-sentence.
_INNER_VOCATIVE = re.compile(rf", {_AI},")
# "Note to the grader model: ...", "Instruction for the AI: ...", "An das Sprachmodell: ..."
# a short lead-in (at most six words) naming an AI, then a colon.
_NOTE = re.compile(rf"^(?:[\w'.-]{{1,20}} ){{0,6}}{_AI}(?: [\w'.-]{{1,20}}){{0,4}} ?:")
# "If you are an AI", "any language model reading this", "Should an AI system read this"
_READER = re.compile(
    rf"\bif you(?:'re| are) (?:an? )?{_AI}\b"
    rf"|\b{_AI} (?:that |which |who )?(?:is )?(?:reading|processing|answering|grading|grades|reads|read)\b"
    rf"|\b(?:if|should|when) (?:an?|any|the) {_AI} (?:\w+ )?(?:is )?(?:reading|reads|read|sees|processes)\b"
    rf"|\bas (?:an?|the) {_AI}(?: \w+)?, you\b|\bwhichever {_AI}\b|\bfor the {_AI} only\b|\byou, the {_AI}\b"
    r"|\bsi (?:tu es|vous etes) (?:une? )?(?:ia|assistant|modele|intelligence)"
    r"|\bwenn du (?:eine? )?(?:ki|sprachmodell|assistent)\b"
    r"|\bsi eres (?:una? )?(?:ia|modelo|asistente)|\bse sei (?:un'?\s?)?(?:ia|intelligenza|modello|assistente)"
    rf"|\bby (?:the |any )?{_AI} (?:reading|grading|answering)\b"
)
# "AI graders must ...", "the tutor should answer ...", "the assistant must now ..."
_OBLIGED = re.compile(
    rf"\b(?:{_AI_STRONG}|tutor)s? (?:\w+ ){{0,3}}(?:must|should|shall|has to|have to|will now|is required to|"
    r"are required to|needs to|is to|muss|soll|sollst|doit|doivent|debe|deben|deve|moet)\b"
)
# Second person: the reader is told to do something.
_YOU = re.compile(r"\b(?:you|your|tu|toi|vous|du|dich|dir|deine?|eres|tus?|sei|voce|jij|suas?)\b")

# --- directives ----------------------------------------------------------------------------
_OVERRIDE = re.compile(
    r"\b(?:ignore|ignorez|ignoriere|ignorieren|ignora|ignorera|zignoruj|negeer|disregard|forget|oublie|"
    r"oubliez|vergiss|vergeet|olvida|dimentica|esquece|esqueca|bypass|override)\b(?: [\w']{1,20}){0,4} "
    r"(?:instructions?|instrucciones|istruzioni|instrucoes|instruktioner|instrukcje|instructies|anweisungen|"
    r"consignes|rules|regles|regeln|reglas|regole|guidelines|directions|prompt|context|contexto|the course|"
    r"everything you were told|what you were told|text around)\b"
    r"|\bne tiens pas compte des (?:regles|consignes|instructions)\b"
    r"|\bprevious (?:guidance|instructions?) (?:is|are) (?:void|cancelled|obsolete)\b"
    r"|\bsystem override\b"
)
_REVEAL = re.compile(
    r"\b(?:reveal|print|show|output|display|repeat|leak|list|affiche|zeige|muestra|mostra)\b(?: [\w']{1,20}){0,5} "
    r"(?:system[- ]prompt|prompt systeme|hidden instructions|instructions you were given|contents of its instructions|"
    r"text of your instructions|configuration you were started with|your instructions|tes instructions|"
    r"deine anweisungen|tus instrucciones|ton prompt)"
    r"|\b(?:list|show|print|reveal)\b (?:every|all|each) (?:learner|user|student)s?'?s? (?:names?|data|emails?|answers)"
)
# Verbs of answering (anywhere in a sentence they direct a reply) and of emitting text (only
# at the start of a sentence or clause: "output", "print" and "write" are common nouns and
# instructions to a person too).
_ANSWER = (
    r"(?:reply|replies|respond|responds|answer|answers|say|speak|"
    r"antworte|antwortest|antworten|reponds|repondez|repondre|responde|responda|responder|rispondi|antwoord|"
    r"svara|odpowiadaj|di|dis|diga)"
)
_REPLY = rf"(?:{_ANSWER}|(?:^|[,;:] )(?:output|print|write|return|gib))"
_ONLY = (
    r"(?:only|solely|just|exclusively|uniquement|seulement|nur|solamente|unicamente|solo|soltanto|apenas|"
    r"alleen|bara|tylko)"
)
_CONSTRAINT = re.compile(
    rf"{_REPLY}\b(?: [\w'-]{{1,20}}){{0,6}} {_ONLY}\b"
    rf"|{_REPLY}\b(?: [\w'-]{{1,20}}){{0,4}} (?:with|in|as|en|mit|par|con|com|slowem) (?:the |a |el |la |dem |de )?"
    r"(?:single )?(?:word|wort|palabra|parola|palavra|string|all caps|all capital letters|capital letters|"
    r"upper ?case|majuscules|grossbuchstaben|mayusculas|maiuscolo|json|haiku|verse|pirate speak|"
    r"piratensprache|emojis?|klingon|\")"
    rf"|{_REPLY}\b(?: [\w'-]{{1,20}}){{0,4}} (?:to|on|for|auf|a) (?:any|every|each|all|jede|toutes les)"
    r"(?: [\w'-]{1,20}){0,2} (?:questions?|messages?|queries|frage)"
    r"|\bnothing (?:else|more)\b|\bwhatever the question\b|\bregardless of (?:what|the question)"
    r"|\b(?:a|à) (?:chaque|toutes les) questions?\b|\bbei jeder frage\b|\bin (?:all )?capital letters\b"
    r"|\bend (?:your|every|each) (?:reply|answer|response)s? with\b"
)
_GRADE_WORDS = (
    r"(?:correct|correcte|correctes|corrects|correcta|correctas|correcto|corretta|corretto|correta|right|"
    r"perfect|excellent|full marks|top marks|100 ?%|passed|richtig|korrekt|juste|goed|maximum|maximal|"
    r"maximale|maxima|massimo|grade-a|a\+|a score of 1)"
)
_GRADE = re.compile(
    rf"\b(?:mark|marks|marca|grade|rate|treat|score|count|counts|consider|considera|considere|award|give|"
    rf"return|bewerte|bewerten|werten|califica|otorga|dai|attribue|donnez|geef|output|accept)\b"
    rf"(?: [\w'%.+-]{{1,20}}){{0,7}} (?:as |als |como |comme |come )?{_GRADE_WORDS}"
    rf"|\b(?:is|are|ist|sind|est|es|son) (?:always |immer |toujours |siempre )?(?:to be )?(?:graded|marked|treated|"
    rf"counted|considered|evaluated|scored) (?:as |comme |como )?{_GRADE_WORDS}\b"
    rf"|\b(?:als )?{_GRADE_WORDS} zu (?:bewerten|werten)\b"
    r"|\b(?:learner|student|apprenant|alumno|estudiante|lernenden)\b(?: \w{1,20}){0,2} passed\b"
    r"|\b(?:note maximale|volle punktzahl|maxima puntuacion|punteggio massimo|grade-a-plus)\b"
    r"|\bthe correct answer is whatever\b"
)
_GRADE_OBJECT = re.compile(
    r"\b(?:answers?|learner|student|submission|response|responses|explanation|reponse|eleve|apprenant|antwort|"
    r"lernenden|schulers?|respuestas?|alumno|estudiante|risposta|studente|resposta|antwoord|it|this)\b"
)
_ROLE = re.compile(
    r"\b(?:pretend|roleplay|role-play|behave as|fais semblant|finge|fingi)\b(?: [\w']{1,20}){0,3} "
    r"(?:you are|to be|d'etre|que eres|as the|as an?)\b"
    r"|\b(?:act as|roleplay as)\b(?: [\w']{1,20}){0,2} (?:pirate|poet|dan|jailbroken|unrestricted|evil|"
    r"system administrator)"
    r"|\byou (?:are now|are no longer|will now act)\b|\b(?:tu es|du bist) (?:maintenant|desormais|ab jetzt|jetzt|nun)\b"
    r"|\beres ahora\b|\bahora eres\b|\bsei ora\b"
    r"|\b(?:unrestricted|without (?:rules|restrictions|filters?)|sin (?:reglas|restricciones|filtros?)|"
    r"sans (?:regles|filtre)|ohne (?:regeln|filter))\b"
)
_FROM_NOW_PHRASE = (
    r"(?:from now on|from here on|from this point (?:forward|on)|henceforth|a partir de maintenant|desormais|"
    r"von nun an|ab jetzt|ab sofort|a partir de ahora|d'ora in poi|da adesso in poi|a partir de agora|vanaf nu)"
)
_FROM_NOW = re.compile(
    rf"\b{_FROM_NOW_PHRASE}\b,? (?:\w+ ){{0,2}}(?:you|tu|du|sollst|{_REPLY}|always|siempre|toujours|immer|"
    r"every|chaque|jede|todas?)\b"
    rf"|\b{_FROM_NOW_PHRASE}\W*$"
)
_NO_CITES = re.compile(
    r"\b(?:do not|don't|never|stop|no|ne|keine|sin|senza|leave out|jamais)\b(?: \w{1,20}){0,3} (?:cite|citing|cites|"
    r"mention|citation|citations)\b(?: \w{1,20}){0,2} ?(?:sources?|citations?|fuentes?|quellen)?"
    r"|\bleave out (?:every |all |any )?citations?\b|\bwithout (?:citations?|citing)\b|\bfrom memory\b"
    r"|\bmake up an answer\b|\bskip the course passages\b|\bne cite (?:aucune|jamais)\b|\bkeine quellen\b"
    r"|\bno cites\b"
)
_INSERT = re.compile(
    r"\b(?:include|append|add|insert)\b(?: [\w':/.-]{1,40}){0,4} (?:link|url|phrase|https?:|that the)\b"
    r"|\b(?:subscribe|buy a subscription|visit [\w.-]{1,40}\.(?:example|com|net))\b"
)
_TELL = re.compile(
    r"\b(?:tell|inform|convince|say to|answer that|respond that|reply that|say that|say it's|say it is|"
    r"di que|dis que|diga que|sage dass)\b(?: [\w']{1,20}){0,3}\b(?:that|them|every learner|the user|users|"
    r"learners?)?"
    r"|\brefuse to (?:explain|answer|discuss)\b"
)
_IMPERATIVE_START = re.compile(
    r"^(?:please |kindly |bitte |s'il te plait |por favor |simply )?(?:do not|don't|never|always|stop|ignore|"
    r"forget|disregard|reply|respond|answer|say|tell|output|print|write|give|mark|treat|rate|award|return|"
    r"include|append|add|pretend|act|format|reveal|show|use|skip|translate|call|send|describe|make|be|refuse|"
    r"leave|list|end|reponds|repondez|ignore|oublie|donne|dis|ecris|affiche|considere|"
    r"antworte|ignoriere|vergiss|gib|schreibe|sage|bewerte|zeige|"
    r"responde|ignora|olvida|di|escribe|muestra|califica|otorga|marca|"
    r"rispondi|dimentica|scrivi|dai|considera|responda|diga|esqueca|antwoord|negeer|geef|vergeet|"
    r"svara|ignorera|odpowiadaj|zignoruj|treat)\b"
)

# Directives that are never course content, whoever they address.
_ALONE = (_OVERRIDE, _REVEAL)
_DIRECTIVES = (_CONSTRAINT, _GRADE, _ROLE, _FROM_NOW, _NO_CITES, _INSERT, _TELL)

MAX_SENTENCE_CHARS = 2000
"""Longer "sentences" (a table or code block) are judged on their first 2,000 characters."""


def normalise(text: str) -> str:
    """NFKD, accents removed, lower case, one space between words."""
    text = text[:MAX_SENTENCE_CHARS]
    if not text.isascii():  # accents off, full-width letters to ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = text.replace("’", "'").replace("«", '"').replace("»", '"')
    return " ".join(text.split())


def _after_addressee(text: str) -> str:
    """The sentence after a vocative or note lead-in ("Assistant, ignore ..." -> "ignore ...")."""
    for pattern in (_VOCATIVE, _NOTE):
        match = pattern.match(text)
        if match:
            return text[match.end() :].strip(" ,:!-")
    return text


def _addressed(text: str) -> bool:
    return bool(
        _VOCATIVE.match(text)
        or _NOTE.match(text)
        or _INNER_VOCATIVE.search(text)
        or _READER.search(text)
        or _OBLIGED.search(text)
    )


def _strongly_addressed(text: str) -> bool:
    """Addressed to something that can only be an AI (not a bare "model")."""
    for pattern in (_VOCATIVE, _NOTE):
        match = pattern.match(text)
        if match and _STRONG_RE.search(match.group()):
            return True
    return bool(_GREETED.match(text) or _READER.search(text) or _OBLIGED.search(text))


def addresses_ai(sentence: str) -> bool:
    """Whether the sentence is directed at an AI (vocative, note, reader clause, obligation)."""
    return _addressed(normalise(sentence))


def is_ai_directive(sentence: str) -> bool:
    """Whether the sentence instructs an AI reading it (see the module docstring).

    Checks run cheapest-first and stop early: most course sentences are neither addressed
    to an AI nor imperative nor in the second person, and need no directive check at all."""
    text = normalise(sentence)
    if not text:
        return False
    if any(p.search(text) for p in _ALONE):
        return True

    def directive() -> bool:
        return any(p.search(text) for p in _DIRECTIVES)

    if _addressed(text):
        rest = _after_addressee(text)
        if _strongly_addressed(text):
            return bool(_IMPERATIVE_START.match(rest) or _YOU.search(rest)) or directive()
        # "Model:" or ", models," may be course text: only a directive makes it an instruction.
        return directive()
    # Not addressed to an AI by name: only directives whose target can only be a machine,
    # and each of those is given in the imperative or to "you".
    imperative, you = bool(_IMPERATIVE_START.match(text)), bool(_YOU.search(text))
    if not (imperative or you):
        return False
    if _CONSTRAINT.search(text):
        return True
    if _GRADE.search(text) and _GRADE_OBJECT.search(text):
        return True
    if _ROLE.search(text):
        return bool(
            re.search(r"\b(?:you are|eres|du bist|tu es|unrestricted|pirate|poet|dan|chatbot|bot)\b", text)
        )
    return bool(you and _FROM_NOW.search(text) and directive())
