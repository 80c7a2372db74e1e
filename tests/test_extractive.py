"""The offline answerer's choice of a lead sentence for definition questions."""

from __future__ import annotations

import pytest

from tutor.answer import answer_question
from tutor.answer.definitions import definition_subject as _definition_subject
from tutor.answer.extractive import _overlap, select_sentences
from tutor.answer.vocabulary import vocabulary
from tutor.models import Passage
from tutor.retrieval.retriever import Retriever
from tutor.text import content_terms

MISCONCEPTIONS = (
    "A common misconception is that Model Monitor retrains models. Model Monitor runs Model Monitor "
    "jobs on a schedule and Model Monitor reports Model Monitor violations to the team."
)
DEFINITION = (
    "SageMaker Model Monitor continuously watches production models and alerts on drift. "
    "It works with real-time endpoints and with batch transform jobs."
)


def _passage(pid: str, heading: str, text: str) -> Passage:
    return Passage(
        id=pid,
        text=text,
        source="04.md",
        source_path="/c/04.md",
        title="Deployment",
        section_path=["Module 4", "SageMaker Model Monitor", heading],
        start=0,
        end=len(text),
        score=1.0,
    )


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What does SageMaker Model Monitor do?", "Model Monitor"),
        ("whats hyperpod", "hyperpod"),
        ("what even is a sagemaker domain", "domain"),
        ("What is Clarify mainly for?", "Clarify"),
        ("How do I detect drift?", ""),
        ("What does technical debt mean in the context of ML systems?", "technical debt"),
        ("What does 'technical debt' mean in ML systems, and what forms does it take?", "technical debt"),
        # the words that ask for a plain answer wrap the question
        ("in plain words, what is AUC?", "AUC"),
        ("what is a 'space' in sagemaker studio, in normal human words?", "space"),
        ("what does technical debt even mean in ML systems? plain english pls", "technical debt"),
        # "define X" and "the definition of X" ask what X is too
        ("Define training-serving skew.", "training-serving skew"),
        ("Define training-serving skew as the course uses the term.", "training-serving skew"),
        ("What is the definition of model drift?", "model drift"),
        ("What does the term 'model package group' refer to?", "model package group"),
        ("What does the course mean by technical debt in ML systems?", "technical debt"),
        ("Could you define a SageMaker domain and say what lives inside one?", "domain"),
    ],
)
def test_definition_subject(question: str, subject: str) -> None:
    assert _definition_subject(question) == subject


def test_a_what_is_question_leads_with_the_opening_of_the_what_section(fake_embedder) -> None:
    passages = [
        _passage("a", "Common misconceptions about Model Monitor", MISCONCEPTIONS),
        _passage("b", "What SageMaker Model Monitor is", DEFINITION),
    ]
    lead = select_sentences("What does Model Monitor do?", passages, fake_embedder)[0]
    assert lead[1].startswith("SageMaker Model Monitor continuously watches")
    # Any other question keeps the ranking by score, which the name-heavy passage wins.
    other = select_sentences("When does Model Monitor report violations?", passages, fake_embedder)[0]
    assert other[0] == 0


@pytest.mark.slow
def test_real_corpus_what_does_model_monitor_do(corpus_index: Retriever) -> None:
    answer = answer_question("what does Model Monitor do?", retriever=corpus_index)
    # the sentence of Model Monitor's own section that says what it is leads
    assert answer.answer.startswith(
        "SageMaker Model Monitor is the SageMaker service that watches deployed models"
    )
    assert answer.citations[0].section_path[-1] == "SageMaker Model Monitor"


@pytest.mark.slow
def test_real_corpus_getting_worse_is_the_learners_topic(corpus_index: Retriever) -> None:
    # "worse" is what the learner asks about, not a word to set aside: without it the question
    # was two thirds words the course never uses, and was declined
    answer = answer_question("how do i know if my model is getting worse in prod?", retriever=corpus_index)
    assert answer.covered and "Model Monitor" in answer.answer


@pytest.mark.slow
def test_real_corpus_a_misconception_comes_with_its_correction(corpus_index: Retriever) -> None:
    answer = answer_question("are jumpstart models free to run?", retriever=corpus_index)
    texts = [s.text for s in answer.sentences]
    at = texts.index("A common misconception is that JumpStart models are free to run.")
    assert "billed like any other SageMaker compute" in texts[at + 1]


def test_an_answer_fills_up_to_five_sentences_from_the_passages_it_already_quotes(fake_embedder) -> None:
    asked = _passage(
        "a",
        "Notebook jobs",
        "Notebook jobs schedule a notebook to run weekly retraining. Owls hunt small animals in the "
        "forest at night. Rivers flood the low meadows every single spring. Glaciers carve deep valleys "
        "over many thousands of years. Bees dance in the hive to share directions to flowers.",
    )
    picked = select_sentences(
        "When should weekly retraining in notebook jobs move on?", [asked], fake_embedder
    )
    # the passage's other sentences score far below the best, yet the answer reads on in it
    assert len(picked) == 5
    fillers = [
        "Comets orbit the distant sun on long and narrow paths.",
        "Volcanoes vent hot ash high into the cold air above.",
        "Tides follow the pull of the moon across the wide oceans.",
        "Bees dance in the hive to share directions to flowers.",
    ]
    alone = _passage("a", "Notebook jobs", "Notebook jobs schedule a notebook to run weekly retraining.")
    others = [_passage(f"b{n}", "Elsewhere", text) for n, text in enumerate(fillers)]
    picked = select_sentences(
        "When should weekly retraining in notebook jobs move on?", [alone, *others], fake_embedder
    )
    # ... but passages it does not quote in its first three add nothing below the cut
    assert len(picked) == 3


def test_a_rare_word_of_the_question_outweighs_several_common_ones() -> None:
    # "disparate" is in one passage of the course, "bias", "metrics" and "training" in all: the
    # sentence that names what is asked leads, not the one that repeats the common words
    general = "Post-training bias metrics measure bias in a trained model's predictions after training."
    specific = "Disparate impact compares the positive prediction rates of two groups as a ratio."
    others = [
        _passage(
            f"o{n}", f"Bias metrics {n}", f"Post-training bias metrics number {n} are reported per group."
        )
        for n in range(6)
    ]
    passages = [_passage("a", "Post-training bias metrics", f"{general} {specific}"), *others]
    question = "Among the post-training bias metrics, what is disparate impact?"
    rarity = vocabulary(passages).rarity
    assert rarity("dispa") > 3 * rarity("bias")
    asked = set(content_terms(question))
    assert _overlap(asked, general) > _overlap(asked, specific), "counted evenly, four common words win"
    assert _overlap(asked, specific, rarity) > 2 * _overlap(asked, general, rarity)


@pytest.mark.slow
def test_real_corpus_a_metric_asked_by_name_is_answered_by_its_sentence(corpus_index: Retriever) -> None:
    answer = answer_question(
        "In Clarify's post-training bias metrics, what is disparate impact?", retriever=corpus_index
    )
    assert "disparate impact (DI), which is the ratio of positive prediction rates" in answer.answer
