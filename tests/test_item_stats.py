"""Item statistics on a synthetic class with hand-computed difficulty and discrimination."""

from __future__ import annotations

import math

import pytest
from classroom_fixtures import ITEMS, T0, choice_item, record, synthetic_responses
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from tutor.classroom.item_stats import class_item_stats, compute_item_stats, point_biserial
from tutor.progress import open_progress_store
from tutor.progress.records import AttemptRecord
from tutor.settings import Settings


def settings(**kw: object) -> Settings:
    return Settings(item_stats_min_answers=5, **kw)  # type: ignore[arg-type]


def by_id(report):
    return {s.item_id: s for s in report.items}


def test_good_item_matches_hand_computed_values() -> None:
    # Rest-scores for m1-good (other items: 4 anchors + m1-bad = 5):
    #   l1 4/5=.8  l2 .8  l3 3/5=.6  l4 (2+1)/5=.6  l5 (1+1)/5=.4  l6 (0+1)/5=.2
    # right: l1 l2 l3 l5 -> p = 4/6; M1 = (.8+.8+.6+.4)/4 = .65; M0 = (.6+.2)/2 = .4
    # mean = 3.4/6; E[y^2] = 2.2/6; s = sqrt(2.2/6 - (3.4/6)^2) = sqrt(0.0455556) = 0.213437
    # r = (.65 - .4) / 0.213437 * sqrt(4/6 * 2/6) = 1.171304 * 0.471405 = 0.552158
    good = by_id(compute_item_stats(synthetic_responses(), ITEMS, settings=settings()))["m1-good"]
    assert good.answers == 6  # the later wrong reviews are not counted
    assert good.correct == 4
    assert good.difficulty == pytest.approx(4 / 6)
    assert good.discrimination == pytest.approx(0.552158, abs=1e-5)
    # Groups: round(.27 * 6) = 2. Upper l1 l2 (.8 .8), lower l6 (.2) and l5 (.4): D = 1 - .5
    assert good.group_size == 2
    assert good.upper_lower == pytest.approx(0.5)
    assert not good.too_few
    assert good.flags == []
    options = {o.option: o for o in good.options}
    assert options["Right"].key and options["Right"].chosen == 4
    assert options["Wrong A"].chosen == 2 and not options["Wrong A"].key
    assert options["Wrong B"].chosen == 0  # chosen only in the reviews
    # Time: first answers of l1..l6 took 1000..6000 ms.
    assert good.timed_answers == 6
    assert good.time_median_ms == pytest.approx(3500)
    assert good.time_mean_ms == pytest.approx(3500)


def test_bad_item_matches_hand_computed_values_and_is_flagged() -> None:
    # Rest-scores for m1-bad (4 anchors + m1-good):
    #   l1 5/5=1  l2 1  l3 (3+1)/5=.8  l4 (2+0)/5=.4  l5 (1+1)/5=.4  l6 0/5=0
    # right: l4 l5 l6 -> p = .5; M1 = (.4+.4+0)/3 = .266667; M0 = (1+1+.8)/3 = .933333
    # mean = .6; E[y^2] = 2.96/6 = .493333; s = sqrt(.493333 - .36) = .365148
    # r = (.266667 - .933333) / .365148 * .5 = -0.912871
    bad = by_id(compute_item_stats(synthetic_responses(), ITEMS, settings=settings()))["m1-bad"]
    assert bad.difficulty == pytest.approx(0.5)
    assert bad.discrimination == pytest.approx(-0.912871, abs=1e-5)
    assert bad.upper_lower == pytest.approx(0 - 1)  # upper l1 l2 all wrong; lower l6 l4/l5 all right
    kinds = {f.kind for f in bad.flags}
    assert kinds == {"negative_discrimination", "distractor_beats_key"}
    tempting = next(o for o in bad.options if o.option == "Model Registry")
    assert (tempting.chosen, tempting.upper, tempting.lower) == (3, 2, 0)
    assert bad.time_median_ms is None and bad.timed_answers == 0


def test_point_biserial_equals_pearson() -> None:
    right = [True, True, False, True, False, False, True]
    rest = [0.9, 0.7, 0.5, 0.6, 0.2, 0.4, 0.3]
    x = [float(r) for r in right]
    mx, my = sum(x) / len(x), sum(rest) / len(rest)
    cov = sum((a - mx) * (b - my) for a, b in zip(x, rest, strict=True))
    pearson = cov / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in rest))
    assert point_biserial(right, rest) == pytest.approx(pearson)
    assert point_biserial([True, True], [0.1, 0.9]) is None  # nobody wrong: undefined
    assert point_biserial([True, False], [0.5, 0.5]) is None  # no spread in rest-scores


