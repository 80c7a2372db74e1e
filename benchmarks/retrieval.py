"""Retrieval benchmark on the SageMaker Developer Guide: this project vs the LangChain tutorial.

Both pipelines use the same embedding model and the same labelled questions. The baseline is
the plain tutorial: RecursiveCharacterTextSplitter(1000, 200) over the raw Markdown, Chroma,
`similarity_search`. Prints hit@5, MRR, ingest seconds, query p50/p95, peak memory, ratios,
for the dev-guide questions and, apart, for the overview questions ("what is <feature>?"):
a set tuned on and a held-out one written before tuning.

    .venv/bin/python benchmarks/retrieval.py [--limit N] [--skip-baseline]

Each pipeline runs in its own process so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEV_GUIDE, ROOT, need, offline_env, peak_rss_mb

QUESTIONS = ROOT / "benchmarks" / "data" / "devguide-questions.jsonl"
OVERVIEW_SETS = {
    "overview (tuned on)": ROOT / "benchmarks" / "data" / "devguide-overview-tuning.jsonl",
    "overview (held out)": ROOT / "benchmarks" / "data" / "devguide-overview-heldout.jsonl",
}


def _overview(search) -> dict[str, list[float]]:
    from tutor.retrieval.evaluation import evaluate, load_questions

    scores = {}
    for name, path in OVERVIEW_SETS.items():
        ev = evaluate(load_questions(path), search, k=5)
        scores[name] = [ev.hit_at_k, ev.mrr, ev.questions]
    return scores


def _files(limit: int | None) -> list[Path]:
    files = sorted(need(DEV_GUIDE).glob("*.md"))
    return files[:limit] if limit else files


def run_ours(limit: int | None) -> dict:
    from tutor.index.dense_text import content_mix
    from tutor.index.ingest import ingest
    from tutor.retrieval.evaluation import evaluate, load_questions
    from tutor.retrieval.retriever import Retriever
    from tutor.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        t0 = time.perf_counter()
        report = ingest(_files(limit), settings=settings)
        ingest_s = time.perf_counter() - t0
        retriever = Retriever(settings)
        retriever.warm_up()
        ev = evaluate(load_questions(QUESTIONS), lambda q, k, m: retriever.search(q, k=k), k=5)
        overview = _overview(lambda q, k, m: retriever.search(q, k=k))
        mix = content_mix(retriever.chunks())
        # The same questions again: answered from the query cache.
        again = evaluate(load_questions(QUESTIONS), lambda q, k, m: retriever.search(q, k=k), k=5)
        return {
            "ingest_s": ingest_s,
            "embedding_s": report.embedding_seconds,
            "texts_embedded": report.texts_embedded,
            "overview": overview,
            "mix": mix.model_dump(),
            "repeat_p50": again.latency_p50_ms,
            "chunks": report.total_chunks,
            "hit5": ev.hit_at_k,
            "mrr": ev.mrr,
            "p50": ev.latency_p50_ms,
            "p95": ev.latency_p95_ms,
            "peak_mb": peak_rss_mb(),
        }


def run_baseline(limit: int | None) -> dict:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from tutor.models import Chunk
    from tutor.retrieval.evaluation import evaluate, load_questions
    from tutor.settings import Settings

    model = Settings().resolved_embedding_model
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        emb = HuggingFaceEmbeddings(model_name=model, encode_kwargs={"normalize_embeddings": True})
        docs = [
            Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": p.name})
            for p in _files(limit)
        ]
        splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        client = chromadb.PersistentClient(path=tmp, settings=ChromaSettings(anonymized_telemetry=False))
        store = Chroma(
            client=client,
            collection_name="baseline",
            embedding_function=emb,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        for i in range(0, len(splits), 2000):
            store.add_documents(splits[i : i + 2000])
        ingest_s = time.perf_counter() - t0
        store.similarity_search("warm up", k=5)

        def search(q: str, k: int, _m: int | None) -> list[Chunk]:
            return [
                Chunk(
                    id=str(i),
                    text=d.page_content,
                    source=d.metadata["source"],
                    source_path="",
                    title="",
                    start=0,
                    end=0,
                )
                for i, d in enumerate(store.similarity_search(q, k=k))
            ]

        ev = evaluate(load_questions(QUESTIONS), search, k=5)
        return {
            "ingest_s": ingest_s,
            "overview": _overview(search),
            "chunks": len(splits),
            "hit5": ev.hit_at_k,
            "mrr": ev.mrr,
            "p50": ev.latency_p50_ms,
            "p95": ev.latency_p95_ms,
            "peak_mb": peak_rss_mb(),
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, help="Only the first N pages (a quick run).")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--only", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    offline_env()
    if args.only:
        result = run_ours(args.limit) if args.only == "ours" else run_baseline(args.limit)
        print(json.dumps(result))
        return

    def child(which: str) -> dict:
        cmd = [sys.executable, __file__, "--only", which] + (
            ["--limit", str(args.limit)] if args.limit else []
        )
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    ours = child("ours")
    base = None if args.skip_baseline else child("baseline")
    rows = [("this project", ours)] + ([("LangChain tutorial baseline", base)] if base else [])
    print(f"Dev guide pages: {len(_files(args.limit))}, questions: {sum(1 for _ in QUESTIONS.open())}")
    print(
        f"{'pipeline':30} {'chunks':>7} {'ingest s':>9} {'hit@5':>6} {'MRR':>6} {'p50 ms':>7} {'p95 ms':>7} {'peak MB':>8}"
    )
    for name, r in rows:
        print(
            f"{name:30} {r['chunks']:>7} {r['ingest_s']:>9.1f} {r['hit5']:>6.3f} {r['mrr']:>6.3f} "
            f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['peak_mb']:>8.0f}"
        )
    for name in OVERVIEW_SETS:
        for label, r in rows:
            hit, mrr, n = r["overview"][name]
            print(f"{name:20} {label:30} hit@5 {hit:.3f}  MRR {mrr:.3f}  ({n:.0f} questions)")
    mix = ours["mix"]
    print(
        "this project, characters by kind: "
        + ", ".join(f"{k} {v / 1e6:.2f} M" for k, v in sorted(mix["characters"].items()))
        + f"; embedded: {mix['dense_characters'] / 1e6:.2f} M of {mix['full_characters'] / 1e6:.2f} M "
        f"({mix['heading_only']} chunks by their heading alone, {mix['repeated']} repeats embedded once)"
    )
    print(
        f"this project: {ours['texts_embedded']} distinct texts embedded in {ours['embedding_s']:.1f} s of "
        f"model time; a repeated question p50 {ours['repeat_p50']:.2f} ms (query cache)"
    )
    if base:
        print(f"hit@5 difference: {ours['hit5'] - base['hit5']:+.3f} (target >= +0.10)")
        print(f"MRR difference: {ours['mrr'] - base['mrr']:+.3f}")
        print(f"ingest time ratio ours/baseline: {ours['ingest_s'] / base['ingest_s']:.2f} (target <= 0.60)")
        print(f"query p50 ratio ours/baseline: {ours['p50'] / base['p50']:.2f} (target <= 1.00, same run)")


if __name__ == "__main__":
    main()
