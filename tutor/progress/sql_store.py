"""The progress store on SQLAlchemy 2 Core: one implementation for SQLite and PostgreSQL.

SQLite (personal mode, a file under the data directory) and PostgreSQL (a class, shared by
several app processes) differ only in the engine (``engine.py``). Writes that read before
they write (an answer's schedule, a card review) also lock the learner's row, so on
PostgreSQL two processes answering for one learner queue instead of losing an update; on
SQLite ``BEGIN IMMEDIATE`` already serialises every writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url

from tutor.course.items import QuizItem
from tutor.exceptions import ProgressStoreError
from tutor.progress import schema as t
from tutor.progress.engine import BUSY_TIMEOUT_S, WRITE, create_progress_engine, safe_url
from tutor.progress.migrations import applied_revisions, upgrade_schema
from tutor.progress.records import (
    AttemptRecord,
    CardReview,
    CardState,
    ChatMessage,
    ItemReview,
    ItemState,
    SavedQuizSession,
    Schedule,
    utc_now,
)


class SQLProgressStore:
    """A ProgressStore in a SQL database. Thread-safe (a connection pool), so the Streamlit
    app shares one instance between sessions; safe between processes (see module doc)."""

    def __init__(self, url: str | URL, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.url = make_url(url)
        self.backend = self.url.get_backend_name()
        self.label = self.url.database if self.backend == "sqlite" else safe_url(self.url)
        self._engine = create_progress_engine(self.url, busy_timeout_s)
        self._writer = self._engine.execution_options(**WRITE)
        self._insert = postgresql.insert if self.backend == "postgresql" else sqlite.insert
        try:
            upgrade_schema(self._engine)
        except sa.exc.SQLAlchemyError as e:
            self._engine.dispose()
            raise self._error("open", e) from e

    @property
    def engine(self) -> sa.Engine:
        """For other stores in the same database (accounts): reads; ``write_engine`` for writes."""
        return self._engine

    @property
    def write_engine(self) -> sa.Engine:
        """Begins write transactions (BEGIN IMMEDIATE on SQLite)."""
        return self._writer

    # --- plumbing ---------------------------------------------------------------------------
    def _error(self, action: str, e: Exception) -> ProgressStoreError:
        text = str(e).lower()
        if "locked" in text or "busy" in text:
            hint = "Another tutor process is holding the progress database; try again in a moment."
        elif "malformed" in text or "not a database" in text:
            hint = f"The file {self.label} is damaged; move it aside to start a new progress record."
        elif self.backend == "postgresql":
            hint = "Check TUTOR_DATABASE_URL, that the PostgreSQL server is running and that the user may connect."
        else:
            hint = f"Check that the folder of {self.label} exists, is writable and has free space."
        detail = str(getattr(e, "orig", None) or e).splitlines()[0]
        return ProgressStoreError(f"Could not {action} the progress database {self.label}: {detail}", hint)

    @contextmanager
    def _begin(self, engine: sa.Engine, action: str) -> Iterator[sa.Connection]:
        """A transaction on ``engine``: committed on success, rolled back on any error, which
        is raised as a ProgressStoreError saying what could not be done."""
        try:
            with engine.begin() as c:
                yield c
        except sa.exc.SQLAlchemyError as e:
            raise self._error(action, e) from e

    def _write(self, action: str) -> AbstractContextManager[sa.Connection]:
        """One write transaction."""
        return self._begin(self._writer, action)

    def _read(self, action: str) -> AbstractContextManager[sa.Connection]:
        """A read transaction: several SELECTs see one consistent snapshot on SQLite."""
        return self._begin(self._engine, action)

    def _ensure_learner(self, c: sa.Connection, learner: str, lock: bool = False) -> None:
        c.execute(
            self._insert(t.learners)
            .values(name=learner, created_at=utc_now())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        if lock and self.backend == "postgresql":
            c.execute(sa.select(t.learners.c.name).where(t.learners.c.name == learner).with_for_update())

    # --- learners and items -----------------------------------------------------------------
    def ensure_learner(self, learner: str) -> None:
        with self._write("add a learner to") as c:
            self._ensure_learner(c, learner)

    def list_learners(self) -> list[str]:
        name = t.learners.c.name
        with self._read("list learners in") as c:
            return list(c.scalars(sa.select(name).order_by(sa.func.lower(name), name)))

    def _save_item(self, c: sa.Connection, item: QuizItem) -> None:
        stmt = self._insert(t.items).values(
            id=item.id,
            module=item.module,
            objective=item.objective,
            origin=item.origin,
            item_json=item.model_dump_json(),
            updated_at=utc_now(),
        )
        keep = ("module", "objective", "origin", "item_json", "updated_at")
        c.execute(stmt.on_conflict_do_update(index_elements=["id"], set_={k: stmt.excluded[k] for k in keep}))

    def save_items(self, items: list[QuizItem]) -> None:
        if not items:
            return
        with self._write("save items to") as c:
            for item in items:
                self._save_item(c, item)

    def get_items(self, ids: list[str]) -> dict[str, QuizItem]:
        out: dict[str, QuizItem] = {}
        with self._read("read items from") as c:
            for i in range(0, len(ids), 500):
                query = sa.select(t.items.c.id, t.items.c.item_json).where(t.items.c.id.in_(ids[i : i + 500]))
                for r in c.execute(query):
                    try:
                        out[r.id] = QuizItem.model_validate_json(r.item_json)
                    except ValueError:
                        continue  # an item saved by an older schema that no longer validates
        return out

    # --- answers and scheduling -------------------------------------------------------------
    def record_attempt(self, attempt: AttemptRecord, item: QuizItem, schedule: Schedule) -> bool:
        a, s = t.attempts, t.item_state
        with self._write("record an answer in") as c:
            self._ensure_learner(c, attempt.learner, lock=True)
            attempt_id = c.execute(
                self._insert(a)
                .values(**self._attempt_row(attempt))
                .on_conflict_do_nothing(index_elements=["learner", "quiz_id", "item_id"])
                .returning(a.c.id)
            ).scalar_one_or_none()
            if attempt_id is None:
                return False  # already answered in this quiz: keep the first answer only
            self._save_item(c, item)
            card = c.scalar(
                sa.select(s.c.card_json).where(s.c.learner == attempt.learner, s.c.item_id == attempt.item_id)
            )
            card_json, due, rating = schedule(card)
            c.execute(sa.update(a).where(a.c.id == attempt_id).values(rating=rating))
            stmt = self._insert(s).values(
                learner=attempt.learner,
                item_id=attempt.item_id,
                module=attempt.module,
                objective=attempt.objective,
                card_json=card_json,
                due=due,
                attempts=1,
                correct=int(attempt.correct),
                last_score=attempt.score,
                last_correct=int(attempt.correct),
                last_answered=attempt.answered_at,
            )
            new = stmt.excluded
            c.execute(
                stmt.on_conflict_do_update(
                    index_elements=["learner", "item_id"],
                    set_={
                        "module": new.module,
                        "objective": new.objective,
                        "card_json": new.card_json,
                        "due": new.due,
                        "attempts": s.c.attempts + 1,
                        "correct": s.c.correct + new.correct,
                        "last_score": new.last_score,
                        "last_correct": new.last_correct,
                        "last_answered": new.last_answered,
                    },
                )
            )
            return True

    @staticmethod
    def _attempt_row(attempt: AttemptRecord) -> dict[str, Any]:
        """The attempts row of a new answer: the response as JSON text, ``correct`` as 0/1."""
        row = attempt.model_dump(exclude={"id", "response"})
        return {**row, "response_json": json.dumps(attempt.response), "correct": int(attempt.correct)}

    @staticmethod
    def _attempt(r: Any) -> AttemptRecord:
        """An attempts row as the record (pydantic reads ``correct``'s 0/1 as a bool)."""
        return AttemptRecord.model_validate({**r._asdict(), "response": json.loads(r.response_json)})

    def _rows(self, what: str, query: sa.Select[Any]) -> list[Any]:
        with self._read(what) as c:
            return list(c.execute(query))

    @staticmethod
    def _of(table: sa.Table, learner: str | None, module: int | None) -> sa.Select[Any]:
        query = sa.select(table)
        if learner is not None:
            query = query.where(table.c.learner == learner)
        if module is not None:
            query = query.where(table.c.module == module)
        return query

    def attempts(self, learner: str, module: int | None = None) -> list[AttemptRecord]:
        query = self._of(t.attempts, learner, module).order_by(t.attempts.c.id)
        return [self._attempt(r) for r in self._rows("read answers from", query)]

    def all_attempts(self, module: int | None = None) -> list[AttemptRecord]:
        """Every learner's attempts, oldest first: for the teacher's statistics only."""
        query = self._of(t.attempts, None, module).order_by(t.attempts.c.id)
        return [self._attempt(r) for r in self._rows("read all answers from", query)]

    @staticmethod
    def _state(r: Any) -> ItemState:
        return ItemState.model_validate(r._asdict())  # last_correct's 0/1 reads as a bool

    def item_states(self, learner: str, module: int | None = None) -> list[ItemState]:
        query = self._of(t.item_state, learner, module).order_by(t.item_state.c.last_answered)
        return [self._state(r) for r in self._rows("read review schedules from", query)]

    def due_states(self, learner: str, now: datetime, module: int | None = None) -> list[ItemState]:
        s = t.item_state
        query = self._of(s, learner, module).where(s.c.due <= now).order_by(s.c.due)
        return [self._state(r) for r in self._rows("read due reviews from", query)]

    # --- chat -------------------------------------------------------------------------------
    def save_chat_turn(self, learner: str, role: str, content: str, meta_json: str | None = None) -> int:
        with self._write("save a chat message in") as c:
            self._ensure_learner(c, learner)
            return int(
                c.execute(
                    sa.insert(t.chat_turns)
                    .values(
                        learner=learner, role=role, content=content, meta_json=meta_json, created_at=utc_now()
                    )
                    .returning(t.chat_turns.c.id)
                ).scalar_one()
            )

    def load_chat(self, learner: str, limit: int = 50) -> list[ChatMessage]:
        ct = t.chat_turns
        query = sa.select(ct).where(ct.c.learner == learner).order_by(ct.c.id.desc()).limit(max(0, limit))
        rows = self._rows("read chat history from", query)
        return [ChatMessage.model_validate(r._asdict()) for r in reversed(rows)]

    def clear_chat(self, learner: str) -> int:
        with self._write("clear chat history in") as c:
            return c.execute(sa.delete(t.chat_turns).where(t.chat_turns.c.learner == learner)).rowcount

    def record_chat_question(self, learner: str, module: int | None) -> None:
        with self._write("count a chat question in") as c:
            self._ensure_learner(c, learner)
            c.execute(sa.insert(t.chat_questions).values(learner=learner, module=module, asked_at=utc_now()))

    def chat_question_counts(self, learner: str) -> dict[int | None, int]:
        q = t.chat_questions
        query = sa.select(q.c.module, sa.func.count()).where(q.c.learner == learner).group_by(q.c.module)
        return {module: n for module, n in self._rows("count chat questions in", query)}

    # --- the in-progress quiz ---------------------------------------------------------------
    def save_quiz_session(self, learner: str, payload_json: str) -> None:
        """Keep the learner's one in-progress quiz (replacing the one kept before)."""
        with self._write("save a quiz in") as c:
            self._ensure_learner(c, learner)
            stmt = self._insert(t.quiz_sessions).values(
                learner=learner, payload_json=payload_json, updated_at=utc_now()
            )
            new = stmt.excluded
            c.execute(
                stmt.on_conflict_do_update(
                    index_elements=["learner"],
                    set_={"payload_json": new.payload_json, "updated_at": new.updated_at},
                )
            )

    def load_quiz_session(self, learner: str) -> SavedQuizSession | None:
        q = t.quiz_sessions
        rows = self._rows("read a saved quiz from", sa.select(q).where(q.c.learner == learner))
        return SavedQuizSession.model_validate(rows[0]._asdict()) if rows else None

    def clear_quiz_session(self, learner: str) -> bool:
        with self._write("clear a saved quiz in") as c:
            q = t.quiz_sessions
            return c.execute(sa.delete(q).where(q.c.learner == learner)).rowcount > 0

    # --- flashcards -------------------------------------------------------------------------
    def record_card_review(
        self, learner: str, card_id: str, schedule: Schedule, reviewed_at: datetime | None = None
    ) -> CardState:
        """Store one flashcard review and the card's new schedule in one transaction.
        ``schedule`` gets the card's current FSRS JSON (None for a new card)."""
        cs, when = t.card_states, reviewed_at or utc_now()
        with self._write("record a flashcard review in") as c:
            self._ensure_learner(c, learner, lock=True)
            card = c.scalar(sa.select(cs.c.card_json).where(cs.c.learner == learner, cs.c.card_id == card_id))
            card_json, due, rating = schedule(card)
            c.execute(
                sa.insert(t.card_reviews).values(
                    learner=learner, card_id=card_id, rating=rating, reviewed_at=when
                )
            )
            state = CardState(
                learner=learner,
                card_id=card_id,
                card_json=card_json,
                due=due,
                last_rating=rating,
                updated_at=when,
            )
            stmt = self._insert(cs).values(**state.model_dump())
            keep = ("card_json", "due", "last_rating", "updated_at")
            c.execute(
                stmt.on_conflict_do_update(
                    index_elements=["learner", "card_id"], set_={k: stmt.excluded[k] for k in keep}
                )
            )
            return state

    def card_states(self, learner: str) -> list[CardState]:
        cs = t.card_states
        query = sa.select(cs).where(cs.c.learner == learner).order_by(cs.c.due, cs.c.card_id)
        return [CardState.model_validate(r._asdict()) for r in self._rows("read flashcards from", query)]

    def due_cards(self, learner: str, now: datetime) -> list[CardState]:
        """Flashcards due at ``now``, most overdue first."""
        cs = t.card_states
        query = sa.select(cs).where(cs.c.learner == learner, cs.c.due <= now).order_by(cs.c.due, cs.c.card_id)
        return [CardState.model_validate(r._asdict()) for r in self._rows("read due flashcards from", query)]

    def card_reviews(self, learner: str, card_id: str | None = None) -> list[CardReview]:
        cr = t.card_reviews
        query = sa.select(cr).where(cr.c.learner == learner).order_by(cr.c.id)
        if card_id is not None:
            query = query.where(cr.c.card_id == card_id)
        return [
            CardReview.model_validate(r._asdict()) for r in self._rows("read flashcard reviews from", query)
        ]

    # --- the teacher's item review queue ----------------------------------------------------
    def set_item_review(self, review: ItemReview) -> None:
        """Add an item to the review queue or record a decision about it (replaces the last)."""
        stmt = self._insert(t.item_reviews).values(**review.model_dump())
        keep = ("status", "item_json", "validation_json", "reviewer", "note", "updated_at")
        with self._write("save an item review in") as c:
            c.execute(
                stmt.on_conflict_do_update(
                    index_elements=["item_id"], set_={k: stmt.excluded[k] for k in keep}
                )
            )

    def get_item_review(self, item_id: str) -> ItemReview | None:
        r = t.item_reviews
        rows = self._rows("read an item review from", sa.select(r).where(r.c.item_id == item_id))
        return ItemReview.model_validate(rows[0]._asdict()) if rows else None

    def list_item_reviews(self, status: str | None = None) -> list[ItemReview]:
        r = t.item_reviews
        query = sa.select(r).order_by(r.c.item_id)
        if status is not None:
            query = query.where(r.c.status == status)
        return [
            ItemReview.model_validate(row._asdict()) for row in self._rows("read item reviews from", query)
        ]

    # --- housekeeping -----------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        with self._read("read migrations of") as c:
            return applied_revisions(c)

    def integrity_check(self) -> str:
        """'ok' when the database is sound (SQLite checks the file; PostgreSQL answers a query)."""
        with self._read("check") as c:
            if self.backend == "sqlite":
                return str(c.exec_driver_sql("PRAGMA integrity_check").scalar())
            return "ok" if c.scalar(sa.text("SELECT 1")) == 1 else "no answer"

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> SQLProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
