"""What is read from the whole course is read once per library, and again for another one."""

from __future__ import annotations

from answer_fixtures import chunk_of

from tutor.answer.per_library import per_library


def test_a_value_is_built_once_per_library_and_again_for_a_new_one() -> None:
    built: list[int] = []

    @per_library
    def count(library):
        built.append(len(library))
        return len(library)

    first = [chunk_of("SageMaker Clarify explains predictions.", ["Module 5", "Clarify"])]
    assert count(first) == 1 and count(first) == 1
    assert built == [1], "the same list is the same library"
    second = [*first, chunk_of("Model Monitor watches endpoints.", ["Module 4", "Monitor"], cid="m")]
    assert count(second) == 2
    assert count(list(first)) == 1, "an equal but new list is a new library (the index changed)"
    assert built == [1, 2, 1]
