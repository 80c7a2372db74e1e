"""A tiny course (one lesson, a seven-item bank) and a retriever over it, for quiz and progress tests.

Small on purpose: every generated item can be traced to a sentence below, and tests do not
depend on the bundled corpus, which other people edit.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tutor.index.loaders import load_markdown
from tutor.index.store import InMemoryStore
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings

LESSON = textwrap.dedent(
    """\
    ---
    module: 1
    title: "Mini Module"
    summary: "A test lesson."
    objectives:
      - id: m1-monitor
        text: "Catch drift with Model Monitor."
        sections: ["Model Monitor", "What Model Monitor is", "Model Monitor: lifecycle phase and personas served"]
      - id: m1-registry
        text: "Version models in Model Registry."
        sections: ["Model Registry", "What Model Registry is"]
      - id: m1-options
        text: "Pick a deployment option and know the pipeline steps."
        sections: ["Deployment options", "Pipeline steps"]
    ---

    # Module 1: Mini Module

    The mini module covers monitoring, the model catalog and deployment choices.

    ## Model Monitor

    ### What Model Monitor is

    SageMaker Model Monitor is the SageMaker service that watches deployed models and reports when their inputs drift away from the training baseline. SageMaker Model Monitor compares live traffic with a baseline on a schedule and raises alarms in Amazon CloudWatch. SageMaker Clarify supplies the bias drift checks that Model Monitor runs on live predictions. SageMaker Pipelines can start a retraining run when an alarm fires on a monitored endpoint.

    ### Model Monitor: lifecycle phase and personas served

    SageMaker Model Monitor serves the monitoring phase after deployment, closing the loop of the ML lifecycle. ML engineers own the monitoring schedules and alarms; data scientists investigate violations and decide whether to retrain the model.

    ## Model Registry

    ### What Model Registry is

    SageMaker Model Registry is a central catalog of trained models for production use. Each model version in SageMaker Model Registry has an approval status that a reviewer changes after checking metrics. SageMaker Clarify produces bias reports that a model version can carry into the approval review. SageMaker Pipelines registers new model versions automatically at the end of a training run. SageMaker Feature Store keeps features for training and inference in one central repository. Data scientists use Feature Store to assemble training sets from shared feature groups.

    ## Deployment options

    | Need | Deployment option |
    |---|---|
    | Low latency, steady traffic | Real-time endpoint |
    | Intermittent traffic, cold starts are fine | Serverless Inference |
    | Large payloads, caller can wait | Asynchronous Inference |
    | Score a whole dataset offline | Batch transform |

    ### Pipeline steps

    A typical training pipeline orders its steps like this:

    1. Processing step: prepare and split the data.
    2. Training step: train the model.
    3. Condition step: check the metric against the threshold.
    4. Model step: register the model in Model Registry.
    """
)

BANK = textwrap.dedent(
    """\
    - id: m1-q01
      module: 1
      objective: m1-monitor
      type: single_choice
      stem: "Which SageMaker service watches deployed models and reports drift?"
      options: ["Model Monitor", "Model Registry", "Clarify", "Feature Store"]
      answer: "Model Monitor"
      explanation: "Model Monitor watches deployed models and reports when their inputs drift away from the training baseline."
      grounding: {source: "01-mini.md", section: "What Model Monitor is"}
    - id: m1-q02
      module: 1
      objective: m1-registry
      type: true_false
      stem: "True or false: every model version in Model Registry has an approval status."
      answer: true
      explanation: "True. Each model version in Model Registry has an approval status that a reviewer changes after checking metrics."
      grounding: {source: "01-mini.md", section: "What Model Registry is"}
    - id: m1-q03
      module: 1
      objective: m1-monitor
      type: multiple_response
      stem: "Which personas does the course name as working with Model Monitor? Select all that apply."
      options: ["ML engineers", "Data scientists", "Business analysts", "Platform administrators"]
      answer: ["ML engineers", "Data scientists"]
      explanation: "ML engineers own the monitoring schedules; data scientists investigate violations."
      grounding: {source: "01-mini.md", section: "Model Monitor: lifecycle phase and personas served"}
    - id: m1-q04
      module: 1
      objective: m1-options
      type: matching
      stem: "Match each need to the deployment option that fits it."
      prompts: ["Score a whole dataset offline", "Large payloads, caller can wait", "Low latency, steady traffic"]
      options: ["Batch transform", "Asynchronous Inference", "Real-time endpoint", "Serverless Inference"]
      answer:
        "Score a whole dataset offline": "Batch transform"
        "Large payloads, caller can wait": "Asynchronous Inference"
        "Low latency, steady traffic": "Real-time endpoint"
      explanation: "Offline scoring is batch transform, large payloads suit asynchronous inference, low latency needs a real-time endpoint."
      grounding: {source: "01-mini.md", section: "Deployment options"}
    - id: m1-q05
      module: 1
      objective: m1-options
      type: ordering
      stem: "Order the steps of the typical training pipeline."
      options: ["Training step", "Model step", "Processing step", "Condition step"]
      answer: ["Processing step", "Training step", "Condition step", "Model step"]
      explanation: "Data is processed, the model trained, the metric checked, and the model registered."
      grounding: {source: "01-mini.md", section: "Pipeline steps"}
    - id: m1-q06
      module: 1
      objective: m1-registry
      type: short_answer
      stem: "Which SageMaker service is the central catalog of trained models for production use?"
      answer: "Model Registry"
      accept: ["SageMaker Model Registry"]
      explanation: "Model Registry is a central catalog of trained models for production use."
      grounding: {source: "01-mini.md", section: "What Model Registry is"}
    - id: m1-q07
      module: 1
      objective: m1-options
      type: single_choice
      stem: "Which deployment option scores a whole dataset offline?"
      options: ["Batch transform", "Real-time endpoint", "Serverless Inference"]
      answer: "Batch transform"
      explanation: "Batch transform scores a whole dataset offline, with no endpoint."
      grounding: {source: "01-mini.md", section: "Deployment options"}
    """
)


COURSE = textwrap.dedent(
    """\
    brand: "SageMaker"
    brand_prefixes: ["Amazon SageMaker", "Amazon", "SageMaker"]
    personas:
      - {name: "Data engineers", pattern: '\\bdata engineers?\\b'}
      - {name: "Data scientists", pattern: '\\bdata scientists?\\b'}
      - {name: "ML engineers", pattern: '\\bML engineers?\\b'}
      - {name: "Business analysts", pattern: '\\bbusiness analysts?\\b'}
      - {name: "Auditors", pattern: '\\baudit(?:ors?)?\\b'}
    lifecycle_phases:
      - "Data collection and labelling"
      - "Data preparation and feature engineering"
      - "Model building and training"
      - "Deployment and inference"
      - "Monitoring, governance and retraining"
    categories:
      deployment option: ["Real-time endpoint", "Serverless Inference", "Asynchronous Inference", "Batch transform"]
    glossary:
      - {term: "Asynchronous Inference", variants: ["async inference"]}
    """
)
"""The mini course's data (corpus/course.yaml): personas, phases, a category, a glossary line."""


