"""Item statistics from learners' answers, the way test developers judge items.

Which answers count: each learner's FIRST answer to an item. Later answers are spaced
reviews after the learner has seen the key and its explanation; counting them would make
every item look easier and blur how well it separates strong from weak learners.

For item *i* answered (first time) by learners *L*:

- **answers** ``n``: how many learners answered it.
- **difficulty** ``p``: the share of them who got it right (``correct``), 0..1. High is easy.
- **rest-score** of learner *l* for item *i*: the share of *l*'s other first answers in the
  same scope (the module asked for, or the whole course) that were right. A share, not a sum,
  because learners answer different subsets of items (quizzes are adaptive); a learner with
  no other answer has no rest-score and is left out of the two figures below.
- **discrimination** ``r_pb``: the point-biserial correlation between being right on *i*
  (1/0) and the rest-score, over learners with a rest-score::

      r_pb = (M1 - M0) / s * sqrt(p * q)

  with ``M1``/``M0`` the mean rest-score of those right/wrong on *i*, ``s`` the population
  standard deviation of the rest-scores, ``p`` the share right among them and ``q = 1 - p``.
  (It equals Pearson's r of the 1/0 column with the rest-scores.) Undefined (None) when
  everyone was right, everyone was wrong or all rest-scores are equal.
- **upper / lower groups**: the ``round(27% of n)`` learners (at least one) with the highest
  and the lowest rest-scores; ties are broken by name so the result is reproducible. ``D`` is
  the share right in the upper group minus the share right in the lower group.
- **options**: how often each option (distractor or key) was chosen, overall and by the upper
  and lower groups. Matching counts each prompt's chosen option; ordering counts whole orders;
  short answer counts the normalised texts.
- **time to answer**: median and mean of ``elapsed_ms`` where the app recorded it.

Items answered by fewer than ``settings.item_stats_min_answers`` learners are marked
``too_few`` and never flagged: a few answers say nothing about an item. The others are
flagged for the teacher when: discrimination is below ``item_flag_discrimination_below``
(default: negative, strong learners miss it more than weak ones); a distractor was chosen by
the upper group more often than the key; difficulty is at or below
``item_flag_difficulty_below`` (almost nobody gets it right: often a wrong key).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from typing import Any, Literal

from pydantic import BaseModel, Field

from tutor.classroom.answers import class_attempts, item_catalogue, store_for
from tutor.course.items import ItemType, QuizItem
from tutor.progress.records import AttemptRecord
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings
from tutor.text import normalize

GROUP_SHARE = 0.27
"""Kelley's classic upper/lower group size: 27% of the learners at each end."""

FlagKind = Literal["negative_discrimination", "distractor_beats_key", "near_zero_difficulty"]


class ItemFlag(BaseModel):
    kind: FlagKind
    message: str


class OptionStat(BaseModel):
    option: str = Field(description="Option text (matching: 'prompt → option'; ordering: the whole order).")
    group: str = Field(default="", description="Matching: the prompt the option answers; else empty.")
    key: bool = Field(description="Whether this is (part of) the right answer.")
    chosen: int = Field(description="Learners who chose it.")
    share: float = Field(description="chosen / answers.")
    upper: int = Field(default=0, description="Chosen by the upper group.")
    lower: int = Field(default=0, description="Chosen by the lower group.")


class ItemStats(BaseModel):
    item_id: str
    module: int
    objective: str
    item_type: str
    origin: str
    stem: str | None = Field(default=None, description="None when the item itself is no longer known.")
    answers: int = Field(description="Learners who answered it (first answers).")
    correct: int
    difficulty: float | None = Field(description="Share correct, 0..1 (high = easy).")
    discrimination: float | None = Field(description="Point-biserial r against the rest-score.")
    discrimination_n: int = Field(description="Learners with a rest-score (used for r and groups).")
    upper_lower: float | None = Field(description="D: share right in the upper minus the lower group.")
    group_size: int = 0
    options: list[OptionStat] = Field(default_factory=list)
    timed_answers: int = 0
    time_median_ms: float | None = None
    time_mean_ms: float | None = None
    too_few: bool = Field(description="Fewer answers than the minimum: not judged, not flagged.")
    flags: list[ItemFlag] = Field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


class ItemStatsReport(BaseModel):
    module: int | None
    min_answers: int
    learners: int
    answers: int = Field(description="First answers counted.")
    items: list[ItemStats]

    @property
    def flagged(self) -> list[ItemStats]:
        return [i for i in self.items if i.flags]


# --------------------------------------------------------------------------- helpers


