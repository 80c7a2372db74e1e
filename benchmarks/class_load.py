"""Class load: N simulated learners for M minutes against the class topology.

Starts (unless given) a throwaway PostgreSQL server and a Chroma server on 127.0.0.1, indexes
the bundled course into Chroma once, creates an account per learner, then runs P worker
processes (like P app processes behind a sticky proxy), each holding the process-wide progress
store and retriever the app holds and one thread per learner. Each learner signs in, then at
a human pace (arriving over --arrival-s, then a think time around --think-s) asks a course question (answer_question +
Learner.remember_exchange, as the chat page does) or answers the next quiz item
(grade_answer + Learner.record_answer, as the quiz page does; sometimes submitting the same
answer twice, as a page rerun would). With --browsers N, N more learners use real Chromium
sessions against two app processes in class mode (streamlit run) at the same time.

Afterwards it checks that every acknowledged answer is in the database exactly once and
that nothing unacknowledged is. Prints throughput and p50/p95 latencies; writes JSON to
benchmarks/results/class_load.json.

    .venv/bin/python benchmarks/class_load.py [--learners 30] [--minutes 5] [--processes 2] [--browsers 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from _common import ROOT, offline_env

QUESTIONS = ROOT / "benchmarks" / "data" / "curriculum-questions.jsonl"
PASSWORD = "class-load-password"


def response_for(item: Any, right: bool) -> Any:
    """The item's key, or a wrong answer of the same shape where one is easy to make."""
    if right:
        return item.answer
    if isinstance(item.answer, bool):
        return not item.answer
    others = [o for o in item.options if o != item.answer] if isinstance(item.answer, str) else []
    return others[0] if others else item.answer


def learner_name(n: int) -> str:
    return f"Learner {n:02d}"


def _learner_loop(
    n: int,
    deadline: float,
    think_s: float,
    shared: dict[str, Any],
    out: dict[str, list],
    lock: threading.Lock,
) -> None:
    from tutor.accounts import AccountStore, sign_in
    from tutor.answer import answer_question
    from tutor.progress import Learner
    from tutor.quiz.grading import grade_answer
    from tutor.quiz.session import build_quiz

    settings, store, retriever, questions = (
        shared["settings"],
        shared["store"],
        shared["retriever"],
        shared["questions"],
    )
    rng = random.Random(n)

    def note(kind: str, value: Any) -> None:
        with lock:
            out[kind].append(value)

    try:
        time.sleep(rng.uniform(0, shared["arrival_s"]))  # learners arrive over the first minute
        started = time.perf_counter()
        account = sign_in(AccountStore(store), learner_name(n).lower(), PASSWORD, settings)
        note("sign_in_s", time.perf_counter() - started)
        who = Learner(account.name, store=store, settings=settings)
        quiz, position = None, 0
        while time.monotonic() < deadline:
            try:
                if rng.random() < 0.55:
                    question = rng.choice(questions)
                    started = time.perf_counter()
                    answer = answer_question(question, settings=settings, retriever=retriever)
                    asked = time.perf_counter()
                    who.remember_exchange(question, answer)
                    note("answer_s", asked - started)
                    note("chat_record_s", time.perf_counter() - asked)
                else:
                    if quiz is None or position >= len(quiz.items):
                        quiz = build_quiz(rng.choice([1, 2, 3, 4, 5]), 5, who, retriever=retriever, rng=rng)
                        position = 0
                    item = quiz.items[position]
                    position += 1
                    response = response_for(item, rng.random() < 0.7)
                    grade = grade_answer(item, response, settings=settings)
                    started = time.perf_counter()
                    stored = who.record_answer(quiz.id, item, response, grade)
                    note("record_s", time.perf_counter() - started)
                    if stored:
                        note("acks", (who.name, quiz.id, item.id))
                    else:
                        note("errors", f"first answer refused: {quiz.id} {item.id}")
                    if rng.random() < 0.1:  # a rerun submits it again: must not count twice
                        if who.record_answer(quiz.id, item, response, grade):
                            note("errors", f"resubmission counted: {quiz.id} {item.id}")
                        note("resubmissions", 1)
            except Exception:  # noqa: BLE001 - a benchmark counts every failure and goes on
                note("errors", traceback.format_exc(limit=3))
            time.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
    except Exception:  # noqa: BLE001
        note("errors", traceback.format_exc(limit=3))


