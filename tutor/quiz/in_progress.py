"""A learner's quiz in progress, kept server-side so a reload, a page change or a new browser
tab finds the learner where they were: which quiz, which question, what they answered.

``QuizSessionStore`` is the interface; ``FileQuizSessionStore`` keeps one JSON file per
learner under the data directory, written atomically (a temporary file renamed over the old
one), so a crash mid-write never leaves half a quiz. When the shared database store lands,
a second implementation of the same three methods moves this into it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field, ValidationError

from tutor.course.grades import Grade
from tutor.course.items import QuizItem
from tutor.exceptions import ProgressStoreError
from tutor.progress.names import validate_learner_name
from tutor.quiz.session import Quiz
from tutor.settings import Settings, get_settings


class AnsweredItem(BaseModel):
    response: Any = Field(description="What the learner answered, in the item type's response shape.")
    grade: Grade


class QuizInProgress(BaseModel):
    """Everything the quiz page needs to carry on where the learner left off."""

    learner: str
    quiz: Quiz
    index: int = Field(default=0, ge=0, description="The question shown; len(items) means the results.")
    answers: dict[str, AnsweredItem] = Field(default_factory=dict, description="Item id -> answer and grade.")
    before: dict[str, float | None] = Field(
        default_factory=dict, description="Module (as text) -> recent accuracy when the quiz started."
    )

    @property
    def finished(self) -> bool:
        return self.index >= len(self.quiz.items)

    def missed(self) -> list[QuizItem]:
        """The items answered not fully right, in quiz order."""
        return [i for i in self.quiz.items if i.id in self.answers and not self.answers[i.id].grade.correct]


class QuizSessionStore(Protocol):
    def load(self, learner: str) -> QuizInProgress | None: ...

    def save(self, state: QuizInProgress) -> None: ...

    def clear(self, learner: str) -> None: ...


class FileQuizSessionStore:
    """One JSON file per learner in ``<data_dir>/quizzes/``. Thread-safe within a process;
    a file that cannot be read (an older format, a damaged disk) counts as no quiz."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    def _path(self, learner: str) -> Path:
        name = validate_learner_name(learner)
        # The name is validated, but a digest keeps file names portable (case, spaces, dots).
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
        return self.folder / f"quiz-{digest}.json"

    def load(self, learner: str) -> QuizInProgress | None:
        path = self._path(learner)
        with self._lock:
            try:
                state = QuizInProgress.model_validate_json(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                return None
            except (OSError, ValueError, ValidationError):
                return None
        return state if state.learner == validate_learner_name(learner) else None

    def save(self, state: QuizInProgress) -> None:
        path = self._path(state.learner)
        data = state.model_dump_json()
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".quiz-", suffix=".tmp")
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as f:
                        f.write(data)
                        f.flush()
                        os.fsync(f.fileno())
                    os.replace(tmp, path)
                finally:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
            except OSError as e:
                raise ProgressStoreError(
                    f"The quiz in progress could not be saved in {self.folder}: {e.strerror}.",
                    "Check that the data directory (TUTOR_DATA_DIR) is writable and not full.",
                ) from e

    def clear(self, learner: str) -> None:
        with self._lock:
            try:
                self._path(learner).unlink()
            except FileNotFoundError:
                pass
            except OSError as e:
                raise ProgressStoreError(
                    f"The finished quiz could not be removed from {self.folder}: {e.strerror}.",
                    "Check that the data directory (TUTOR_DATA_DIR) is writable.",
                ) from e


def open_quiz_sessions(settings: Settings | None = None) -> FileQuizSessionStore:
    """The data directory's store of quizzes in progress."""
    settings = settings or get_settings()
    return FileQuizSessionStore(Path(settings.data_dir) / "quizzes")
