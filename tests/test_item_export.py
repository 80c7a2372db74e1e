"""QTI 2.1 and bank-YAML export of quiz items: the XML is parsed back and checked against the
QTI structure; the YAML round-trips through the bank loader."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import typer
from classroom_fixtures import choice_item
from typer.testing import CliRunner

from tutor.classroom.export import export_items, exportable_items
from tutor.classroom.qti import CP_NS, ITEM_RESOURCE_TYPE, QTI_NS, qti_identifier
from tutor.cli import classroom as cli_classroom
from tutor.course.bank import load_bank
from tutor.course.items import Grounding, ItemType, QuizItem
from tutor.exceptions import QuizError
from tutor.settings import Settings

Q = {"q": QTI_NS}
CP = {"cp": CP_NS}
INTERACTION = {
    ItemType.single_choice: "choiceInteraction",
    ItemType.true_false: "choiceInteraction",
    ItemType.multiple_response: "choiceInteraction",
    ItemType.matching: "matchInteraction",
    ItemType.ordering: "orderInteraction",
    ItemType.short_answer: "textEntryInteraction",
}


def short_item() -> QuizItem:
    return QuizItem(
        id="9short",  # starts with a digit: not a valid QTI identifier as it is
        module=1,
        objective="m1-obj",
        type="short_answer",
        stem="Which service detects data drift on an endpoint?",
        answer="Model Monitor",
        accept=["SageMaker Model Monitor"],
        explanation="Model Monitor compares live traffic with a baseline.",
        grounding=Grounding(source="01-mini.md", section="Model Monitor"),
    )


def texts_of(el: ET.Element, path: str) -> list[str]:
    return [e.text or "" for e in el.findall(path, Q)]


def test_qti_package_of_the_whole_bank(tmp_path: Path) -> None:
    items = [*load_bank(strict=True), short_item()]
    assert {i.type for i in items} == set(ItemType)  # every type is exercised
    out = tmp_path / "bank.zip"
    assert export_items("qti", out, items) == len(items)

    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        docs = {n: ET.fromstring(z.read(n)) for n in names if n.startswith("items/")}

    assert manifest.tag == f"{{{CP_NS}}}manifest"
    resources = manifest.findall("cp:resources/cp:resource", CP)
    assert len(resources) == len(items) == len(docs)  # one assessmentItem per quiz item
    for res in resources:
        assert res.get("type") == ITEM_RESOURCE_TYPE
        assert res.get("href") in names
        assert res.find("cp:file", CP).get("href") == res.get("href")

    by_ident = {doc.get("identifier"): doc for doc in docs.values()}
    seen: Counter[str] = Counter()
    for item in items:
        doc = by_ident[qti_identifier(item.id)]
        seen[item.type.value] += 1
        assert doc.tag == f"{{{QTI_NS}}}assessmentItem"
        assert doc.get("adaptive") == "false" and doc.get("timeDependent") == "false"
        decl = doc.find("q:responseDeclaration", Q)
        assert decl is not None and decl.get("identifier") == "RESPONSE"
        assert doc.find("q:outcomeDeclaration[@identifier='SCORE']", Q) is not None
        assert (
            doc.find("q:responseProcessing", Q)
            .get("template", "")
            .startswith("http://www.imsglobal.org/question/qti_v2p1/rptemplates/")
        )
        interaction = doc.find(f"q:itemBody//q:{INTERACTION[item.type]}", Q)
        assert interaction is not None and interaction.get("responseIdentifier") == "RESPONSE"
        keys = texts_of(decl, "q:correctResponse/q:value")
        assert keys, item.id

        # The key, read back through the identifiers, is the item's answer.
        if item.type in (ItemType.single_choice, ItemType.multiple_response, ItemType.true_false):
            label = {c.get("identifier"): c.text for c in interaction.findall("q:simpleChoice", Q)}
            assert sorted(label[k] for k in keys) == sorted(item.correct_texts)
            assert decl.get("cardinality") == (
                "multiple" if item.type is ItemType.multiple_response else "single"
            )
            assert interaction.get("maxChoices") == ("0" if item.type is ItemType.multiple_response else "1")
        elif item.type is ItemType.matching:
            sets = interaction.findall("q:simpleMatchSet", Q)
            assert len(sets) == 2 and decl.get("baseType") == "directedPair"
            left = {c.get("identifier"): c.text for c in sets[0].findall("q:simpleAssociableChoice", Q)}
            right = {c.get("identifier"): c.text for c in sets[1].findall("q:simpleAssociableChoice", Q)}
            assert dict(tuple(k.split()) for k in keys) == {
                s: t for s in left for t in right if item.answer[left[s]] == right[t]
            }
        elif item.type is ItemType.ordering:
            label = {c.get("identifier"): c.text for c in interaction.findall("q:simpleChoice", Q)}
            assert decl.get("cardinality") == "ordered"
            assert [label[k] for k in keys] == item.answer
        else:
            assert decl.get("baseType") == "string" and keys == [item.answer]
            entries = decl.findall("q:mapping/q:mapEntry", Q)
            assert {e.get("mapKey") for e in entries} == {item.answer, *item.accept}
            assert all(e.get("caseSensitive") == "false" and e.get("mappedValue") == "1" for e in entries)
            assert doc.find("q:responseProcessing", Q).get("template").endswith("map_response")
    assert by_ident["item-9short"] is not None
    assert sum(seen.values()) == len(items)


def test_yaml_round_trips_through_the_bank_loader(tmp_path: Path) -> None:
    originals = load_bank(1, strict=True)
    generated = choice_item("m1-gen-1", "Model Monitor", ["Clarify", "Ground Truth"], origin="generated")
    questions = tmp_path / "corpus" / "questions"
    questions.mkdir(parents=True)
    export_items("yaml", questions / "module-1.yaml", [*originals, generated])
    loaded = load_bank(strict=True, settings=Settings(corpus_dir=tmp_path / "corpus"))
    assert loaded[:-1] == originals
    assert loaded[-1] == generated.model_copy(update={"origin": "bank"})  # in the bank, it is a bank item


def test_export_errors_and_cli(tmp_path: Path) -> None:
    with pytest.raises(QuizError, match="does not exist"):
        export_items("qti", tmp_path / "missing" / "x.zip", exportable_items(1))
    with pytest.raises(QuizError, match="no quiz items"):
        export_items("yaml", tmp_path / "x.yaml", [])
    app = typer.Typer()
    cli_classroom.register(app)
    out = tmp_path / "m2.zip"
    result = CliRunner().invoke(
        app, ["items", "export", "--format", "qti", "--out", str(out), "--module", "2"]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        assert len([n for n in z.namelist() if n.startswith("items/")]) == len(load_bank(2))
    bad = CliRunner().invoke(app, ["items", "export", "--format", "pdf", "--out", str(out)])
    assert bad.exit_code == 2