def test_too_few_answers_are_marked_and_never_flagged() -> None:
    report = compute_item_stats(synthetic_responses(), ITEMS, settings=Settings(item_stats_min_answers=7))
    bad = by_id(report)["m1-bad"]
    assert bad.too_few and bad.flags == []
    assert bad.discrimination == pytest.approx(-0.912871, abs=1e-5)  # still shown, just not judged


def test_near_zero_difficulty_is_flagged() -> None:
    hard = choice_item("m2-hard", "Obscure", ["Obvious", "Other"], module=2)
    responses = [
        AttemptRecord(
            quiz_id="q",
            learner=f"x{n}",
            item_id="m2-hard",
            module=2,
            objective=hard.objective,
            item_type="single_choice",
            response="Obvious",
            correct=False,
            score=0.0,
            answered_at=T0,
        )
        for n in range(6)
    ]
    report = compute_item_stats(responses, {"m2-hard": hard}, module=2, settings=settings())
    (stats,) = report.items
    assert stats.difficulty == 0
    assert stats.discrimination is None
    assert "near_zero_difficulty" in {f.kind for f in stats.flags}


def test_module_filter_and_rest_scores_stay_in_scope() -> None:
    other = choice_item("m2-x", "Yes", ["No", "Maybe"], module=2)
    extra = [
        AttemptRecord(
            quiz_id="q",
            learner=learner,
            item_id="m2-x",
            module=2,
            objective=other.objective,
            item_type="single_choice",
            response="Yes" if learner in ("l4", "l5", "l6") else "No",
            correct=learner in ("l4", "l5", "l6"),
            score=1.0 if learner in ("l4", "l5", "l6") else 0.0,
            answered_at=T0,
        )
        for learner in ["l1", "l2", "l3", "l4", "l5", "l6"]
    ]
    report = compute_item_stats(
        synthetic_responses() + extra, {**ITEMS, "m2-x": other}, module=1, settings=settings()
    )
    assert "m2-x" not in by_id(report)
    # Module 2 answers do not enter module 1 rest-scores: the hand-computed value still holds.
    assert by_id(report)["m1-good"].discrimination == pytest.approx(0.552158, abs=1e-5)


def test_reads_every_learner_from_the_store() -> None:
    s = Settings(item_stats_min_answers=5)
    store = open_progress_store(s)
    try:
        record(store, synthetic_responses())
        report = class_item_stats(1, store=store, settings=s)
    finally:
        store.close()
    assert report.learners == 6
    stats = by_id(report)
    assert stats["m1-bad"].discrimination == pytest.approx(-0.912871, abs=1e-5)
    assert stats["m1-bad"].stem == ITEMS["m1-bad"].stem  # the generated item, read back from the store
    assert stats["m1-bad"].flagged and not stats["m1-good"].flagged


@st.composite
def answer_sets(draw: st.DrawFn) -> list[AttemptRecord]:
    """Random classes: learners x the six synthetic items, any subset answered, any choices."""
    learners = draw(st.integers(min_value=1, max_value=8))
    out = []
    for n in range(learners):
        for item_id, item in ITEMS.items():
            if draw(st.booleans()):
                choice = draw(st.sampled_from(item.options))
                out.append(
                    AttemptRecord(
                        quiz_id="q",
                        learner=f"x{n}",
                        item_id=item_id,
                        module=1,
                        objective=item.objective,
                        item_type="single_choice",
                        response=choice,
                        correct=choice == item.answer,
                        score=float(choice == item.answer),
                        answered_at=T0,
                        id=len(out),
                    )
                )
    return out


@settings_(max_examples=60, deadline=None)
@given(answer_sets(), st.integers(min_value=2, max_value=6))
def test_invariants_on_random_classes(responses: list[AttemptRecord], min_answers: int) -> None:
    report = compute_item_stats(responses, ITEMS, settings=Settings(item_stats_min_answers=min_answers))
    assert report.answers == len(responses)
    for s in report.items:
        assert 0 <= s.difficulty <= 1 and s.correct == round(s.difficulty * s.answers)
        assert s.discrimination is None or -1 - 1e-9 <= s.discrimination <= 1 + 1e-9
        assert sum(o.chosen for o in s.options) == s.answers  # one option per single-choice answer
        assert sum(o.chosen for o in s.options if o.key) == s.correct
        assert 2 * s.group_size <= s.discrimination_n or s.group_size == 0
        if s.too_few:
            assert s.answers < min_answers and not s.flags