def point_biserial(right: list[bool], rest: list[float]) -> float | None:
    """r_pb of a 1/0 column against scores (see the module docstring); None if undefined."""
    n = len(right)
    if n < 2 or n != len(rest):
        return None
    ones = [r for ok, r in zip(right, rest, strict=True) if ok]
    zeros = [r for ok, r in zip(right, rest, strict=True) if not ok]
    if not ones or not zeros:
        return None
    s = statistics.pstdev(rest)
    if s == 0:
        return None
    p = len(ones) / n
    return (statistics.fmean(ones) - statistics.fmean(zeros)) / s * math.sqrt(p * (1 - p))


def _first_answers(responses: list[AttemptRecord]) -> list[AttemptRecord]:
    first: dict[tuple[str, str], AttemptRecord] = {}
    for r in sorted(responses, key=lambda r: (r.answered_at, r.id or 0)):
        first.setdefault((r.learner, r.item_id), r)
    return list(first.values())


def _arrow(prompt: str, option: str) -> str:
    return f"{prompt} → {option}"


def chosen_labels(item_type: str, response: Any) -> list[tuple[str, str]]:
    """(group, option label) pairs a response chose, per the grading module's response shapes."""
    if item_type == ItemType.single_choice and isinstance(response, str):
        return [("", response)]
    if item_type == ItemType.multiple_response and isinstance(response, list):
        return [("", str(o)) for o in dict.fromkeys(response)]
    if item_type == ItemType.true_false and isinstance(response, bool):
        return [("", "True" if response else "False")]
    if item_type == ItemType.matching and isinstance(response, dict):
        return [(str(p), _arrow(str(p), str(o))) for p, o in response.items()]
    if item_type == ItemType.ordering and isinstance(response, list):
        return [("", " → ".join(str(s) for s in response))]
    if item_type == ItemType.short_answer and isinstance(response, str):
        return [("", normalize(response))]
    return []


def key_labels(item: QuizItem) -> list[tuple[str, str]]:
    a = item.answer
    if item.type is ItemType.matching and isinstance(a, dict):
        return [(p, _arrow(p, v)) for p, v in a.items()]
    if item.type is ItemType.ordering and isinstance(a, list):
        return [("", " → ".join(a))]
    if item.type is ItemType.short_answer and isinstance(a, str):
        return [("", normalize(k)) for k in dict.fromkeys([a, *item.accept])]
    return [("", t) for t in item.correct_texts]


def declared_labels(item: QuizItem) -> list[tuple[str, str]]:
    """Options listed even when nobody chose them (a distractor nobody picks is worth seeing)."""
    if item.type in (ItemType.single_choice, ItemType.multiple_response):
        return [("", o) for o in item.options]
    if item.type is ItemType.true_false:
        return [("", "True"), ("", "False")]
    return key_labels(item)


