"""`tutor ingest`, `search`, `stats` and `eval`: building the index and looking into it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tutor.cli.common import JsonOpt, ModuleOpt, console, err, fail, print_json
from tutor.exceptions import TutorError
from tutor.index.ingest import IngestProgress
from tutor.index.ingest import ingest as run_ingest
from tutor.index.messages import ingest_notice, stats_warning
from tutor.index.stats import index_stats
from tutor.retrieval.evaluation import evaluate, load_questions
from tutor.retrieval.search import get_retriever, search_passages
from tutor.safety.text_cleaning import strip_controls


class _RichIngestProgress(IngestProgress):
    """Progress bars on a terminal: files made searchable (with the pages of the current one),
    and the semantic index filling in behind them."""

    def __init__(self, progress: Progress) -> None:
        self.p = progress
        self.files_task = progress.add_task("searchable", total=0)
        self.pages_task: int | None = None
        self.embed_task: int | None = None
        self.sentence_task: int | None = None

    def files(self, total: int) -> None:
        self.p.update(self.files_task, total=total)

    def file_started(self, path: Path) -> None:
        self.p.update(self.files_task, description=f"[cyan]searchable[/] {escape(path.name[:40])}")
        if self.pages_task is not None:
            self.p.remove_task(self.pages_task)
        self.pages_task = None

    def pages(self, n: int) -> None:
        if self.pages_task is None:
            self.pages_task = self.p.add_task("  pages", total=None)
        self.p.advance(self.pages_task, n)

    def embedded(self, n: int, total: int) -> None:
        if self.embed_task is None:
            self.embed_task = self.p.add_task("[magenta]semantic index[/]", total=total)
        self.p.update(self.embed_task, completed=n, total=total)

    def sentences(self, n: int, total: int) -> None:
        if self.sentence_task is None:
            self.p.update(self.files_task, description="[cyan]offline answers")
            self.sentence_task = self.p.add_task("  sentences embedded", total=total)
        self.p.update(self.sentence_task, completed=n, total=total)

    def file_done(self, path: Path, error: str | None = None) -> None:
        self.p.advance(self.files_task)
        if error:
            self.p.console.print(f"[red]✗[/] {error}")


class _PlainProgress(IngestProgress):
    """For logs and pipes: only failures, one line each."""

    def __init__(self, silent: bool) -> None:
        self.silent = silent

    def file_done(self, path: Path, error: str | None = None) -> None:
        if not self.silent and error:
            err.print(f"✗ {error}")


def register(app: typer.Typer) -> None:
    """Add the index commands to ``app``."""

    @app.command()
    def ingest(
        paths: Annotated[
            list[Path] | None, typer.Argument(help="Files or folders (default: the bundled corpus).")
        ] = None,
        prune: Annotated[
            bool, typer.Option(help="Remove chunks of indexed files that no longer exist.")
        ] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Index Markdown, text and PDF files. Unchanged files are skipped."""
        try:
            if quiet or as_json or not sys.stderr.isatty():
                report = run_ingest(paths or None, prune=prune, progress=_PlainProgress(quiet or as_json))
            else:
                columns = (
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                )
                with Progress(*columns, console=err, transient=True) as p:
                    report = run_ingest(paths or None, prune=prune, progress=_RichIngestProgress(p))
        except TutorError as e:
            fail(e)
        if as_json:
            print_json(report)
        else:
            console.print(
                f"[bold]Ingest finished[/] in {report.seconds:.1f} s: {report.files_seen} files "
                f"({len(report.ingested)} indexed, {report.unchanged} unchanged, {len(report.failed)} failed), "
                f"{report.pages} pages, +{report.chunks_added}/-{report.chunks_removed} chunks, "
                f"{report.total_chunks} chunks in the index."
            )
            if report.sentences_embedded:
                console.print(f"Embedded {report.sentences_embedded} new sentences for offline answers.")
            if report.pruned:
                console.print(f"Pruned {len(report.pruned)} files that no longer exist.")
            if report.orphans_removed:
                console.print(f"Removed {report.orphans_removed} leftover chunks of an interrupted run.")
            if report.manifest_problem or report.chunks_adopted:
                err.print(ingest_notice(report), highlight=False, markup=False)
            for f in report.failed:
                err.print(f"[red]✗ {f.message}[/]" + (f"\n  [yellow]{f.hint}[/]" if f.hint else ""))
        if report.failed:
            raise typer.Exit(1)

    @app.command()
    def search(
        question: Annotated[str, typer.Argument(help="What to look for.")],
        k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many passages.")] = 5,
        module: ModuleOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Show the passages hybrid retrieval finds for a question."""
        try:
            passages = search_passages(question, k=k, module=module)
        except TutorError as e:
            fail(e)
        if as_json:
            print(json.dumps([p.model_dump() for p in passages], indent=2))
            return
        if not passages:
            console.print("No passages found" + (f" in module {module}." if module is not None else "."))
        for i, p in enumerate(passages, 1):
            # Document text is shown without markup and without control characters.
            where = escape(strip_controls(" > ".join(p.section_path) or p.title))
            page = f" p. {p.page}" if p.page else ""
            mod = f" \\[module {p.module}]" if p.module is not None else ""
            sim = f"{p.similarity:.2f}" if p.similarity is not None else "-"
            source = escape(strip_controls(p.source))
            console.print(
                f"[bold cyan]{i}. {source}{page}[/]{mod}  {where}  [dim](rrf {p.score:.4f}, cos {sim})[/]"
            )
            text = strip_controls(p.text if len(p.text) < 400 else p.text[:400] + "…")
            console.print(f"   {text}\n", highlight=False, markup=False)

    @app.command()
    def stats(as_json: JsonOpt = False) -> None:
        """What is indexed, by module and by source."""
        try:
            s = index_stats()
        except TutorError as e:
            fail(e)
        if as_json:
            print_json(s)
            return
        console.print(f"[bold]{s.files} files, {s.chunks} chunks, {s.pages} PDF pages[/] in {s.store}")
        if s.awaiting_vectors:
            console.print(
                f"Semantic index {s.semantic_share:.0%} built: {s.awaiting_vectors:,} chunks are searchable by "
                "keyword and wait for their vectors (an ingest is running, or run `tutor ingest` to finish)."
            )
        if (s.health and not s.health.ok) or s.store_problem:
            err.print(stats_warning(s), highlight=False, markup=False)
        table = Table("module", "source", "title", "pages", "chunks")
        for src in s.sources:
            table.add_row(
                "-" if src.module is None else str(src.module),
                src.source,
                src.title[:50],
                str(src.pages or ""),
                str(src.chunks),
            )
        console.print(table)
        console.print("Chunks by module: " + ", ".join(f"{k}: {v}" for k, v in s.by_module.items()))

    @app.command("eval")
    def eval_cmd(
        questions: Annotated[
            Path, typer.Argument(help="JSONL: question + expected_sources / expected_terms.")
        ],
        k: Annotated[int, typer.Option("-k", min=1, max=50)] = 5,
        use_module: Annotated[
            bool, typer.Option("--module-filter", help="Filter by each question's module.")
        ] = False,
        as_json: JsonOpt = False,
        show_misses: Annotated[bool, typer.Option("--misses", help="List the questions missed.")] = False,
    ) -> None:
        """Measure retrieval: hit@k, MRR and latency on a labelled question file."""
        try:
            items = load_questions(questions)
            retriever = get_retriever()
            retriever.warm_up()
            report = evaluate(
                items, lambda q, kk, m: retriever.search(q, k=kk, module=m), k=k, use_module_filter=use_module
            )
        except TutorError as e:
            fail(e)
        if as_json:
            print_json(report)
            return
        console.print(
            f"{report.questions} questions  hit@{k} {report.hit_at_k:.3f}  hit@1 {report.hit_at_1:.3f}  "
            f"MRR {report.mrr:.3f}  latency p50 {report.latency_p50_ms:.1f} ms  p95 {report.latency_p95_ms:.1f} ms"
        )
        if show_misses:
            for r in report.results:
                if r.rank is None:
                    console.print(f"  miss {r.id}: {r.question}  -> {', '.join(r.top_sources[:3])}")
