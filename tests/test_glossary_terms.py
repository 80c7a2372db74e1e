"""A learner's word for a glossary term is written as the course writes it, for the search and
the coverage decision; a word the course itself writes is left alone."""

from __future__ import annotations

from answer_fixtures import chunk_of

from tutor.answer.glossary_terms import in_course_terms
from tutor.answer.vocabulary import CourseVocabulary
from tutor.course.data import GlossaryEntry

TEXT = (
    "Batch transform scores a whole dataset. Ground Truth offers three workforces. "
    "ML engineers deploy models."
)
GLOSSARY = [
    GlossaryEntry(term="Batch transform", variants=["batch inference", "batch transform job"]),
    GlossaryEntry(term="Workforces", variants=["labelling teams", "annotator pools"]),
    GlossaryEntry(term="Machine learning", variants=["ML"]),
    GlossaryEntry(term="Shadow testing", variants=["shadow deployment"]),
    GlossaryEntry(term="Ground Truth", variants=["GT"]),
]


def _vocab() -> CourseVocabulary:
    return CourseVocabulary([chunk_of(TEXT, ["Module 4", "Deployment"], module=4)])


def test_a_variant_the_course_never_writes_becomes_its_term() -> None:
    vocab = _vocab()
    assert (
        in_course_terms("When is batch inference cheaper?", GLOSSARY, vocab)
        == "When is batch transform cheaper?"
    )
    assert in_course_terms("What Annotator Pools can I use?", GLOSSARY, vocab) == "What workforces can I use?"
    # first, a term keeps its capital; after a name, lower case keeps it apart from that name
    assert in_course_terms("batch inference: when?", GLOSSARY, vocab) == "Batch transform: when?"
    assert (
        in_course_terms("GT labelling teams, how many?", GLOSSARY, vocab)
        == "Ground Truth workforces, how many?"
    )


def test_a_two_letter_abbreviation_is_one_only_in_capitals() -> None:
    vocab = _vocab()
    assert in_course_terms("GT workforces?", GLOSSARY, vocab) == "Ground Truth workforces?"
    # "gt" and "mm" in lower case are chat or units, not the abbreviation
    assert in_course_terms("is a 5 gt nodule big?", GLOSSARY, vocab) == "is a 5 gt nodule big?"


def test_words_the_course_writes_and_terms_it_never_writes_are_left_alone() -> None:
    vocab = _vocab()
    # the course writes "ML" itself
    assert in_course_terms("What do ML engineers do?", GLOSSARY, vocab) == "What do ML engineers do?"
    # no passage says "shadow testing": the learner's word is as good as the term
    assert in_course_terms("Is shadow deployment safe?", GLOSSARY, vocab) == "Is shadow deployment safe?"
    # only whole words: "batch inferences" is not the variant
    assert in_course_terms("batch inferences", GLOSSARY, vocab) == "batch inferences"