def worker(
    learners: list[int],
    deadline_in_s: float,
    think_s: float,
    arrival_s: float,
    env: dict[str, str],
    queue: multiprocessing.Queue,
) -> None:
    os.environ.update(env)
    from tutor.progress import open_progress_store
    from tutor.retrieval.evaluation import load_questions
    from tutor.retrieval.search import get_retriever
    from tutor.settings import get_settings

    settings = get_settings()
    retriever = get_retriever(settings)
    retriever.warm_up()
    shared = {
        "settings": settings,
        "store": open_progress_store(settings),  # one per process, as the app's cache_resource
        "retriever": retriever,
        "questions": [q.question for q in load_questions(QUESTIONS)],
        "arrival_s": arrival_s,
    }
    out: dict[str, list] = {
        k: []
        for k in ("sign_in_s", "answer_s", "chat_record_s", "record_s", "acks", "errors", "resubmissions")
    }
    lock = threading.Lock()
    deadline = time.monotonic() + deadline_in_s
    threads = [
        threading.Thread(target=_learner_loop, args=(n, deadline, think_s, shared, out, lock))
        for n in learners
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shared["store"].close()
    queue.put(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument(
        "--processes", type=int, default=2, help="App processes (each: one store, one retriever)."
    )
    parser.add_argument("--think-s", type=float, default=20.0, help="Mean pause between a learner's actions.")
    parser.add_argument(
        "--arrival-s",
        type=float,
        default=60.0,
        help="Learners sign in at random over this many seconds (0: all at once).",
    )
    parser.add_argument(
        "--browsers",
        type=int,
        default=0,
        help="Also run this many real Chromium sessions against two app processes in class mode.",
    )
    parser.add_argument("--database-url", help="Use this PostgreSQL instead of starting one.")
    parser.add_argument(
        "--chroma-url", help="Use this (already indexed) Chroma server instead of starting one."
    )
    args = parser.parse_args()
    offline_env()

    from _browsers import browser_sessions
    from class_servers import class_env, start_app, start_chroma
    from pg_server import PostgresServer
    from servers import stop

    from tutor.accounts import AccountStore, add_user
    from tutor.index.ingest import ingest
    from tutor.progress.sql_store import SQLProgressStore
    from tutor.retrieval.evaluation import load_questions, percentile
    from tutor.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="class-load-"))
    stops: list[Any] = []
    pg = None
    try:
        if args.database_url:
            database_url = args.database_url
        else:
            pg = PostgresServer().start()
            database_url = pg.create_database("class_load")
        chroma_url = args.chroma_url
        if not chroma_url:
            proc, chroma_url = start_chroma(tmp / "chroma", tmp / "chroma.log")
            stops.append(proc)
        env = {
            "TUTOR_DATA_DIR": str(tmp / "data"),
            "TUTOR_DATABASE_URL": database_url,
            "TUTOR_CHROMA_URL": chroma_url,
        }
        settings = Settings(data_dir=tmp / "data", database_url=database_url, chroma_url=chroma_url)
        if not args.chroma_url:
            report = ingest(settings=settings)
            print(
                f"indexed the course into the Chroma server: {report.total_chunks} chunks in {report.seconds:.0f} s"
            )
        with SQLProgressStore(database_url) as store:
            accounts = AccountStore(store)
            for n in range(args.learners + args.browsers):
                if accounts.get(learner_name(n)) is None:
                    add_user(accounts, learner_name(n), "learner", PASSWORD)
        app_urls: list[str] = []
        if args.browsers:
            for n in (1, 2):
                app_env = {**class_env(tmp / "data", auth="password"), **env}
                proc, url = start_app(app_env, tmp / f"app-{n}.log")
                stops.append(proc)
                app_urls.append(url)

        ctx = multiprocessing.get_context("spawn")
        queue: multiprocessing.Queue = ctx.Queue()
        groups = [list(range(args.learners))[p :: args.processes] for p in range(args.processes)]
        seconds = args.minutes * 60
        print(
            f"{args.learners} learners in {args.processes} processes for {args.minutes:g} min, "
            f"arriving over {args.arrival_s:g} s, think time ~{args.think_s:g} s "
            "(PostgreSQL + Chroma server on 127.0.0.1)"
        )
        started = time.perf_counter()
        procs = [
            ctx.Process(target=worker, args=(g, seconds, args.think_s, args.arrival_s, env, queue))
            for g in groups
        ]
        for p in procs:
            p.start()
        browsing: dict[str, list] = {"browser_answer_s": [], "browser_sign_in_s": [], "browser_errors": []}
        if args.browsers:
            names = [learner_name(n) for n in range(args.learners, args.learners + args.browsers)]
            questions = [q.question for q in load_questions(QUESTIONS)]
            browsing = browser_sessions(app_urls, names, PASSWORD, questions, seconds, args.think_s)
        results = [queue.get(timeout=seconds + 900) for _ in procs]
        for p in procs:
            p.join(60)
        wall = time.perf_counter() - started
        merged: dict[str, list] = {k: [v for r in results for v in r[k]] for k in results[0]}

        # Exactly once: every acknowledged answer is stored once, and nothing else is.
        with SQLProgressStore(database_url) as store:
            stored = Counter((a.learner, a.quiz_id, a.item_id) for a in store.all_attempts())
        acked = Counter(tuple(a) for a in merged["acks"])
        duplicates = sum(1 for c in stored.values() if c > 1) + sum(1 for c in acked.values() if c > 1)
        missing = len(set(acked) - set(stored))
        unacknowledged = len(set(stored) - set(acked))

        def ms(kind: str, q: float) -> float:
            return round(1000 * percentile(merged[kind], q), 1)

        figures = {
            "learners": args.learners,
            "processes": args.processes,
            "minutes": args.minutes,
            "think_s": args.think_s,
            "arrival_s": args.arrival_s,
            "wall_s": round(wall, 1),
            "questions_answered": len(merged["answer_s"]),
            "quiz_answers_recorded": len(merged["record_s"]),
            "resubmissions_refused": len(merged["resubmissions"]),
            "throughput_actions_per_min": round(
                60 * (len(merged["answer_s"]) + len(merged["record_s"])) / wall, 1
            ),
            "sign_in_ms_p50": ms("sign_in_s", 50),
            "sign_in_ms_p95": ms("sign_in_s", 95),
            "answer_ms_p50": ms("answer_s", 50),
            "answer_ms_p95": ms("answer_s", 95),
            "chat_record_ms_p50": ms("chat_record_s", 50),
            "chat_record_ms_p95": ms("chat_record_s", 95),
            "record_ms_p50": ms("record_s", 50),
            "record_ms_p95": ms("record_s", 95),
            "browser_sessions": args.browsers,
            "browser_sign_in_s_p50": round(percentile(browsing["browser_sign_in_s"], 50), 2),
            "browser_questions": len(browsing["browser_answer_s"]),
            "browser_answer_ms_p50": round(1000 * percentile(browsing["browser_answer_s"], 50), 1),
            "browser_answer_ms_p95": round(1000 * percentile(browsing["browser_answer_s"], 95), 1),
            "browser_errors": len(browsing["browser_errors"]),
            "errors": len(merged["errors"]),
            "acknowledged": len(acked),
            "stored": sum(stored.values()),
            "missing": missing,
            "duplicates": duplicates,
            "unacknowledged_rows": unacknowledged,
            "exactly_once": missing == 0 and duplicates == 0 and unacknowledged == 0,
        }
        for line in [*merged["errors"], *browsing["browser_errors"]][:5]:
            print("ERROR:", line)
        print(json.dumps(figures, indent=2))
        results_dir = ROOT / "benchmarks" / "results"
        results_dir.mkdir(exist_ok=True)
        (results_dir / "class_load.json").write_text(json.dumps(figures, indent=2))
        if not figures["exactly_once"] or figures["errors"] or figures["browser_errors"]:
            sys.exit(1)
    finally:
        for proc in stops:
            stop(proc)
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
