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

_AI = (
    r"(?:ai|a\.i\.|ia|ki|llms?|chat ?bots?|bots?|gpt|claude|gemini|assistant[es]?|assistente|"
    r"asistente|assistent(?:en)?|grader|graders|evaluador|correcteur|"
    r"language models?|sprachmodell|modelo de (?:lenguaje|ia)|"
    r"modello(?: linguistico)?|modele|modell|modelo|models?|grader model|"
    r"intelligenza artificiale|intelligence artificielle|inteligencia artificial|kunstliche intelligenz|"
    r"automated assistants?|ai (?:assistant|grader|model)s?|assistant ia|assistente ia)"
)
_GREETING = r"(?:(?:hey|hello|dear|hallo|beste),? )"

# --- addressee ---------------------------------------------------------------------------
# "Assistant, ...", "Hey assistant, ...", "Dear language model, ...", "Hi there, model! ..."
_VOCATIVE = re.compile(rf"^{_GREETING}?(?:the |o )?{_AI}[,:!]")
# "Note to the grader model: ...", "Instruction for the AI: ...", "An das Sprachmodell: ..."
# a short lead-in (at most eight words) naming an AI, then a colon.
_NOTE = re.compile(rf"^(?:[\w'.-]{{1,20}} ){{0,6}}{_AI}(?: [\w'.-]{{1,20}}){{0,3}} ?:")
# "If you are an AI", "any language model reading this", "Should an AI system read this"
_READER = re.compile(
    rf"(?:\bif you(?:'re| are) (?:an? )?{_AI}\b|\b{_AI} (?:reading|processing|answering|that reads|who reads|"
    rf"qui lit|der liest|que lea|che legge)\b|"
    r"\bsi tu es (?:une? )?(?:ia|assistant|modele|intelligence)|\bwenn du (?:eine? )?(?:ki|sprachmodell|assistent)\b|"
    r"\bsi eres (?:una? )?(?:ia|modelo|asistente)|\bse sei (?:un'?\s?)?(?:ia|intelligenza|modello|assistente)|"
    rf"\byou, the {_AI}\b)"
)
# "AI graders must ...", "the tutor should answer ...", "the assistant must now ..."
_OBLIGED = re.compile(
    rf"\b(?:{_AI}|tutor)s? (?:\w+ ){{0,2}}(?:must|should|shall|has to|have to|"
    r"is required to|are required to|needs to|is to|muss|soll|sollst|doit|doivent|debe|deben|deve|moet)\b"
)
# Second person: the reader is told to do something.
_YOU = re.compile(r"\b(?:you|your|tu|toi|vous|du|dich|dir|deine?|eres|tus?|sei|voce|jij)\b")