NEW_ITEM = {
    "id": "m1-teacher-1",
    "module": 1,
    "objective": "m1-monitor",
    "type": "single_choice",
    "stem": "Which SageMaker service compares live traffic with a baseline on a schedule?",
    "options": ["SageMaker Model Monitor", "SageMaker Pipelines", "Amazon S3"],
    "answer": "SageMaker Model Monitor",
    "explanation": "SageMaker Model Monitor compares live traffic with a baseline on a schedule.",
    "grounding": {"source": "01-mini.md", "section": "What Model Monitor is"},
}
"""A valid single-choice item on the mini lesson that is not in its bank (what a teacher adds)."""


def write_corpus(root: Path, *, bank: str | None = BANK) -> Path:
    """Write the mini lesson (and bank, and course data) under ``root``; return the corpus directory."""
    corpus = root / "corpus"
    (corpus / "questions").mkdir(parents=True, exist_ok=True)
    (corpus / "01-mini.md").write_text(LESSON, encoding="utf-8")
    (corpus / "course.yaml").write_text(COURSE, encoding="utf-8")
    if bank is not None:
        (corpus / "questions" / "module-1.yaml").write_text(bank, encoding="utf-8")
    return corpus


def mini_settings(root: Path, **overrides: object) -> Settings:
    corpus = write_corpus(root)
    return Settings(data_dir=root / "data", corpus_dir=corpus, **overrides)  # type: ignore[arg-type]


def mini_retriever(settings: Settings, embedder: object, name: str = "01-mini.md") -> Retriever:
    """A retriever over the mini lesson (or another lesson ``name`` of the corpus) in an
    in-memory store (fixed, no model)."""
    store = InMemoryStore()
    loaded = load_markdown(Path(settings.corpus_dir) / name, settings.chunk_chars)
    store.upsert(loaded.chunks, embedder.embed_documents([c.embedding_text() for c in loaded.chunks]))  # type: ignore[attr-defined]
    return Retriever(settings, store=store, embedder=embedder)  # type: ignore[arg-type]


def use_mini_course(root: Path, monkeypatch: pytest.MonkeyPatch, embedder: object) -> Settings:
    """Point the CLI at the mini course (environment and a ready retriever) and return its settings."""
    settings = mini_settings(root)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(settings.corpus_dir))
    key = (str(settings.data_dir), settings.chroma_url, settings.collection)
    monkeypatch.setattr("tutor.retrieval.search._retrievers", {key: mini_retriever(settings, embedder)})
    return settings
