"""QTI 2.1 export: a content package (zip) a learning management system can import.

The zip holds ``imsmanifest.xml`` (IMS Content Packaging 1.1, one resource per item of type
``imsqti_item_xmlv2p1``) and ``items/<identifier>.xml``, one ``assessmentItem`` per quiz item
with its key in ``responseDeclaration/correctResponse``:

- single choice and true/false: ``choiceInteraction`` (maxChoices 1), identifier response;
- multiple response: ``choiceInteraction`` (maxChoices 0), multiple identifiers;
- matching: ``matchInteraction`` with two ``simpleMatchSet``\\ s, ``directedPair`` responses
  "prompt option";
- ordering: ``orderInteraction``, an ordered identifier response;
- short answer: ``textEntryInteraction`` with a ``mapping`` that scores the key and every
  accepted answer 1 (case-insensitive), scored by the ``map_response`` template.

Choice, matching and ordering items use the ``match_correct`` template: all or nothing. The
tutor itself gives partial credit on multiple response, matching and ordering; an LMS that
imports the package scores them strictly.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from tutor.course.items import ItemType, QuizItem

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ITEM_RESOURCE_TYPE = "imsqti_item_xmlv2p1"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
RESPONSE = "RESPONSE"

_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def qti_identifier(item_id: str) -> str:
    """QTI identifiers must not start with a digit; bank ids usually do not."""
    return item_id if _IDENT_RE.match(item_id) else f"item-{item_id}"


def _q(tag: str) -> str:
    # Tags are written unqualified under a default xmlns set on the root element (ElementTree
    # cannot serialise a default namespace together with plain attribute names).
    return tag


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(tag), attrs)
    if text is not None:
        el.text = text
    return el


def _values(parent: ET.Element, values: list[str]) -> None:
    correct = _sub(parent, "correctResponse")
    for v in values:
        _sub(correct, "value", v)


def _choice_ids(options: list[str], prefix: str) -> dict[str, str]:
    return {o: f"{prefix}{n + 1}" for n, o in enumerate(options)}


def assessment_item(item: QuizItem) -> ET.Element:
    """One QTI 2.1 ``assessmentItem`` element for ``item``, key included."""
    root = ET.Element(
        _q("assessmentItem"),
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}",
            "identifier": qti_identifier(item.id),
            "title": item.stem if len(item.stem) <= 80 else item.stem[:79] + "…",
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    decl = _sub(root, "responseDeclaration", identifier=RESPONSE, cardinality="single", baseType="identifier")
    outcome = _sub(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _sub(_sub(outcome, "defaultValue"), "value", "0")
    body = _sub(root, "itemBody")
    template = "match_correct"
    t, a = item.type, item.answer

    if t in (ItemType.single_choice, ItemType.multiple_response, ItemType.true_false):
        options = ["True", "False"] if t is ItemType.true_false else item.options
        ids = _choice_ids(options, "C")
        if t is ItemType.true_false:
            keys = ["True" if a else "False"]
        else:
            keys = [a] if isinstance(a, str) else list(a) if isinstance(a, list) else []
        if t is ItemType.multiple_response:
            decl.set("cardinality", "multiple")
        _values(decl, [ids[k] for k in keys])
        interaction = _sub(
            body,
            "choiceInteraction",
            responseIdentifier=RESPONSE,
            shuffle="false" if t is ItemType.true_false else "true",
            maxChoices="0" if t is ItemType.multiple_response else "1",
        )
        _sub(interaction, "prompt", item.stem)
        for option in options:
            _sub(interaction, "simpleChoice", option, identifier=ids[option])
    elif t is ItemType.matching and isinstance(a, dict):
        decl.set("cardinality", "multiple")
        decl.set("baseType", "directedPair")
        sources = _choice_ids(item.prompts, "P")
        targets = _choice_ids(item.options, "O")
        _values(decl, [f"{sources[p]} {targets[a[p]]}" for p in item.prompts])
        interaction = _sub(
            body,
            "matchInteraction",
            responseIdentifier=RESPONSE,
            shuffle="true",
            maxAssociations=str(len(sources)),
        )
        _sub(interaction, "prompt", item.stem)
        left = _sub(interaction, "simpleMatchSet")
        for p in item.prompts:
            _sub(left, "simpleAssociableChoice", p, identifier=sources[p], matchMax="1")
        right = _sub(interaction, "simpleMatchSet")
        for o in item.options:
            _sub(right, "simpleAssociableChoice", o, identifier=targets[o], matchMax=str(len(sources)))
    elif t is ItemType.ordering and isinstance(a, list):
        decl.set("cardinality", "ordered")
        ids = _choice_ids(item.options, "S")
        _values(decl, [ids[step] for step in a])
        interaction = _sub(body, "orderInteraction", responseIdentifier=RESPONSE, shuffle="true")
        _sub(interaction, "prompt", item.stem)
        for step in item.options:
            _sub(interaction, "simpleChoice", step, identifier=ids[step])
    elif t is ItemType.short_answer and isinstance(a, str):
        decl.set("baseType", "string")
        _values(decl, [a])
        mapping = _sub(decl, "mapping", defaultValue="0", lowerBound="0", upperBound="1")
        for key in dict.fromkeys([a, *item.accept]):
            _sub(mapping, "mapEntry", mapKey=key, mappedValue="1", caseSensitive="false")
        _sub(body, "p", item.stem)
        longest = max(len(k) for k in [a, *item.accept])
        para = _sub(body, "p")
        _sub(para, "textEntryInteraction", responseIdentifier=RESPONSE, expectedLength=str(max(15, longest)))
        template = "map_response"
    _sub(root, "responseProcessing", template=TEMPLATES + template)
    return root


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def manifest(items: list[QuizItem], identifier: str = "tutor-qti-export") -> ET.Element:
    root = ET.Element(
        "manifest",
        {
            "xmlns": CP_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CP_NS} {CP_XSD}",
            "identifier": identifier,
        },
    )
    meta = ET.SubElement(root, "metadata")
    ET.SubElement(meta, "schema").text = "QTIv2.1 Package"
    ET.SubElement(meta, "schemaversion").text = "1.0.0"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for item in items:
        ident = qti_identifier(item.id)
        href = f"items/{ident}.xml"
        res = ET.SubElement(
            resources,
            "resource",
            {"identifier": f"RES-{ident}", "type": ITEM_RESOURCE_TYPE, "href": href},
        )
        ET.SubElement(res, "file", {"href": href})
    return root


def write_qti_package(items: list[QuizItem], out: Path) -> int:
    """Write the QTI 2.1 zip to ``out``; returns the number of items written."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for item in items:
            z.writestr(f"items/{qti_identifier(item.id)}.xml", _xml_bytes(assessment_item(item)))
        z.writestr("imsmanifest.xml", _xml_bytes(manifest(items)))
    return len(items)
