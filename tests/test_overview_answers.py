"""Overview answers: a best sentence whose section announces its subsections is followed by
the opening sentence of each, cited to its own passage."""

from __future__ import annotations

import pytest

from tutor.answer import answer_question
from tutor.answer.extractive import compose_extractive
from tutor.answer.overview import announced_parts, enumeration_nouns, introduced_list, paragraph_parts
from tutor.models import Chunk, Passage
from tutor.retrieval.retriever import Retriever

INTRO = "The course assumes three kinds of background knowledge before the first module starts."
OPENINGS = [
    "Machine learning is the subset of AI that learns patterns from data instead of rules.",
    "Learners should recognise the stages of an ML project from data to deployment.",
    "Amazon S3 stores training data and model artifacts for every SageMaker job.",
]


def _chunk(cid: str, path: list[str], text: str, start: int) -> Chunk:
    return Chunk(
        id=cid,
        text=text,
        source="00.md",
        source_path="/c/00.md",
        title="Overview",
        section_path=path,
        start=start,
        end=start + len(text),
    )


def _library(intro: str = INTRO) -> list[Chunk]:
    parent = ["Overview", "Prerequisites"]
    chunks = [_chunk("p", parent, intro, 0)]
    for i, (name, opening) in enumerate(
        zip(["ML basics", "Pipeline stages", "AWS basics"], OPENINGS, strict=True)
    ):
        text = f"{opening} A second sentence of this subsection that the overview leaves out."
        chunks.append(_chunk(f"c{i}", [*parent, name], text, 100 * (i + 1)))
    # A deeper subsection and another section: neither is a direct part.
    chunks.append(
        _chunk("deep", [*parent, "AWS basics", "IAM"], "IAM roles control what a SageMaker job may do.", 999)
    )
    chunks.append(
        _chunk("other", ["Overview", "Lifecycle"], "The lifecycle has six phases in this course.", 2000)
    )
    return chunks


def _passage(chunk: Chunk) -> Passage:
    return Passage(**chunk.model_dump(), score=1.0)


def test_a_count_that_matches_the_subsections_announces_them() -> None:
    library = _library()
    announcing, openings = announced_parts(_passage(library[0]), library)
    assert announcing == INTRO
    assert [s for _, s in openings] == OPENINGS
    assert [p.id for p, _ in openings] == ["c0", "c1", "c2"]


@pytest.mark.parametrize(
    "intro",
    [
        "The course assumes five kinds of background knowledge before the first module starts.",
        "The course assumes some background knowledge before the first module starts.",
    ],
)
def test_a_section_that_announces_nothing_matching_gets_no_overview(intro: str) -> None:
    library = _library(intro)
    assert announced_parts(_passage(library[0]), library) == (None, [])


@pytest.mark.parametrize(("closing", "expected"), [("Choosing between them", 3), ("Lessons learned", 0)])
def test_a_count_one_short_allows_a_closing_subsection_on_choosing(closing: str, expected: int) -> None:
    # "four main ways", four subsections and a fifth on choosing between them.
    library = _library("The course assumes two kinds of background knowledge before the first module starts.")
    library[3] = library[3].model_copy(update={"section_path": ["Overview", "Prerequisites", closing]})
    announcing, openings = announced_parts(_passage(library[0]), library)
    assert len(openings) == expected
    assert (announcing is not None) == bool(expected)


def test_subsections_below_announce_them_whatever_their_number() -> None:
    library = _library("Each prerequisite is explained in the subsections below, with examples.")
    assert len(announced_parts(_passage(library[0]), library)[1]) == 3


def test_the_answer_walks_the_announced_parts_with_their_own_citations(fake_embedder) -> None:
    library = _library()
    passages = [_passage(library[0]), _passage(library[-1])]
    text, sentences, cited = compose_extractive(
        "What background knowledge does the course assume?", passages, fake_embedder, library=library
    )
    assert [s.text for s in sentences] == [INTRO, *OPENINGS]
    assert [c.id for c in cited] == ["p", "c0", "c1", "c2"]
    assert [s.citations for s in sentences] == [[1], [2], [3], [4]]
    assert text.startswith(f"{INTRO} [1] {OPENINGS[0]} [2]")


@pytest.mark.slow
def test_real_corpus_mastery_question_gets_the_criteria(corpus_index: Retriever) -> None:
    answer = answer_question("how do i know if i've actually mastered this course?", retriever=corpus_index)
    assert "90 percent" in answer.answer
    sections = [c.section_path[-1] for c in answer.citations]
    assert "Evaluation criterion: architectural mapping" in sections
    assert "Evaluation criterion: trade-off analysis" in sections


