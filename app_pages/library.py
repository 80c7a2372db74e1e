"""Library: what is indexed, by module and source; add documents; re-index."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages import auth, common, resources, safe_text
from tutor.exceptions import TutorError
from tutor.index.ingest import IngestProgress, IngestReport, ingest, remove_sources
from tutor.index.stats import index_stats
from tutor.index.uploads import upload_path

UPLOAD_TYPES = ["pdf", "md", "markdown", "txt"]
REPORT_KEY = "library_report"


def uploads_dir() -> Path:
    return resources.settings().data_dir / "uploads"


class StreamlitIngestProgress(IngestProgress):
    """Drives one st.progress bar: files made searchable, then the semantic index filling in."""

    def __init__(self, bar: st.delta_generator.DeltaGenerator) -> None:
        self.bar = bar
        self.total = 0
        self.done = 0
        self.current = ""
        self.fraction = 0.0
        self.pages_read = 0

    def _draw(self) -> None:
        # Reading is quick, embedding slow: the bar is a fifth files, four fifths vectors.
        searchable = self.done / self.total if self.total else 1.0
        share = 0.2 * searchable + 0.8 * self.fraction
        text = f"{self.done} of {self.total} files searchable"
        if self.current and self.done < self.total:
            text += f" · {self.current}"
            if self.pages_read:
                text += f" · {self.pages_read} pages read"
        text += f" · semantic index {self.fraction:.0%}"
        self.bar.progress(min(1.0, max(0.0, share)), text=safe_text.md_escape(text))

    def files(self, total: int) -> None:
        self.total = total
        self._draw()

    def file_started(self, path: Path) -> None:
        self.current, self.pages_read = path.name, 0
        self._draw()

    def pages(self, n: int) -> None:
        self.pages_read += n
        self._draw()

    def embedded(self, n: int, total: int) -> None:
        self.fraction = n / total if total else 1.0
        self._draw()

    def file_done(self, path: Path, error: str | None = None) -> None:
        self.done += 1
        self._draw()


def run_ingest(paths: list[Path] | None, *, prune: bool = False, label: str) -> IngestReport | None:
    """Ingest with the app's own store and model, a progress bar, and errors shown."""
    retriever = resources.retriever()
    bar = st.progress(0.0, text=safe_text.md_escape(label))
    try:
        report = ingest(
            paths,
            prune=prune,
            settings=resources.settings(),
            store=retriever.store,
            embedder=retriever.embedder,
            progress=StreamlitIngestProgress(bar),
        )
    except TutorError as e:
        bar.empty()
        common.show_error(e)
        return None
    bar.progress(1.0, text=safe_text.md_escape(f"{label}: done in {report.seconds:.1f} s"))
    return report


def save_uploads(files: list) -> tuple[list[Path], list[tuple[str, str, str]]]:
    """Write accepted uploads under data_dir/uploads. Returns (paths, [(name, problem, hint)])."""
    limit_mb = resources.settings().max_upload_mb
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    refused: list[tuple[str, str, str]] = []
    for f in files:
        name = safe_text.safe_filename(f.name)
        suffix = Path(name).suffix.lstrip(".")
        if suffix not in UPLOAD_TYPES:
            refused.append(
                (f.name, "is not a PDF, Markdown or text file.", "Upload .pdf, .md or .txt files.")
            )
            continue
        if f.size > limit_mb * 1024 * 1024:
            refused.append(
                (
                    f.name,
                    f"is {f.size / 1024 / 1024:.1f} MB; uploads are limited to {limit_mb:g} MB.",
                    "Split the document, or raise TUTOR_MAX_UPLOAD_MB and server.maxUploadSize.",
                )
            )
            continue
        data = f.getvalue()
        target = upload_path(folder, name, data)  # a second "notes.md" becomes notes-2.md
        target.write_bytes(data)
        saved.append(target)
    return saved, refused


def show_report(report: IngestReport, refused: list[tuple[str, str, str]]) -> None:
    added = len(report.ingested)
    summary = (
        f"{added} file(s) indexed, {report.unchanged} unchanged, {len(report.failed) + len(refused)} "
        f"failed; +{report.chunks_added} / -{report.chunks_removed} passages in {report.seconds:.1f} s. "
        f"The index now holds {report.total_chunks} passages."
    )
    if report.failed or refused:
        st.warning(safe_text.md_escape(summary))
    else:
        st.success(safe_text.md_escape(summary))
    for name, problem, hint in refused:
        st.error(safe_text.md_escape(f"{name} {problem}") + "  \n" + safe_text.md_escape(hint))
    for failure in report.failed:
        name = Path(failure.path).name
        message = failure.message if name in failure.message else f"{name}: {failure.message}"
        body = safe_text.md_escape(message)
        if failure.hint:
            body += "  \n" + safe_text.md_escape(failure.hint)
        st.error(body, icon=":material/error:")
    if report.pruned:
        st.info(safe_text.md_escape(f"Removed {len(report.pruned)} source(s) whose files no longer exist."))


