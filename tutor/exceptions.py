"""Every error the tutor raises on purpose. Each message says what went wrong and how to fix it.

The CLI and the Streamlit app show ``TutorError``s as friendly messages; anything else is a bug.
"""

from __future__ import annotations


class TutorError(Exception):
    """Base class. ``hint`` tells the user what to do about it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


# --- configuration -------------------------------------------------------------------------
class ConfigError(TutorError):
    """A setting is missing or invalid."""


class PromptTemplateError(ConfigError):
    """A prompt file is missing or lacks a placeholder the code fills in."""


class DataDirError(ConfigError):
    """The data directory cannot be created or written (a file in the way, no permission)."""


class ProviderError(TutorError):
    """The configured chat model could not be created or did not answer."""


# --- ingestion -----------------------------------------------------------------------------
class IngestError(TutorError):
    """One file could not be ingested. Nothing of that file was indexed."""

    kind = "unreadable"

    def __init__(self, path: str, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.path = path


class UnsupportedFileError(IngestError):
    kind = "unsupported"


class EmptyFileError(IngestError):
    kind = "empty"


class NotAPdfError(IngestError):
    kind = "not-a-pdf"


class PasswordProtectedError(IngestError):
    kind = "password-protected"


class DamagedFileError(IngestError):
    kind = "damaged"


class NoTextError(IngestError):
    kind = "no-text"


class FileTooLargeError(IngestError):
    kind = "too-large"


class TooManyPagesError(IngestError):
    kind = "too-many-pages"


class ExtractionTimeoutError(IngestError):
    kind = "timeout"


class LineTooLongError(IngestError):
    """A text or Markdown file has a line over TUTOR_MAX_LINE_CHARS."""

    kind = "line-too-long"


class TooManyChunksError(IngestError):
    """A file would make more chunks than TUTOR_MAX_CHUNKS_PER_FILE."""

    kind = "too-many-chunks"


# --- index ---------------------------------------------------------------------------------
class IndexLockedError(TutorError):
    """Another process is writing to the index."""


class IndexEmptyError(TutorError):
    """Nothing is indexed yet."""


class StoreUnavailableError(TutorError):
    """The vector store could not be opened or reached."""


# --- questions, quizzes, progress ----------------------------------------------------------
class InvalidQuestionError(TutorError):
    """The learner's question is empty or too long."""


class QuizError(TutorError):
    """A quiz could not be built or an answer could not be graded."""


class InvalidItemError(QuizError):
    """A quiz item failed validation."""


class ProgressStoreError(TutorError):
    """The progress store could not be read or written."""


class LearnerNameError(TutorError):
    """A learner name is empty or has characters we do not accept."""


class FlashcardError(TutorError):
    """A flashcard, rating or export request cannot be served as asked."""