# --- lists ------------------------------------------------------------------------------


def test_enumeration_nouns_only_for_questions_that_ask_for_a_list() -> None:
    assert enumeration_nouns("What are the phases of the ML lifecycle?") == {"phases"}
    assert enumeration_nouns("which monitoring types does Model Monitor offer") == {"types"}
    assert enumeration_nouns("How do the phases connect?") == set()


def _list_library() -> list[Chunk]:
    path = ["Overview", "Lifecycle phases"]
    first = (
        "The lifecycle is the loop every production model goes through. This course uses four phases:\n\n"
        "1. Data collection: gather raw data.\n2. Preparation: clean and transform it."
    )
    second = (
        "3. Training: fit a model to the data.\n4. Monitoring: watch it in production.\n\nThe loop repeats."
    )
    return [_chunk("l1", path, first, 0), _chunk("l2", path, second, len(first) + 1)]


def test_a_list_cut_by_a_chunk_boundary_is_answered_whole(fake_embedder) -> None:
    library = _list_library()
    text, sentences, cited = compose_extractive(
        "What are the phases of the lifecycle?", [_passage(library[0])], fake_embedder, library=library
    )
    assert [s.text for s in sentences] == [
        "The lifecycle is the loop every production model goes through.",
        "This course uses four phases:",
        "Data collection: gather raw data.",
        "Preparation: clean and transform it.",
        "Training: fit a model to the data.",
        "Monitoring: watch it in production.",
    ]
    assert [c.id for c in cited] == ["l1", "l2"]
    assert [s.citations for s in sentences][-2:] == [[2], [2]]
    assert text.splitlines()[0].endswith("This course uses four phases: [1]")
    assert text.splitlines()[1:] == [
        "Data collection: gather raw data. [1]",
        "Preparation: clean and transform it. [1]",
        "Training: fit a model to the data. [2]",
        "Monitoring: watch it in production. [2]",
    ]


def test_a_list_whose_introduction_names_something_else_is_not_the_answer(fake_embedder) -> None:
    library = _list_library()
    assert introduced_list("What are the risks of the lifecycle?", [_passage(library[0])], library) == (
        [],
        [],
    )


@pytest.mark.slow
def test_real_corpus_list_and_announced_sections(corpus_index: Retriever) -> None:
    phases = answer_question("what are the phases of the ML lifecycle in this course", retriever=corpus_index)
    for phase in ("Data collection and labelling", "Deployment and inference", "Monitoring, governance"):
        assert f"\n{phase}" in phases.answer
    options = answer_question("what are the deployment options?", retriever=corpus_index)
    sections = [c.section_path[-1] for c in options.citations]
    for option in (
        "Real-time inference endpoints",
        "Serverless inference",
        "Asynchronous inference",
        "Batch transform",
    ):
        assert option in sections


WORKFORCES = (
    "Ground Truth sends items to people. Ground Truth offers three kinds of workforce. The public workforce "
    "is Mechanical Turk. A private workforce is your own staff. A vendor workforce is a listed company. "
    "Each workforce gets instructions.\n\nAutomated labelling trains a model on the human labels."
)


def test_a_sentence_ending_on_a_count_is_followed_by_what_it_counts_in_its_paragraph() -> None:
    p = _passage(_chunk("w", ["Module 2", "Ground Truth"], WORKFORCES, 0))
    parts = paragraph_parts(p, "Ground Truth offers three kinds of workforce.")
    assert [s for _, s in parts] == [
        "The public workforce is Mechanical Turk.",
        "A private workforce is your own staff.",
        "A vendor workforce is a listed company.",
    ]
    assert paragraph_parts(p, "Ground Truth sends items to people.") == [], "no count, nothing announced"
    # no count, but it ends on what a list question asks for
    assert len(paragraph_parts(p, "Ground Truth sends items to people.", {"people"})) == 4
    last = paragraph_parts(p, "Automated labelling trains a model on the human labels.", {"labels"})
    assert last == [], "nothing follows it in its paragraph"


def test_what_a_count_counts_must_be_what_the_question_is_about() -> None:
    p = _passage(_chunk("w", ["Module 2", "Ground Truth"], WORKFORCES, 0))
    announcing = "Ground Truth offers three kinds of workforce."
    assert len(paragraph_parts(p, announcing, about={"workforce", "type"})) == 3
    assert paragraph_parts(p, announcing, about={"feature", "store"}) == [], "it counts something else"


