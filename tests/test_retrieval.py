"""Hybrid retrieval (dense + BM25 fused by RRF), the stores' cosine queries, and retrieval evaluation."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tutor.exceptions import ConfigError
from tutor.index.ingest import ingest
from tutor.index.store import ChromaStore, InMemoryStore
from tutor.models import Chunk, Passage
from tutor.retrieval.evaluation import LabelledQuestion, evaluate, load_questions, percentile
from tutor.retrieval.retriever import BM25Index, Retriever, reciprocal_rank_fusion
from tutor.settings import Settings

ANIMALS = [
    "quokka",
    "narwhal",
    "axolotl",
    "pangolin",
    "okapi",
    "tapir",
    "wombat",
    "kakapo",
    "dugong",
    "saola",
]


def make_chunk(i: int, text: str, module: int | None = None, source: str = "zoo.md") -> Chunk:
    return Chunk(
        id=f"c{i}",
        text=text,
        source=source,
        source_path=f"/docs/{source}",
        title="Zoo",
        module=module,
        section_path=["Zoo", f"Part {i}"],
        start=i * 100,
        end=i * 100 + len(text),
    )


def fan_vector(i: int) -> list[float]:
    """Unit vectors fanned out by 10 degrees: cosine to [1, 0] falls as i grows."""
    angle = math.radians(10 * i)
    return [math.cos(angle), math.sin(angle), 0.0, 0.0]


@pytest.fixture
def zoo(tmp_path: Path) -> Retriever:
    store = InMemoryStore()
    chunks = [make_chunk(i, f"The {a} lives in enclosure {i}.", module=i % 3) for i, a in enumerate(ANIMALS)]
    store.upsert(chunks, [fan_vector(i) for i in range(len(chunks))])
    return Retriever(Settings(data_dir=tmp_path / "d", candidates=5, rrf_k=60), store=store)


LESSONS = {
    "01-foundations.md": (1, "Foundations", {
        "SageMaker Studio": "Studio is the web IDE for machine learning. It hosts notebooks and terminals.",
        "The ML lifecycle": "The lifecycle runs from data to deployment. Each stage feeds the next one.",
    }),
    "02-data.md": (2, "Data Preparation", {
        "SageMaker Feature Store": "Feature Store keeps features consistent between training and inference.",
        "SageMaker Data Wrangler": "Data Wrangler cleans and transforms data visually with built-in steps.",
    }),
    "04-deploy.md": (4, "Deployment", {
        "SageMaker Model Monitor": "Model Monitor detects data drift on a deployed endpoint and raises alerts.",
        "Serverless inference": "Serverless endpoints scale to zero when no requests arrive.",
    }),
}  # fmt: skip


def write_lessons(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, (module, title, sections) in LESSONS.items():
        body = "\n\n".join(f"## {h}\n\n{t}" for h, t in sections.items())
        (root / name).write_text(f"---\nmodule: {module}\ntitle: {title}\n---\n# {title}\n\n{body}\n")
    return root


@pytest.fixture
def lessons_retriever(tmp_path: Path, fake_embedder) -> Retriever:
    settings = Settings(data_dir=tmp_path / "d")
    store = InMemoryStore()
    ingest([write_lessons(tmp_path / "lessons")], settings=settings, store=store, embedder=fake_embedder)
    return Retriever(settings, store=store, embedder=fake_embedder)


# --------------------------------------------------------------------------- fusion and BM25
def test_reciprocal_rank_fusion_sums_one_over_k_plus_rank() -> None:
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60)
    assert fused == pytest.approx({"a": 1 / 61, "b": 1 / 62 + 1 / 61, "c": 1 / 62})
    assert reciprocal_rank_fusion([], k=60) == {}


def test_bm25_finds_keywords_and_honours_the_module_filter() -> None:
    chunks = [make_chunk(i, f"The {a} lives in enclosure {i}.", module=i % 3) for i, a in enumerate(ANIMALS)]
    index = BM25Index(chunks)
    [(hit, score)] = index.search("Which okapi?", k=5)
    assert hit.id == "c4" and score > 0
    assert index.search("okapi", k=5, module=1) == [(hit, pytest.approx(score))]  # c4 is in module 1
    assert index.search("okapi", k=5, module=2) == []
    assert index.search("the of and", k=5) == []  # stopwords only
    assert index.search("unheard-of-word", k=5) == []
    assert BM25Index([]).search("okapi", k=5) == []


# --------------------------------------------------------------------------- the retriever
def test_hybrid_search_fuses_dense_and_bm25_rankings(zoo: Retriever) -> None:
    # Dense alone ranks c0..c4 (fan vectors); BM25 alone finds only c7 (the kakapo).
    passages = zoo.search("kakapo", k=10, query_vector=[1.0, 0.0, 0.0, 0.0])
    by_id = {p.id: p for p in passages}
    assert set(by_id) == {"c0", "c1", "c2", "c3", "c4", "c7"}
    kakapo = by_id["c7"]
    assert (kakapo.bm25_rank, kakapo.dense_rank, kakapo.similarity) == (1, None, None)
    assert kakapo.score == pytest.approx(1 / 61)
    assert by_id["c0"].dense_rank == 1 and by_id["c0"].similarity == pytest.approx(1.0)
    assert by_id["c2"].similarity == pytest.approx(math.cos(math.radians(20)), abs=1e-5)
    assert {passages[0].id, passages[1].id} == {"c0", "c7"}


def test_a_passage_found_by_both_rankings_comes_first(zoo: Retriever) -> None:
    passages = zoo.search("narwhal kakapo", k=3, query_vector=[1.0, 0.0, 0.0, 0.0])
    top = passages[0]
    assert top.id == "c1"  # dense rank 2 and a BM25 hit beat dense rank 1 alone
    assert top.dense_rank == 2 and top.bm25_rank in (1, 2)
    assert top.score == pytest.approx(1 / 62 + 1 / (60 + top.bm25_rank))
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)


def test_search_returns_typed_passages_with_citation_metadata(lessons_retriever: Retriever) -> None:
    passages = lessons_retriever.search("How does Feature Store keep features consistent?", k=3)
    assert 1 <= len(passages) <= 3
    assert all(isinstance(p, Passage) for p in passages)
    top = passages[0]
    assert top.source == "02-data.md"
    assert top.title == "Data Preparation"
    assert top.module == 2
    assert top.section_path == ["Data Preparation", "SageMaker Feature Store"]
    assert top.page is None
    assert top.text.startswith("Feature Store keeps features")
    assert top.id and top.score > 0 and top.similarity is not None
    assert top.end > top.start


def test_k_defaults_to_settings_top_k_and_is_honoured(lessons_retriever: Retriever) -> None:
    assert len(lessons_retriever.search("SageMaker", k=2)) == 2
    assert len(lessons_retriever.search("SageMaker")) == lessons_retriever.settings.top_k == 5


@pytest.mark.parametrize("module", [1, 2, 4])
def test_module_filter_keeps_only_that_module(lessons_retriever: Retriever, module: int) -> None:
    passages = lessons_retriever.search("Feature Store data drift Studio", k=5, module=module)
    assert passages
    assert {p.module for p in passages} == {module}


@pytest.mark.parametrize("kind", ["memory", "chroma"])
def test_bm25_is_rebuilt_when_the_index_changes(kind: str, tmp_path: Path, fake_embedder) -> None:
    # Embedded Chroma is watched through the manifest alone (no count() per question): an
    # ingest must still be seen by a retriever that is already running.
    settings = Settings(data_dir=tmp_path / "d")
    store = InMemoryStore() if kind == "memory" else ChromaStore(settings)
    ingest([write_lessons(tmp_path / "lessons")], settings=settings, store=store, embedder=fake_embedder)
    retriever = Retriever(settings, store=store, embedder=fake_embedder)
    assert not any("Ground Truth" in p.text for p in retriever.search("Ground Truth labelling", k=5))
    new = tmp_path / "lessons" / "03-labels.md"
    new.write_text(
        "---\nmodule: 2\n---\n# Labels\n\n## Ground Truth\n\nGround Truth labelling uses workers.\n"
    )
    ingest([new], settings=retriever.settings, store=retriever.store, embedder=fake_embedder)
    passages = retriever.search("Ground Truth labelling", k=5)
    assert passages[0].source == "03-labels.md"
    assert passages[0].bm25_rank == 1


def test_search_on_an_empty_index_returns_nothing(tmp_path: Path, fake_embedder) -> None:
    retriever = Retriever(Settings(data_dir=tmp_path / "d"), store=InMemoryStore(), embedder=fake_embedder)
    assert retriever.search("anything at all") == []


def test_section_returns_a_section_and_its_subsections_in_reading_order(
    tmp_path: Path, fake_embedder
) -> None:
    path = tmp_path / "guide.md"
    sentences = " ".join(
        f"Monitoring sentence {i} explains one more detail of Model Monitor." for i in range(40)
    )
    path.write_text(
        f"# Guide\n\n## Model Monitor\n\n{sentences}\n\n### Schedules\n\nSchedules run hourly.\n\n"
        "## Clarify\n\nClarify finds bias.\n"
    )
    settings = Settings(data_dir=tmp_path / "d", chunk_chars=300)
    store = InMemoryStore()
    ingest([path], settings=settings, store=store, embedder=fake_embedder)
    chunks = Retriever(settings, store=store, embedder=fake_embedder).section(
        "guide.md", ["Guide", "Model Monitor"]
    )
    assert len(chunks) > 3
    assert [c.start for c in chunks] == sorted(c.start for c in chunks)
    assert chunks[-1].section_path == ["Guide", "Model Monitor", "Schedules"]
    assert not any("Clarify" in c.text for c in chunks)


# --------------------------------------------------------------------------- stores
@pytest.mark.parametrize("kind", ["memory", "chroma"])
def test_stores_rank_by_cosine_similarity_and_filter_by_module(kind: str, tmp_path: Path) -> None:
    store = InMemoryStore() if kind == "memory" else ChromaStore(Settings(data_dir=tmp_path / "d"))
    assert store.query([1.0, 0.0, 0.0, 0.0], 3) == []
    chunks = [make_chunk(i, f"The {ANIMALS[i]} eats.", module=i % 3) for i in range(4)]
    vectors = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [-1.0, 0.0, 0.0, 0.0], [0.6, 0.8, 0.0, 0.0]]
    store.upsert(chunks, vectors)
    store.upsert(chunks[:1], vectors[:1])  # upsert by id: no duplicate
    assert store.count() == 4

    hits = store.query([1.0, 0.0, 0.0, 0.0], 4)
    assert [c.id for c, _ in hits] == ["c0", "c3", "c1", "c2"]
    # Cosine, not L2: orthogonal is 0 and opposite is -1.
    assert [s for _, s in hits] == pytest.approx([1.0, 0.6, 0.0, -1.0], abs=1e-4)
    assert hits[0][0] == chunks[0]

    assert [c.id for c, _ in store.query([1.0, 0.0, 0.0, 0.0], 4, module=0)] == ["c0", "c3"]
    assert [c.id for c, _ in store.query([1.0, 0.0, 0.0, 0.0], 4, module=2)] == ["c2"]
    assert store.query([1.0, 0.0, 0.0, 0.0], 4, module=7) == []

    store.delete(["c0", "nonexistent"])
    assert store.all_ids() == {"c1", "c2", "c3"}
    assert [c.id for c in store.get(["c3", "c0", "c1"])] == ["c3", "c1"]


def test_retriever_over_embedded_chroma(tmp_path: Path, fake_embedder) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    report = ingest([write_lessons(tmp_path / "lessons")], settings=settings, embedder=fake_embedder)
    assert report.ok
    retriever = Retriever(settings, embedder=fake_embedder)
    passages = retriever.search("Model Monitor detects data drift", k=3)
    assert passages[0].source == "04-deploy.md"
    assert passages[0].section_path == ["Deployment", "SageMaker Model Monitor"]
    assert passages[0].similarity is not None and 0 < passages[0].similarity <= 1.0001
    assert {p.module for p in retriever.search("data drift endpoint", k=5, module=2)} == {2}


# --------------------------------------------------------------------------- checkpoint questions
CHECKPOINTS = [
    (
        "Which service should you use to detect data drift in a deployed model?",
        "04-deployment-mlops.md",
        "SageMaker Model Monitor",
        4,
    ),
    (
        "How does SageMaker Feature Store improve ML workflows?",
        "02-data-preparation.md",
        "SageMaker Feature Store",
        2,
    ),
    (
        "What is the primary purpose of SageMaker Clarify?",
        "05-governance-responsible-ai.md",
        "SageMaker Clarify",
        5,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "source", "section", "module"),
    CHECKPOINTS,
    ids=["model-monitor", "feature-store", "clarify"],
)
def test_checkpoint_questions_retrieve_the_right_section(
    corpus_index: Retriever, question: str, source: str, section: str, module: int
) -> None:
    passages = corpus_index.search(question, k=5)
    top = passages[0]
    assert (top.source, top.module) == (source, module)
    assert section in top.section_path, top.section_path
    in_section = [p for p in passages if p.source == source and section in p.section_path]
    assert len(in_section) >= 3, [(p.source, p.section_path) for p in passages]
    assert top.similarity is not None and top.similarity >= corpus_index.settings.min_relevance
    filtered = corpus_index.search(question, k=5, module=module)
    assert {p.module for p in filtered} == {module}
    assert section in filtered[0].section_path


@pytest.mark.slow
def test_evaluation_of_the_checkpoint_questions(corpus_index: Retriever) -> None:
    questions = [
        LabelledQuestion(id=f"cp{i}", question=q, module=m, expected_terms=[section])
        for i, (q, _, section, m) in enumerate(CHECKPOINTS)
    ]
    report = evaluate(questions, lambda q, k, m: corpus_index.search(q, k=k, module=m), k=5)
    assert report.questions == 3
    assert report.hit_at_1 == report.hit_at_k == report.mrr == 1.0
    assert report.latency_p50_ms > 0


# --------------------------------------------------------------------------- evaluation
def _fixed_search(rankings: dict[str, list[Chunk]], calls: list[tuple[str, int, int | None]]):
    def search(question: str, k: int, module: int | None) -> list[Chunk]:
        calls.append((question, k, module))
        return rankings[question]

    return search


def test_evaluate_computes_hit_at_k_mrr_and_latency() -> None:
    a, b, c = (make_chunk(i, f"text {i}", source=f"{n}.md") for i, n in enumerate("abc"))
    questions = [
        LabelledQuestion(id="q1", question="first", expected_sources=["a.md"]),
        LabelledQuestion(id="q2", question="second", expected_sources=["c.md", "x.md"], module=3),
        LabelledQuestion(id="q3", question="third", expected_sources=["x.md"]),
        LabelledQuestion(id="q4", question="fourth", expected_sources=["c.md"]),
    ]
    rankings = {"first": [a, b, c], "second": [b, a, c], "third": [a, b, c], "fourth": [a, b, c, c]}
    calls: list[tuple[str, int, int | None]] = []
    report = evaluate(questions, _fixed_search(rankings, calls), k=2)
    assert [r.rank for r in report.results] == [1, None, None, None]  # rank 3 is outside k=2
    report = evaluate(questions, _fixed_search(rankings, calls), k=3)
    assert [r.rank for r in report.results] == [1, 3, None, 3]
    assert report.hit_at_k == pytest.approx(3 / 4)
    assert report.hit_at_1 == pytest.approx(1 / 4)
    assert report.mrr == pytest.approx((1 + 1 / 3 + 1 / 3) / 4)
    assert report.results[3].top_sources == ["a.md", "b.md", "c.md"]
    assert all(r.latency_ms >= 0 for r in report.results)
    assert report.latency_p95_ms >= report.latency_p50_ms
    assert all(module is None for _, _, module in calls)

    calls.clear()
    evaluate(questions, _fixed_search(rankings, calls), k=3, use_module_filter=True)
    assert calls[1] == ("second", 3, 3)


def test_expected_terms_match_text_or_section_label_case_insensitively() -> None:
    q = LabelledQuestion(id="t", question="q", expected_terms=["model monitor", "DRIFT"])
    hit = make_chunk(0, "It watches for drift.")
    hit.section_path = ["Deploy", "SageMaker Model Monitor"]
    miss = make_chunk(1, "It watches for drift.")
    assert q.matches(hit) and not q.matches(miss)
    with pytest.raises(ValueError, match="needs expected_sources or expected_terms"):
        LabelledQuestion(id="none", question="q")


def test_load_questions(tmp_path: Path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text(
        json.dumps({"id": "q1", "question": "What is Clarify?", "expected_sources": ["05.md"]})
        + "\n\n"
        + json.dumps({"id": "q2", "question": "Drift?", "module": 4, "expected_terms": ["Monitor"]})
        + "\n"
    )
    loaded = load_questions(good)
    assert [q.id for q in loaded] == ["q1", "q2"] and loaded[1].module == 4

    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text(
        json.dumps({"id": "q1", "question": "x", "expected_sources": ["a"]}) + "\n{not json\n"
    )
    with pytest.raises(ConfigError, match=r"bad\.jsonl:2 is not a valid labelled question"):
        load_questions(bad_json)

    unlabelled = tmp_path / "unlabelled.jsonl"
    unlabelled.write_text(json.dumps({"id": "q1", "question": "x"}) + "\n")
    with pytest.raises(ConfigError, match=":1 is not a valid"):
        load_questions(unlabelled)

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n  \n")
    with pytest.raises(ConfigError, match="holds no questions"):
        load_questions(empty)

    with pytest.raises(ConfigError, match="Cannot read"):
        load_questions(tmp_path / "missing.jsonl")


def test_percentile() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([7.0], 95) == 7.0
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([1.0, 3.0], 50) == pytest.approx(2.0)


@pytest.mark.parametrize("kind", ["memory", "chroma"])
def test_stores_return_unit_vectors_in_the_order_asked(kind: str, tmp_path: Path) -> None:
    store = InMemoryStore() if kind == "memory" else ChromaStore(Settings(data_dir=tmp_path / "d"))
    chunks = [make_chunk(i, f"The {ANIMALS[i]} eats.") for i in range(3)]
    store.upsert(chunks, [[3.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0]])
    ids, every = store.embedded_vectors()
    row = dict(zip(ids, every, strict=True))
    matrix = np.array([row[i] for i in ["c2", "c0", "c1"]])
    assert matrix.shape == (3, 4)
    expected = [[0.7071, 0.7071, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0]]
    assert matrix.tolist() == [[pytest.approx(x, abs=1e-4) for x in row] for row in expected]