def origin(source_path: str, bundled: bool) -> str:
    if bundled:
        return "course"
    try:
        if Path(source_path).resolve().is_relative_to(uploads_dir().resolve()):
            return "uploaded"
    except OSError:
        pass
    return "added"


def render() -> None:
    auth.require_teacher()  # class mode: changing what everyone reads is the teacher's
    st.set_page_config(layout="wide")  # tables: room for every column
    st.title("Library")
    st.caption("The documents the tutor answers from and builds quizzes from.")
    s = resources.settings()
    titles = common.module_titles()

    # The outcome of the last upload or re-index survives the rerun that refreshes the table.
    last = st.session_state.pop(REPORT_KEY, None)
    if last is not None:
        show_report(*last)

    try:
        stats = index_stats(s)
    except TutorError as e:
        common.show_error(e)
        return

    c1, c2, c3 = st.columns(3)
    c1.metric("Documents", stats.files)
    c2.metric("Passages", stats.chunks)
    c3.metric("PDF pages", stats.pages)
    if stats.awaiting_vectors:
        st.info(
            f"Semantic index {stats.semantic_share:.0%} built: {stats.awaiting_vectors:,} passages can already be "
            "found by their words and are waiting for their meaning vectors. Answers say so until "
            "indexing is done."
        )

    if not stats.sources:
        st.info(
            "Nothing is indexed yet. Index the bundled course below (a minute or two the first time), "
            "or upload your own documents."
        )
    else:
        rows = [
            {
                "Module": common.module_label(src.module, titles) if src.module is not None else "Other",
                "Title": src.title,
                "Source": src.source,
                "Pages": str(src.pages) if src.pages else "",
                "Passages": src.chunks,
                "Origin": origin(src.path, src.bundled),
                "Indexed": src.ingested_at[:10],
            }
            for src in stats.sources
        ]
        small = {"width": "small"}
        common.table(
            rows,
            {
                "Module": common.module_column(),
                "Pages": st.column_config.TextColumn(**small),
                "Passages": st.column_config.NumberColumn(**small),
                "Origin": st.column_config.TextColumn(**small),
                "Indexed": st.column_config.TextColumn(**small),
            },
        )

    st.subheader("Add documents")
    limit = int(max(1, round(s.max_upload_mb)))
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            f"PDF, Markdown or text files, up to {s.max_upload_mb:g} MB each",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            max_upload_size=limit,
            help="Markdown files may start with front matter (module: 3, title: ...) to file them under a module.",
        )
        submitted = st.form_submit_button("Add to the index", type="primary", icon=":material/upload:")
    if submitted:
        if not files:
            st.warning("Choose one or more files first.")
        else:
            paths, refused = save_uploads(list(files))
            report = run_ingest(paths, label=f"Indexing {len(paths)} file(s)") if paths else IngestReport()
            if report is not None:
                st.session_state[REPORT_KEY] = (report, refused)
                st.rerun()

    st.subheader("Maintenance")
    bundled_indexed = any(src.bundled for src in stats.sources)
    col_a, col_b = st.columns(2)
    with col_a:
        reindex = st.button(
            "Re-index all sources",
            icon=":material/refresh:",
            help="Re-read every indexed file: changed files are indexed again, deleted files are removed.",
            disabled=not stats.sources,
        )
    with col_b:
        index_course = st.button(
            "Index the bundled course" if not bundled_indexed else "Update the bundled course",
            icon=":material/school:",
            help=f"Index the course lessons in {s.corpus_dir}.",
        )
    if reindex:
        paths = [Path(src.path) for src in stats.sources if Path(src.path).exists()]
        report = run_ingest(paths or None, prune=True, label="Re-indexing")
        if report is not None:
            st.session_state[REPORT_KEY] = (report, [])
            st.rerun()
    if index_course:
        report = run_ingest([s.corpus_dir], label="Indexing the course")
        if report is not None:
            st.session_state[REPORT_KEY] = (report, [])
            st.rerun()

    removable = [src for src in stats.sources if not src.bundled]
    if removable:
        with st.expander("Remove a document"):
            target = st.selectbox(
                "Document",
                removable,
                format_func=lambda src: f"{src.source} ({src.title})",  # plain text, not Markdown
                key="remove_source",
            )
            if st.button("Remove from the index", icon=":material/delete:") and target is not None:
                try:
                    remove_sources([target.path], settings=s, store=resources.retriever().store)
                except TutorError as e:
                    common.show_error(e)
                else:
                    path = Path(target.path)
                    if origin(target.path, False) == "uploaded" and path.exists():
                        path.unlink()
                    st.toast(safe_text.md_escape(f"Removed {target.source}"))
                    st.rerun()


render()