def test_a_part_is_said_by_its_far_more_concrete_sentence_on_its_heading() -> None:
    parent = ["Overview", "Prerequisites"]
    library = [
        _chunk("p", parent, "The course assumes two kinds of background knowledge before it starts.", 0),
        _chunk(
            "aws",
            [*parent, "AWS fundamentals"],
            "SageMaker is built on ordinary AWS building blocks, so learners need basic literacy. "
            "AWS Identity and Access Management (IAM) controls who may do what for SageMaker Role Manager. "
            "The quizzes ask about Ground Truth, Feature Store, Model Registry and Model Monitor in turn.",
            100,
        ),
        _chunk(
            "ml",
            [*parent, "ML basics"],
            "Machine learning is the subset of AI that learns patterns from data instead of rules. "
            "Deep learning uses neural networks with many layers for ML tasks.",
            200,
        ),
    ]
    _, openings = announced_parts(_passage(library[0]), library)
    assert [s for _, s in openings] == [
        # names IAM, SageMaker, Role Manager: far more concrete than the opening, and on "AWS"
        "AWS Identity and Access Management (IAM) controls who may do what for SageMaker Role Manager.",
        # barely more concrete than the opening: the opening stays
        "Machine learning is the subset of AI that learns patterns from data instead of rules.",
    ]


def test_a_list_the_question_names_is_found_anywhere_in_the_course() -> None:
    cards = _chunk(
        "cards",
        ["Governance", "What goes into a model card"],
        "A SageMaker model card has standard sections:\n\n- Intended uses\n- Training details\n- Evaluation results",
        0,
    )
    other = _chunk("o", ["Governance", "Model cards"], "Model cards document models for reviewers.", 100)
    lead, items = introduced_list(
        "What sections does a SageMaker model card have?", [_passage(other)], [other, cards]
    )
    assert [s for _, s in items] == ["Intended uses", "Training details", "Evaluation results"]
    assert lead and lead[0][0].id == "cards", "cited to the passage the list is in"
    # a which-service question with a plural in it asks for a service, not for a list
    assert introduced_list(
        "Which service checks model card sections?", [_passage(other)], [other, cards]
    ) == ([], [])


def test_types_of_one_thing_are_not_a_list_of_types_of_another() -> None:
    steps = _chunk(
        "steps",
        ["Pipelines", "Step types"],
        "Pipelines provides step types:\n\n- Processing steps\n- Training steps\n- Condition steps",
        0,
    )
    workforce = _chunk(
        "work",
        ["Ground Truth", "Workforces"],
        "Ground Truth lets a labelling job use these workforce types:\n\n- Public\n- Private\n- Vendor",
        100,
    )
    question = "What types of workforce can I choose for a labelling job?"
    # "step types" names "types" too, but they are types of steps
    assert introduced_list(question, [_passage(steps)], [steps]) == ([], [])
    _, items = introduced_list(question, [_passage(steps), _passage(workforce)], [steps, workforce])
    assert [s for _, s in items] == ["Public", "Private", "Vendor"]


def test_a_list_asked_for_politely_is_still_a_list() -> None:
    assert enumeration_nouns("Can you list the phases of the ML lifecycle as this course defines them?") == {
        "phases"
    }
    assert enumeration_nouns("Could you please outline the deployment options?") == {"options"}
    # "reports" is what Clarify does with the metrics, not a second thing to list
    assert enumeration_nouns("Can you name some of the bias metrics that Clarify reports?") == {"metrics"}
    assert enumeration_nouns("Can you explain how the phases connect?") == set()


def test_stages_asked_for_are_the_phases_the_course_lists() -> None:
    assert enumeration_nouns("What are the stages of the ML loop?") == {"stages", "phases"}


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        # what the learner tells first, then a sentence (begun in lower case) that asks for a list
        (
            "coming from data eng I only know the ETL end. what phases of the ML lifecycle does this course use?",
            {"phases"},
        ),
        # ... whose plurals are what it asks of: the story's are not ("models", "features")
        ("We have many models and features. Which phases does the course use?", {"phases"}),
        # ... unless it asks of them
        ("For our control mapping I need the lifecycle phases the course uses. What are they?", {"phases"}),
        # a word in -s ending the sentence after a name is its verb, not a second thing to list
        ("Before training, a team checks its data. Name some bias metrics Clarify provides.", {"metrics"}),
        # a story, then a question that asks for one thing
        ("In ML systems people speak about technical debt. What is it in this course?", set()),
    ],
)
def test_a_list_asked_for_after_a_story(question: str, nouns: set[str]) -> None:
    assert enumeration_nouns(question) == nouns