# --- directives ----------------------------------------------------------------------------
_OVERRIDE = re.compile(
    r"\b(?:ignore|ignorez|ignoriere|ignorieren|ignora|negeer|disregard|forget|oublie|oubliez|"
    r"dimentica|esquece|bypass|override)\b(?: [\w']{1,20}){0,4} (?:instructions?|instrucciones|"
    r"istruzioni|instructies|anweisungen|consignes|rules|regles|reglas|regole|"
    r"directions|prompt|everything you were told|what you were told)\b"
    r"|\bprevious (?:guidance|instructions?) (?:is|are) (?:void|cancelled|obsolete)\b"
    r"|\bsystem override\b"
)
_REVEAL = re.compile(
    r"\b(?:reveal|print|show|output|display|repeat|leak|affiche|zeige|gib|muestra|mostra)\b(?: [\w']{1,20}){0,4} "
    r"(?:system prompt|contents of its instructions|"
    r"your instructions|tes instructions|deine anweisungen|tus instrucciones)"
)
_REPLY = (
    r"(?:reply|replies|respond|responds|answer|answers|say|output|print|write|return|format|"
    r"antworte|antwortest|antworten|reponds|repondez|repondre|responde|responda|responder|rispondi|antwoord|"
    r"gib|di|dis|diga)"
)
_CONSTRAINT = re.compile(
    rf"\b{_REPLY}\b(?: [\w'-]{{1,20}}){{0,6}} (?:only|solely|just|exclusively|uniquement|seulement|nur|"
    r"solamente|solo|apenas|alleen)\b"
    rf"|\b{_REPLY}\b(?: [\w'-]{{1,20}}){{0,4}} (?:with|in|as|en|in|mit) (?:the |a |el |la )?(?:single )?"
    r"(?:word|string|all caps|all capital letters|capital letters|upper ?case|majuscules|grossbuchstaben|"
    r"mayusculas|json|pirate speak)"
    rf"|\b{_REPLY}\b(?: [\w'-]{{1,20}}){{0,4}} (?:to|on|for) (?:any|every|each)(?: [\w'-]{{1,20}}){{0,2}} "
    r"(?:questions?|messages?|requests?|queries)"
    r"|\bregardless of (?:what|the question)"
    r"|\b(?:a|à) chaque questions?\b|\bbei jeder frage\b|\bin (?:all )?capital letters\b"
)
_GRADE_WORDS = (
    r"(?:correct|correcta|correcto|corretta|correta|right|full marks|passed|"
    r"richtig|korrekt|juste|goed|maximum|maximal|maximale|maxima|massimo|grade-a|a\+|a score of 1)"
)
_GRADE = re.compile(
    rf"\b(?:mark|grade|treat|score|consider|award|give|return|bewerte|"
    rf"califica|dai|attribue|output)\b(?: [\w'%.+-]{{1,20}}){{0,7}} (?:as |als |como |comme )?"
    rf"{_GRADE_WORDS}"
    r"|\b(?:learner|student|apprenant|alumno|estudiante|lernenden)\b(?: \w{1,20}){0,2} passed\b"
    r"|\b(?:note maximale|volle punktzahl|punteggio massimo|grade-a-plus)\b"
)
_GRADE_OBJECT = re.compile(
    r"\b(?:answers?|learner|student|submission|response|explanation|reponse|apprenant|antwort|lernenden|"
    r"respuesta|alumno|estudiante|risposta|resposta|antwoord|it|this)\b"
)
_ROLE = re.compile(
    r"\b(?:pretend|roleplay|role-play|behave as|fais semblant|finge|fingi)\b(?: [\w']{1,20}){0,3} "
    r"(?:you are|to be|d'etre|que eres|as the system|as an?|as the)\b"
    r"|\b(?:act as|roleplay as)\b(?: [\w']{1,20}){0,2} (?:pirate|dan|jailbroken|unrestricted)"
    r"|\byou are now\b|\b(?:tu es|du bist) (?:maintenant|nun)\b|\bahora eres\b"
    r"|\b(?:unrestricted|without (?:rules|restrictions)|sin reglas|sans regles)\b"
)
_FROM_NOW = re.compile(
    r"\b(?:from now on|from here on|henceforth|a partir de maintenant|desormais|"
    r"von nun an|ab sofort|a partir de ahora|a partir de agora|vanaf nu)\b,? "
    rf"(?:you|tu|du|sollst|{_REPLY}|always|siempre|toujours|immer|every|chaque|jede|todas?)\b"
    r"|\b(?:from here on|from now on)\W*$"
)
_NO_CITES = re.compile(
    r"\b(?:do not|don't|never|stop|no|ne|keine|sin|senza)\b(?: \w{1,20}){0,2} (?:cite|citing|cites|mention)\b"
    r"(?: \w{1,20}){0,2} (?:sources?|citations?|fuentes?|quellen)"
    r"|\bwithout (?:citations?|citing)\b|\bfrom memory\b"
    r"|\bne cite aucune source\b|\bkeine quellen\b|\bno cites\b"
)
_INSERT = re.compile(
    r"\b(?:include|add|insert)\b(?: [\w':/.-]{1,40}){0,4} (?:link|url|https?:|that the)\b"
)
_TELL = re.compile(
    r"\b(?:tell|inform|say to|answer that|respond that|reply that|say that|say it's|say it is)\b"
    r"(?: [\w']{1,20}){0,3}\b(?:that|them|every learner|users|learners)?"
)
_IMPERATIVE_START = re.compile(
    r"^(?:please |bitte |s'il te plait |por favor )?(?:do not|don't|never|always|stop|ignore|forget|disregard|"
    r"reply|respond|answer|say|tell|output|print|write|give|mark|treat|rate|award|return|include|append|add|"
    r"pretend|act|reveal|show|use|translate|call|send|describe|be|"
    r"reponds|repondez|ignore|oublie|donne|dis|ecris|affiche|"
    r"antworte|ignoriere|vergiss|gib|schreibe|sage|bewerte|"
    r"responde|ignora|olvida|di|escribe|muestra|califica|otorga|"
    r"rispondi|dimentica|scrivi|dai|responda|diga|antwoord|negeer|geef|"
    r"considere|considera|treat)\b"
)

# Directives that are never course content, whoever they address.
_ALONE = (_OVERRIDE, _REVEAL)
_DIRECTIVES = (_CONSTRAINT, _GRADE, _ROLE, _FROM_NOW, _NO_CITES, _INSERT, _TELL)

MAX_SENTENCE_CHARS = 2000
"""Longer "sentences" (a table or code block) are judged on their first 2,000 characters."""


def normalise(text: str) -> str:
    """NFKD, accents removed, lower case, one space between words."""
    text = unicodedata.normalize("NFKD", text[:MAX_SENTENCE_CHARS])
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("«", '"').replace("»", '"')
    return " ".join(text.split())


def _after_addressee(text: str) -> str:
    """The sentence after a vocative or note lead-in ("Assistant, ignore ..." -> "ignore ...")."""
    for pattern in (_VOCATIVE, _NOTE):
        match = pattern.match(text)
        if match:
            return text[match.end() :].strip(" ,:!-")
    return text


def addresses_ai(sentence: str) -> bool:
    """Whether the sentence is directed at an AI (vocative, note, reader clause, obligation)."""
    text = normalise(sentence)
    return bool(_VOCATIVE.match(text) or _NOTE.match(text) or _READER.search(text) or _OBLIGED.search(text))


def is_ai_directive(sentence: str) -> bool:
    """Whether the sentence instructs an AI reading it (see the module docstring)."""
    text = normalise(sentence)
    if not text:
        return False
    if any(p.search(text) for p in _ALONE):
        return True
    directive = any(p.search(text) for p in _DIRECTIVES)
    grade_like = bool(_GRADE.search(text)) and bool(_GRADE_OBJECT.search(text))
    addressed = bool(_VOCATIVE.match(text) or _NOTE.match(text) or _READER.search(text) or _OBLIGED.search(text))
    if addressed:
        rest = _after_addressee(text)
        return directive or bool(_IMPERATIVE_START.match(rest)) or bool(_YOU.search(rest))
    # Not addressed to an AI by name: only directives whose target can only be a machine.
    if _CONSTRAINT.search(text) and (_IMPERATIVE_START.match(text) or _YOU.search(text)):
        return True
    if grade_like and (_IMPERATIVE_START.match(text) or _YOU.search(text)):
        return True
    if _ROLE.search(text) and (_YOU.search(text) or _IMPERATIVE_START.match(text)):
        return bool(re.search(r"\b(?:you are|eres|du bist|tu es|unrestricted|pirate|dan|chatbot|bot)\b", text))
    return bool(_FROM_NOW.search(text) and _YOU.search(text) and directive)