def _groups(rest: dict[str, float]) -> tuple[set[str], set[str]]:
    if len(rest) < 2:
        return set(), set()
    size = max(1, round(GROUP_SHARE * len(rest)))
    size = min(size, len(rest) // 2)
    ranked = sorted(rest, key=lambda learner: (-rest[learner], learner))
    return set(ranked[:size]), set(ranked[-size:])


def _options(
    item: QuizItem | None, first: list[AttemptRecord], upper: set[str], lower: set[str]
) -> list[OptionStat]:
    item_type = first[0].item_type if first else (item.type.value if item else "")
    keys = set(key_labels(item)) if item else set()
    labels: dict[tuple[str, str], Counter[str]] = {}
    if item is not None:
        for label in declared_labels(item):
            labels.setdefault(label, Counter())
    for r in first:
        for label in chosen_labels(item_type, r.response):
            c = labels.setdefault(label, Counter())
            c["all"] += 1
            if r.learner in upper:
                c["upper"] += 1
            if r.learner in lower:
                c["lower"] += 1
    n = len(first) or 1
    out = [
        OptionStat(
            option=label,
            group=group,
            key=(group, label) in keys,
            chosen=c["all"],
            share=c["all"] / n,
            upper=c["upper"],
            lower=c["lower"],
        )
        for (group, label), c in labels.items()
    ]
    # Short answers and orders can be many: the key and the most frequent ones.
    if item_type in (ItemType.short_answer, ItemType.ordering):
        out.sort(key=lambda o: (not o.key, -o.chosen, o.option))
        out = out[:8]
    return out


def _distractor_flag(item_type: str, options: list[OptionStat]) -> ItemFlag | None:
    """A distractor the upper group chose more often than the key (of its prompt, for matching;
    than the least-chosen key option, for multiple response)."""
    if item_type not in (
        ItemType.single_choice,
        ItemType.true_false,
        ItemType.multiple_response,
        ItemType.matching,
    ):
        return None
    by_group: dict[str, list[OptionStat]] = defaultdict(list)
    for o in options:
        by_group[o.group].append(o)
    for opts in by_group.values():
        keys = [o for o in opts if o.key]
        if not keys:
            continue
        key_upper = min(o.upper for o in keys)
        for o in opts:
            if not o.key and o.upper > key_upper:
                return ItemFlag(
                    kind="distractor_beats_key",
                    message=f"Strong learners chose {o.option!r} ({o.upper}) more often than the key "
                    f"({key_upper}): check the key and whether that option is also right.",
                )
    return None


# --------------------------------------------------------------------------- entry point


def compute_item_stats(
    responses: list[AttemptRecord],
    items: dict[str, QuizItem],
    *,
    module: int | None = None,
    settings: Settings | None = None,
) -> ItemStatsReport:
    """Statistics of every answered item (of ``module``, or all), most answered first."""
    settings = settings or get_settings()
    scope = [r for r in responses if module is None or r.module == module]
    first = _first_answers(scope)
    per_learner: dict[str, list[AttemptRecord]] = defaultdict(list)
    per_item: dict[str, list[AttemptRecord]] = defaultdict(list)
    for r in first:
        per_learner[r.learner].append(r)
        per_item[r.item_id].append(r)
    totals = {learner: (sum(r.correct for r in rs), len(rs)) for learner, rs in per_learner.items()}

    out: list[ItemStats] = []
    for item_id, answered in per_item.items():
        item = items.get(item_id)
        rest: dict[str, float] = {}
        for r in answered:
            right, count = totals[r.learner]
            if count > 1:
                rest[r.learner] = (right - r.correct) / (count - 1)
        with_rest = [r for r in answered if r.learner in rest]
        r_pb = point_biserial([r.correct for r in with_rest], [rest[r.learner] for r in with_rest])
        upper, lower = _groups(rest)
        d_index = None
        if upper and lower:
            right_of = {r.learner: r.correct for r in answered}
            d_index = sum(right_of[x] for x in upper) / len(upper) - sum(right_of[x] for x in lower) / len(
                lower
            )
        options = _options(item, answered, upper, lower)
        times = [r.elapsed_ms for r in answered if r.elapsed_ms is not None]
        n = len(answered)
        correct = sum(r.correct for r in answered)
        p = correct / n
        too_few = n < settings.item_stats_min_answers
        flags: list[ItemFlag] = []
        if not too_few:
            if r_pb is not None and r_pb < settings.item_flag_discrimination_below:
                flags.append(
                    ItemFlag(
                        kind="negative_discrimination",
                        message=f"Discrimination {r_pb:.2f}: learners who do well elsewhere miss this "
                        "item more than those who do badly. Check the key and the wording.",
                    )
                )
            beats = _distractor_flag(answered[0].item_type, options)
            if beats is not None:
                flags.append(beats)
            if p <= settings.item_flag_difficulty_below:
                flags.append(
                    ItemFlag(
                        kind="near_zero_difficulty",
                        message=f"Only {p:.0%} answer it right: the key may be wrong or the course may "
                        "not teach it.",
                    )
                )
        first_r = answered[0]
        out.append(
            ItemStats(
                item_id=item_id,
                module=item.module if item else first_r.module,
                objective=item.objective if item else first_r.objective,
                item_type=first_r.item_type,
                origin=item.origin if item else first_r.origin,
                stem=item.stem if item else None,
                answers=n,
                correct=correct,
                difficulty=p,
                discrimination=r_pb,
                discrimination_n=len(with_rest),
                upper_lower=d_index,
                group_size=len(upper),
                options=options,
                timed_answers=len(times),
                time_median_ms=float(statistics.median(times)) if times else None,
                time_mean_ms=statistics.fmean(times) if times else None,
                too_few=too_few,
                flags=flags,
            )
        )
    out.sort(key=lambda s: (-len(s.flags), -s.answers, s.item_id))
    return ItemStatsReport(
        module=module,
        min_answers=settings.item_stats_min_answers,
        learners=len(per_learner),
        answers=len(first),
        items=out,
    )


def class_item_stats(
    module: int | None = None, *, store: ProgressStore | None = None, settings: Settings | None = None
) -> ItemStatsReport:
    """Item statistics of the whole class, read from the progress store."""
    settings = settings or get_settings()
    with store_for(settings, store) as s:
        responses = class_attempts(s, module)
        items = item_catalogue(s, [r.item_id for r in responses], settings)
    return compute_item_stats(responses, items, module=module, settings=settings)
