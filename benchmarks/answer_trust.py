"""Answers a learner can trust: in-course questions answered with the expected term cited, and
questions the course does not cover declined.

Runs the offline answerer once over each labelled set and prints accuracy, decline precision
and recall, and warm latency. The tuning set may be looked at freely. The first held-out set was
written before any tuning and run twice (before, and after the first round); its misses were
then studied, so it is tuning material since. The second held-out set was written before that
and was only run to report, once; its misses were then studied too, so all three sets above are
tuning material now. The third held-out set (``heldout3``) was written from the course text alone
by someone who never saw the answerer's misses; it was reported once, then its misses were
studied, so it is tuning material too. The fourth (``heldout4``, 2026-11-30) was written the same
way, from the course text alone, before the round of changes that followed; run it without
``--show-misses`` to keep it held out. It was reported (79% -> 83% in course), then its misses
were studied, so it is tuning material too. The fifth (``heldout5``, 80 questions) was written the
same way before that round; it was reported (82% in course, 87% declined), then studied. The sixth
(``heldout6``, 110 questions, 2026-11-30) was written the same way before the next round and
reported once after it (91% in course, 90% declined; the same run on the code before the round:
90% and 88%), then studied. The seventh (``heldout7``, 110 questions) was written the same way
while that round went on, by someone who saw neither the answerer nor the other sets, and was run
once (89% in course, 88% declined; the round's starting code: 87% and 85%), then studied. The
eighth (``heldout8``, 100 questions) was written the same way while that was done, and run once
at the round's end (83% and 83%; the round's starting code: 80% and 81%), then studied in the
next round (2026-11-30, afternoon). Before that round changed anything, two more were written the
same way by two helpers who saw neither each other's set nor the answerer: ``heldout9`` and
``heldout10`` (100 questions each). They were run once on the round's starting code (d8f73cd) and
once at its end, never with ``--show-misses``; then they were studied too. Before they were
studied, two more were written the same way (``heldout15``, ``heldout16``, 100 questions each) and
run once on the code of that moment (9b370ae) and on the day's starting code (d8f73cd); they are
run once more at the end of the round: the ones to report now. During the round four more sets were
written the same way to find new kinds of miss (``set11`` .. ``set14``: chat-style, scenario,
yes/no and near-miss questions); they were studied, so they are tuning material. Held-out 15
and 16 were then studied too. The next round (2026-11-30, afternoon, starting at 4aa8fd5) was
judged the same way: ``heldout17`` and ``heldout18`` were written before it changed anything,
``heldout21`` and ``heldout22`` while it went on, and ``heldout23`` and ``heldout24`` after its
first half (622f122); each was run on 4aa8fd5 and on 622f122 before its misses were looked at,
and 23 and 24 once more at the end, never studied; ``heldout25`` and ``heldout26`` were written
near the round's end and run on 4aa8fd5 and at the end only, never studied. ``set19`` and
``set20`` were written during
the round to find new kinds of miss (stories that name one service and ask for another;
several questions in one message) and studied. The evening round (starting at 53d8b26) studied
23 to 26; ``heldout27`` to ``heldout30`` were written before it changed anything, run once on
53d8b26 and once at its end, never studied: the ones to report now, with ``heldout35`` to
``heldout38``, written after the round and run once on its start and once on its end. ``set31`` to ``set34`` were
written during it to find new kinds of miss (hard wording, exam-style items, situations in
everyday words, a teacher's precise questions) and studied. The next round (2026-11-30, evening,
starting at 3fce95a) studied 27 to 30 and 35 to 38; ``heldout39`` to ``heldout42`` were written
before it changed anything, by four helpers who saw neither the answerer nor any other set, and
run once on 3fce95a and once at the round's end (2346681), never with ``--show-misses``; then they
were studied in the next round (starting at 2346681), while ``heldout43`` to ``heldout46`` were
written the same way and run once on the code of 2346681 and once at that round's end (4edbbf7;
44 arrived after it ended and was run on both then). Those four were studied in the next round
(starting at 3f2d36e); ``heldout47`` to ``heldout50`` were written before it changed anything, by
four helpers in four voices (exam-style; situations at work; a candidate revising; a newcomer in
everyday words), and run once on 3f2d36e and once at the round's end (966b157), never with
``--show-misses``; then they were studied in a short last round (starting at 9e56e4a), before
which ``heldout51`` to ``heldout54`` were written the same way (a newcomer in everyday words;
situations at work; a mix with a teacher's precise questions; chat from a phone) and run once on
9e56e4a and once at that round's end (46304c4). Those were studied in the next round (2026-12-01,
starting at b7e1e80), before which ``heldout55`` to ``heldout58`` were written the same way
(exam-style scenarios; a data scientist from other tools, asking by analogy; a learner writing in
a second language; terse search-box queries) and run once on b7e1e80 and once at that round's
end (cdaf499). Those were studied in round 6 (starting at 5c59c15), before which ``heldout59`` to
``heldout62`` were written the same way (a data scientist asking by analogy to other tools; terse
keyword queries; a team lead; a student the night before an exam) and run once on 5c59c15 and
once at that round's end (bf264ba). Those were studied in round 7 (starting at e618a14), before
which ``heldout63`` to ``heldout67`` were written the same way (an engineer asking by analogy to
Azure ML, Vertex AI, Databricks or MLflow; terse queries; exam scenarios; a product manager's long
messages; a self-paced learner) and run once on e618a14 and once at that round's end (5fe0ae2,
and again on 298e18f, unchanged). Those were studied in round 8 (starting at bc119c3), before
which ``heldout68`` to ``heldout72`` were written the same way (a learner typing on a phone; a
learner writing in a second language; a teacher preparing lessons; a bank's compliance officer; a
DevOps engineer asking by analogy to Docker, Kubernetes and CI/CD) and run once on bc119c3 and
once at that round's end (bb91b43). Those were studied in round 9 (2026-12-01, starting at
5df05f3), before which ``heldout73`` to ``heldout77`` were written the same way (a data engineer
asking by analogy to Spark, Airflow, Glue and dbt; exam-style scenario stems; a cloud security
engineer; a non-technical manager; a hurried learner typing lowercase with typos) and run once on
5df05f3 and once at that round's end (a1adbee). Those were studied in round 10 (starting at
107c84b), before which ``heldout78`` to ``heldout82`` were written the same way (a university
student writing an assignment; an ML researcher new to AWS; a cost-conscious startup CTO; an exam
candidate drilling flashcard fragments; a hospital data scientist) and run once on 107c84b and
once at that round's end (d021004). Those were studied in round 11 (starting at c1e5c3f), before
which ``heldout83`` to ``heldout87`` were written the same way (a retail analyst; a backend web
developer shipping a first ML feature; a career-changer new to ML; an enterprise MLOps platform
engineer; a quizmaster's true/false and fill-in-the-blank prompts) and run once on c1e5c3f and
once at that round's end (8d9966e). Those were studied in round 12 (2026-12-01, evening, starting
at a481597), before which ``heldout88`` to ``heldout92`` were written the same way (a solutions
architect preparing a customer workshop; a privacy lawyer; an indie game developer speaking in
game metaphors; an engineer pasting console output and config snippets; a journalist writing an
explainer) and run once on a481597 and once at that round's end (c1dfccb). Those were studied in
round 13 (2026-12-01, night, starting at c2696cd), before which ``heldout93`` to ``heldout97``
were written the same way (a data analyst asking in SQL and BI terms; a learner dictating by
voice, transcribed without punctuation; a sceptical senior backend engineer; a manufacturing
plant's operations manager; an ML engineer's Slack shorthand) and run once on c2696cd and once at
that round's end (79829be; 86.6% in course and 88.3% declined both times). Those were studied in
round 14 (2026-12-01, near midnight, starting at 8faadc5), before which ``heldout98`` to
``heldout102`` were written the same way (a hiring manager's interview prompts; a wet-lab
biologist asking by analogy to the lab; a bootcamp student typing slang and emojis; an insurance
actuary reviewing model risk; a mobile app developer asking by analogy to app releases) and run
once on 8faadc5 and once at that round's end (b5edb15; 86.6% in course and 90.0% declined both
times). Those were studied in round 15 (2026-12-02, starting at 9d50b6a), before which
``heldout103`` to ``heldout107`` were written the same way (a project manager writing Jira
tickets and user stories; a customer-support agent relaying customers' questions; a chef asking
by analogy to the kitchen; a physics PhD student; a retired mainframe engineer writing long
formal letters) and run once on 9d50b6a and once at that round's end (8a76d07; 85.0% -> 85.3% in
course, 85.6% declined both times). Those were studied in round 16 (2026-12-02, starting at
fb7bade), before which ``heldout108`` to ``heldout112`` were written the same way (a learner
dictating by speech-to-text; a technology journalist; an e-commerce marketing analyst asking by
analogy to SQL and BI dashboards; a skeptical senior backend engineer; a game developer asking by
analogy to game development) and run once on fb7bade and once at that round's end (3ff8bc4;
90.3% in course both times, 88.3% -> 88.9% declined). Those were studied in round 17 (2026-12-02,
starting at ccae377), before which ``heldout113`` to ``heldout117`` were written the same way (a
site-reliability engineer on call; a statistics professor wary of hype; a Kaggle competitor; a UX
designer; a bakery owner with no technical background) and run once on ccae377 and once at that
round's end (87b3f42; 83.1% in course both times, 91.7% -> 91.1% declined). Those were studied in
round 18 (2026-12-02, starting at 830413e), before which ``heldout118`` to ``heldout122`` were
written the same way (a farmer and agronomist asking by analogy to fields and harvests; a
venture-capital investor doing due diligence; a high-school student doing a school project; a
Java enterprise architect asking by analogy to Spring, Maven and release trains; a football club's
sports-analytics coach) and run once on 830413e and once at that round's end (169aa9e; 86.6% ->
87.5% in course, 97.8% declined both times): the ones to report now, never studied.

    .venv/bin/python benchmarks/answer_trust.py [--data-dir DIR] [--set tuning|heldout|heldout2|...|heldout122|set11|...|set34|both|all] [--show-misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _answering import warm_retriever
from _common import ROOT

SETS = {
    name: ROOT / "benchmarks" / "data" / f"answer-trust-{name}.jsonl"
    for name in [
        "tuning",
        "heldout",
        *(
            f"heldout{n}"
            for n in (
                2,
                3,
                4,
                5,
                6,
                7,
                8,
                9,
                10,
                15,
                16,
                17,
                18,
                21,
                22,
                23,
                24,
                25,
                26,
                27,
                28,
                29,
                30,
                35,
                36,
                37,
                38,
                39,
                40,
                41,
                42,
                43,
                44,
                45,
                46,
                47,
                48,
                49,
                50,
                51,
                52,
                53,
                54,
                55,
                56,
                57,
                58,
                59,
                60,
                61,
                62,
                63,
                64,
                65,
                66,
                67,
                68,
                69,
                70,
                71,
                72,
                73,
                74,
                75,
                76,
                77,
                78,
                79,
                80,
                81,
                82,
                83,
                84,
                85,
                86,
                87,
                88,
                89,
                90,
                91,
                92,
                93,
                94,
                95,
                96,
                97,
                98,
                99,
                100,
                101,
                102,
                103,
                104,
                105,
                106,
                107,
                108,
                109,
                110,
                111,
                112,
                113,
                114,
                115,
                116,
                117,
                118,
                119,
                120,
                121,
                122,
            )
        ),
        *(f"set{n}" for n in (11, 12, 13, 14, 19, 20, 31, 32, 33, 34)),
    ]
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, help="Reuse an index here instead of a fresh temp dir.")
    parser.add_argument("--set", choices=[*SETS, "both", "all"], default="tuning")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    from tutor.answer import answer_question
    from tutor.answer.scoring import format_report, load_cases, score_case, summarize

    with warm_retriever(args.data_dir) as retriever:
        names = {"both": ["tuning", "heldout"], "all": [n for n in SETS if SETS[n].exists()]}.get(
            args.set, [args.set]
        )
        for name in names:
            cases = load_cases(SETS[name])
            results = [score_case(c, answer_question(c.question, retriever=retriever)) for c in cases]
            summary = summarize(results)
            print(f"{name} ({SETS[name].name}, {len(cases)} questions, one run):")
            for line in format_report(summary):
                print("  " + line)
            if args.show_misses:
                for r in results:
                    if not r.correct:
                        kind = "should decline" if r.must_decline else "in course"
                        print(f"    miss {r.id} [{kind}] {r.question!r} -> {r.answer[:200]!r}")


if __name__ == "__main__":
    main()
