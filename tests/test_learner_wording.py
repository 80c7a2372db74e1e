"""A learner's own wording: chat shortenings, drawn-out letters, slips of typing and the vendor's
own pages are read as the course would write them, not as topics the course never covers."""

from __future__ import annotations

import pytest
from answer_fixtures import chunk_of

from tutor.answer import answer_question
from tutor.answer.chat_words import spelled_out
from tutor.answer.definitions import definition_subject
from tutor.answer.emphasis import emphasis_of
from tutor.answer.misconceptions import misconception_answer
from tutor.answer.question_words import (
    focus_terms,
    meaning_asked,
    subject_of,
    without_plain_tail,
    without_who_or_when,
)
from tutor.answer.shapes import shape_of
from tutor.answer.subjects import unknown_subject
from tutor.answer.unknown_names import unknown_names
from tutor.answer.vocabulary import CourseVocabulary, correct_name_typos, name_runs
from tutor.models import Chunk
from tutor.retrieval.retriever import Retriever

TEXT = (
    "Precision is the share of positive predictions that are correct. Recall is the share of real "
    "positives found. Read the notebook through before a training job, and monitoring differs "
    "for each version. SageMaker Clarify explains predictions."
)


def _vocab(text: str = TEXT) -> CourseVocabulary:
    return CourseVocabulary([chunk_of(text, ["Metrics"], module=3)])


def test_chat_shortenings_and_drawn_out_letters_are_written_in_full() -> None:
    assert spelled_out("what do ppl mean by it, im lost, or smth") == (
        "what do people mean by it, I'm lost, or something"
    )
    assert spelled_out("tuning strategies for hpo? list pls, up all wknd") == (
        "tuning strategies for hyperparameter tuning? list please, up all weekend"
    )
    # bias measured before or after training is the course's pre- and post-training bias
    assert spelled_out("which bias metrics run before training, and after training?") == (
        "which bias metrics run pre-training, and post-training?"
    )
    assert spelled_out("what should I check before training?") == "what should I check before training?"
    assert spelled_out("which bias metrics can Clarify compute before any model exists?") == (
        "which bias metrics can Clarify compute pre-training?"
    )


def test_who_the_answer_is_for_is_not_searched_for() -> None:
    asked = "How would I define a SageMaker Training Job for a room full of beginners?"
    assert without_who_or_when(asked) == "How would I define a SageMaker Training Job?"
    assert without_who_or_when("Explain Clarify to my executives.") == "Explain Clarify."
    # ... nor when the thing is asked about
    asked = "What are the different ways I can get predictions out of a model once it's trained?"
    assert without_who_or_when(asked) == "What are the different ways I can get predictions out of a model?"
    asked = "Run me through the options for serving predictions once a model is trained."
    assert without_who_or_when(asked) == "Run me through the options for serving predictions."
    # ... only at the end: a task for beginners is what is asked
    assert without_who_or_when("Which notebooks suit beginners on a budget?") == (
        "Which notebooks suit beginners on a budget?"
    )
    assert spelled_out("which module is about keeping an eye on a live model?") == (
        "which module is about monitoring a live model?"
    )
    assert spelled_out("do we need to keep watching a model after it goes live?") == (
        "do we need to keep monitoring a model after it goes live?"
    )
    # a teacher's students are the course's learners
    assert spelled_out("What do my students need to know first?") == "What do my learners need to know first?"
    # what a learner says to ask is no topic word of the question
    assert focus_terms("should i even bother learning studio classic? i saw it somewhere") == [
        "studio",
        "classic",
    ]
    assert spelled_out("sooo what are the PREREQS") == "so what are the prerequisites"
    assert (
        spelled_out("isnt it just pipelines? cant tell, dont know")
        == "isn't it just pipelines? can't tell, don't know"
    )
    # "..., or like when ..." asks the same again, not for a choice between two things
    assert shape_of("when is clarify not the right tool, or like when cant it help") == "when-to-use"
    assert spelled_out("how do i tune hyperparams in prod?? ughhh") == (
        "how do i tune hyperparameters in production?? ugh"
    )
    assert spelled_out("can u edit what role mgr makes? do i rly need aws b4 this, w/o vpcs") == (
        "can u edit what role manager makes? do i really need aws before this, without vpcs"
    )
    # a word that only contains a shortening is left as it is, and so is a web address
    assert (
        spelled_out("the prodigal parameters at www.example.com")
        == "the prodigal parameters at www.example.com"
    )


def test_slips_of_typing_become_the_course_word() -> None:
    vocab = _vocab()
    assert correct_name_typos("whats the diff between precsion and recal", vocab) == (
        "whats the diff between precision and recall"
    )
    assert correct_name_typos("my notebok and the monitring verison", vocab) == (
        "my notebook and the monitoring version"
    )
    assert correct_name_typos("wat does clarfy do", vocab) == "wat does clarify do"


def test_a_course_name_or_long_word_written_as_two_words_is_the_courses() -> None:
    # a voice typing tool writes what it hears: "sage maker", "jump start"
    vocab = _vocab(
        TEXT + " SageMaker JumpStart offers models. Trainers write model cards. Each hyperparameter is "
        "tuned, and a checkpoint saves the state."
    )
    assert correct_name_typos("so what is sage maker clarify exactly", vocab) == (
        "so what is SageMaker clarify exactly"
    )
    assert correct_name_typos("models from Jump Start", vocab) == "models from JumpStart"
    # ... and a long word of the course, split anywhere: "hyper parameter", "check point"
    assert correct_name_typos("so how does hyper parameter tuning work", vocab) == (
        "so how does hyperparameter tuning work"
    )
    assert correct_name_typos("Where does the check point go?", vocab) == "Where does the checkpoint go?"
    # two words the course itself writes apart stay apart
    apart = _vocab(TEXT + " The DeepLearning team. Deep learning is a subset of ML.")
    assert correct_name_typos("what is deep learning", apart) == "what is deep learning"
    apart = _vocab(TEXT + " Each dataset is small, and a data set may be large.")
    assert correct_name_typos("is my data set too big", apart) == "is my data set too big"


def test_a_product_of_the_vendors_asked_for_in_everyday_words_names_nothing() -> None:
    question = "What's the SageMaker piece that keeps the list of model versions we might ship?"
    assert shape_of(question) == "service-for-task"
    assert unknown_subject(question, _vocab()) == "", "'piece' is the kind of thing asked for, no product"
    assert shape_of("What is the SageMaker service that explains predictions?") == "service-for-task"
    assert shape_of("What is the SageMaker feature store?") != "service-for-task", "a product named"


def test_words_of_their_own_are_not_slips() -> None:
    vocab = _vocab()
    # "though" drops a consonant of "through", "charging" changes a letter of "changing",
    # "notebooks" is the course word with a letter added: all are words of their own
    question = "though charging notebooks costs, is it worth it"
    assert correct_name_typos(question, vocab) == question


def test_the_vendors_own_pages_are_no_product() -> None:
    vocab = _vocab()
    assert unknown_names("I keep seeing the name 'SageMaker Clarify' in AWS docs. What is it?", vocab) == []
    assert unknown_names("Where in the AWS documentation is Clarify?", vocab) == []
    assert unknown_names("I'm the AWS admin; who sets up Clarify?", vocab) == []
    assert unknown_names("How do I use AWS Glue with Clarify?", vocab) == ["AWS Glue"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("sooo what are the prereqs for this course?", "Prerequisite"),
        ("ugh remind me the diff between precsion and recal", "Precision and recall"),
        ("okay so what is a sage maker domain and who makes one", "domain"),
    ],
)
def test_real_course_answers_a_learners_own_wording(
    corpus_index: Retriever, question: str, term: str
) -> None:
    answer = answer_question(question, retriever=corpus_index)
    assert answer.covered
    assert any(term in " ".join(c.section_path) for c in answer.citations)


def test_a_quoted_term_whose_meaning_is_asked_is_a_definition_question() -> None:
    assert meaning_asked("I keep hearing 'training-serving skew' in data prep. What does it mean?") == (
        "What is training-serving skew? I keep hearing 'training-serving skew' in data prep. What does it mean?"
    )
    assert meaning_asked("What do people mean by 'technical debt' in ML systems?").startswith(
        "What is technical debt? "
    )
    # one quoted word needs its context; a quoted term asked something else is no definition
    assert meaning_asked("When Clarify talks about a 'facet', what does that mean?") == (
        "When Clarify talks about a 'facet', what does that mean?"
    )
    assert meaning_asked("Is 'data drift' bad for my model?") == "Is 'data drift' bad for my model?"
    assert meaning_asked("Can someone explain what 'technical debt' means? Keep it simple.").startswith(
        "What is technical debt? "
    )
    assert meaning_asked("What does 'training-serving skew' mean, and why does it hurt?").startswith(
        "What is training-serving skew? "
    )
    # a term named unquoted, as "the term X", at the end
    assert meaning_asked("Can somebody explain me the term training-serving skew?").startswith(
        "What is training-serving skew? "
    )
    assert meaning_asked("Can you explain the term drift to me?") == "Can you explain the term drift to me?"
    # a lead-in that says what the answer is for is no part of the question
    assert definition_subject("For the exam: what is training-serving skew?") == "training-serving skew"
    assert definition_subject("What is technical debt? People mention it in ML systems.") == "technical debt"
    # unquoted, "what do people mean by X" asks what X is too
    assert shape_of("What do people mean by technical debt in ML systems?") == "definition"


def test_a_doing_done_to_the_courses_things_names_nothing() -> None:
    vocab = _vocab(TEXT + " Model Registry keeps each model version, and approval can trigger a deployment.")
    assert (
        unknown_subject("How does bumping the version in Model Registry trigger a deployment?", vocab) == ""
    )
    # a participle before a noun is no doing: its words are still the subject
    assert unknown_subject("What is the vanishing gradient problem?", vocab) != ""


def test_a_word_saying_how_after_the_vendor_is_no_product() -> None:
    assert [r for r, _ in name_runs("Should we pre-train on SageMaker instead of fine-tuning?")] == [
        "SageMaker"
    ]
    assert [r for r, _ in name_runs("Can I run it on SageMaker directly?")] == ["SageMaker"]
    assert [r for r, _ in name_runs("what is sagemaker neo")] == ["sagemaker neo"]
    assert [r for r, _ in name_runs("When will AWS permanently shut it down?")] == ["AWS"]


def test_a_word_with_an_object_after_the_vendor_is_what_the_vendor_does() -> None:
    assert [r for r, _ in name_runs("what happens when aws grabs the capacity back")] == ["aws"]
    assert [r for r, _ in name_runs("would picking SageMaker tie us to it forever")] == ["SageMaker"]
    # a product's name has no object after it
    assert [r for r, _ in name_runs("is sagemaker neo the right pick")] == ["sagemaker neo"]
    assert [r for r, _ in name_runs("does amazon rekognition detect faces")] == ["amazon rekognition"]


def test_a_lower_case_word_after_the_vendor_in_capitals_is_the_learners_own() -> None:
    vocab = _vocab(TEXT + " SageMaker is a fully managed service.")
    # "the AWS rep", "AWS loves to say": the vendor and the learner's word, from a writer who
    # capitalises names
    assert (
        unknown_names("The AWS rep kept saying SageMaker is 'fully managed'. What does it mean?", vocab) == []
    )
    assert unknown_names("AWS loves to say SageMaker is fully managed. What does that mean?", vocab) == []
    # a product keeps its capital, and an all-lower-case message is judged as before
    assert unknown_names("Should I use AWS Glue instead of SageMaker?", vocab) == ["AWS Glue"]
    assert unknown_names("is amazon rekognition better than sagemaker", vocab) == ["amazon rekognition"]


def test_how_a_figure_is_calculated_is_how_the_learner_asks() -> None:
    assert focus_terms("How is recall calculated?") == ["recall"]
    # "capabilities" says what kind of thing is asked for, not which
    assert focus_terms("What can I do with SageMaker geospatial capabilities?") == ["geospatial"]
    # a hedge says how sure the learner is, not what is asked
    assert focus_terms("When is Feature Store probably not worth it?") == ["feature", "store"]
    assert "steer" not in focus_terms("When should I steer clear of Canvas?")


@pytest.mark.slow
def test_real_course_all_the_prerequisites_are_the_parts_the_count_announces(corpus_index: Retriever) -> None:
    answer = answer_question(
        "What four kinds of background knowledge does the course assume before starting?",
        retriever=corpus_index,
    )
    sections = [c.section_path[-1] for c in answer.citations]
    assert answer.sentences[0].text == "The SageMaker course assumes four kinds of background knowledge."
    assert sum(s.startswith("Prerequisite:") for s in sections) == 4


def test_a_doing_or_a_hyphenated_long_form_is_no_unknown_subject() -> None:
    vocab = _vocab(
        TEXT
        + " AUC is the area under the ROC curve, a score of a classifier. A chatbot can look up documents."
    )
    assert (
        unknown_subject("What does the area-under-the-curve score tell me about a classifier?", vocab) == ""
    )
    # "letting" opens a doing: it is not named as the subject the course lacks
    assert unknown_subject("How does letting a chatbot look things up in documents work?", vocab) != "letting"
    # a plain noun a clause ties to a course name asks of that name ("the mechanism by which ...")
    vocab = _vocab(TEXT + " Feature Store keeps features consistent. Model Registry holds versions.")
    assert (
        unknown_subject("What's the mechanism by which Feature Store keeps features the same?", vocab) == ""
    )
    assert unknown_subject("How does the information held in Model Registry differ?", vocab) == ""
    assert unknown_subject("What's the mechanism by which gravity works?", vocab) == "mechanism"
    # a hyphenated compound the course never writes is still named
    assert unknown_subject("What is the bias-variance tradeoff?", vocab) == "bias-variance tradeoff"


def test_a_doing_or_a_course_word_compound_is_no_unknown_subject() -> None:
    vocab = _vocab(
        TEXT
        + " Managed Spot Training resumes from a checkpoint. A Training Job can cope with lost capacity and come back."
        " Model Registry holds versions."
    )
    # "flipping a" is how the question begins, not a thing it names
    question = "How does flipping a model version's status in the registry kick off a deployment?"
    assert unknown_subject(question, vocab) == ""
    # "Spot-backed": a course word and a common English one
    question = "Mechanically, how does a Spot-backed training job cope when capacity goes away?"
    assert unknown_subject(question, vocab) == ""
    assert unknown_names(question, vocab) == []
    # ... while a compound of words the course never joins still names something
    assert unknown_subject("How does a Kafka-backed training job work?", vocab) != ""


def _misconceptions(module: int, service: str, thing: str, text: str) -> Chunk:
    """A "Common misconceptions about <thing>" section of a service."""
    return chunk_of(
        text, [f"Module {module}", service, f"Common misconceptions about {thing}"], module=module
    )


def test_a_learners_words_for_a_misconception_find_it() -> None:
    chunk = _misconceptions(
        4,
        "SageMaker Model Registry",
        "Model Registry",
        "A common misconception is that registering a model deploys it. Registration only records a "
        "version; deployment happens when a pipeline deploys an approved version.",
    )
    # "live" for deployed; "Model Registry" named by its words apart
    answer = misconception_answer("does registering a model in the registry put it live?", [chunk])
    assert [s for _, s in answer][:1] == ["A common misconception is that registering a model deploys it."]
    # "registering a model" names Model Registry by words begun alike
    answer = misconception_answer("does registering a model put it live?", [chunk])
    assert [s for _, s in answer][:1] == ["A common misconception is that registering a model deploys it."]
    # ", right?" asks yes or no
    answer = misconception_answer("so registering a model in Model Registry deploys it, right?", [chunk])
    assert answer and answer[0][1].startswith("A common misconception")
    # the yes/no question is the last clause of a chat message ("... vs ..., do i have to ...?? 😩")
    for question in (
        "model registry vs deploying... does registering a model put it live?? 😩",
        "hey so whats the deal with model registry, does registering a model put it live??",
        # ", right?" without its comma, and a smiley after it
        "so if i register a model in the registry it deploys right? :)",
        # ... after a dash
        "just to be sure - does registering a model in the registry put it live?",
    ):
        answer = misconception_answer(question, [chunk])
        assert answer and answer[0][1].startswith("A common misconception"), question
    # ... asked inside the sentence, with an aside after it
    for question in (
        "wait, so once I register a model in Model Registry is it live already? kinda confused",
        "quick one - if i register a model in the registry does it go live? my PM thinks it does",
    ):
        answer = misconception_answer(question, [chunk])
        assert answer and answer[0][1].startswith("A common misconception"), question
    # ... but "how does that ...?" asks how, not whether
    assert (
        misconception_answer("once I register a model in the registry, how does that deploy it?", [chunk])
        == []
    )


_REGISTERED = "My engineer registered the model this morning, so customers get it now, correct?"
_MEANINGS = {
    # what each misconception claims, as the course writes it
    "registering a model deploys it": [1.0, 0.0, 0.0],
    "approval status is decorative": [0.0, 1.0, 0.0],
    "Pipelines deploys models by itself": [0.0, 0.0, 1.0],
    # a belief in other words, close to the first claim
    _REGISTERED: [0.6, 0.1, 0.0],
    "My lead says our pipeline registered the model, so customers get it now, right?": [0.6, 0.1, 0.6],
    # a belief as close to one claim as to another
    "Our lead says the model is registered, so it is live and its status is only a label, right?": [
        0.5,
        0.5,
        0.0,
    ],
}


class _Meanings:
    """An embedder that knows what each text means (a unit axis per claim); anything else means nothing."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [_MEANINGS.get(t, [0.0, 0.0, 0.0]) for t in texts]


_MEANINGS_EMBEDDER = _Meanings()  # one instance: sentence vectors are cached by the embedder's id


def test_a_belief_stated_in_other_words_finds_the_misconception_closest_in_meaning() -> None:
    registry = _misconceptions(
        4,
        "SageMaker Model Registry",
        "Model Registry",
        "A common misconception is that registering a model deploys it. Registration only records a "
        "version. A second misconception is that approval status is decorative; pipelines act on it.",
    )
    pipelines = _misconceptions(
        4,
        "SageMaker Pipelines",
        "Pipelines",
        "A common misconception is that Pipelines deploys models by itself. Deployment follows approval.",
    )
    course = [registry, pipelines]
    # no word of "registered ... customers get it now" is the claim's, but its meaning is
    assert misconception_answer(_REGISTERED, course) == []  # (without meanings: words only)
    answer = misconception_answer(_REGISTERED, course, _MEANINGS_EMBEDDER)
    assert [s for _, s in answer] == [
        "A common misconception is that registering a model deploys it.",
        "Registration only records a version.",
    ]
    # a message naming two things with misconceptions states no belief about one of them
    named_two = "My lead says our pipeline registered the model, so customers get it now, right?"
    assert misconception_answer(named_two, course, _MEANINGS_EMBEDDER) == []
    # as close to two of the thing's claims: neither is the one meant
    between = "Our lead says the model is registered, so it is live and its status is only a label, right?"
    assert misconception_answer(between, course, _MEANINGS_EMBEDDER) == []
    # a learner who asks what or how (and tells a belief beside it) is answered what they ask
    asks_how = "My engineer says registering deploys it. How is Model Registry different from Experiments?"
    assert misconception_answer(asks_how, course, _MEANINGS_EMBEDDER) == []
    # a belief close to no claim
    unrelated = "My engineer registered the model this morning, so the bill went up, correct?"
    assert misconception_answer(unrelated, course, _MEANINGS_EMBEDDER) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "so clarify basically scrubs the unfairness out of the training data for me, right?",
        "A colleague thinks Clarify will quietly fix any bias it finds in our data for us. Is that how it works?",
    ],
)
def test_real_course_a_belief_in_other_words_is_answered_by_its_misconception(
    corpus_index: Retriever, question: str
) -> None:
    answer = answer_question(question, retriever=corpus_index)
    assert answer.sentences[0].text == "A common misconception is that Clarify removes bias automatically."
    assert answer.sentences[1].text.startswith("Clarify measures and explains bias")


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        # a belief tagged "yeah?" or "yes?" is put to be confirmed, as ", right?" is
        "when model monitor catches drift it kicks off the retraining on its own, yeah?",
        "our endpoint's monitor will retrain the model by itself once drift shows up, yes?",
        "model monitor retrains automatically on drift. isn't that the whole point of having it",
    ],
)
def test_real_course_a_belief_tagged_yeah_is_answered_by_its_misconception(
    corpus_index: Retriever, question: str
) -> None:
    answer = answer_question(question, retriever=corpus_index)
    assert answer.sentences[0].text.startswith("A third misconception is that Model Monitor retrains"), (
        question
    )


@pytest.mark.slow
def test_real_course_a_loosely_written_place_in_the_product_does_not_decline_a_close_question(
    corpus_index: Retriever,
) -> None:
    # "sagemaker menu" is no product, and the notebook jobs passage is very close in meaning
    question = "noticed 'notebook jobs' in the sagemaker menu today and got curious, what are those"
    answer = answer_question(question, retriever=corpus_index)
    assert answer.covered and "otebook job" in answer.sentences[0].text


def test_repairing_or_fixing_bias_is_the_misconception_that_clarify_removes_it() -> None:
    chunk = _misconceptions(
        5,
        "SageMaker Clarify",
        "Clarify",
        "A common misconception is that Clarify removes bias automatically. Clarify measures and "
        "explains bias; the team fixes it.",
    )
    for question in (
        "ok so Clarify find the bias, and after it repair the model automatic also, right?",
        "does Clarify fix bias automatically?",
    ):
        answer = misconception_answer(question, [chunk])
        assert answer and answer[0][1].startswith("A common misconception"), question


def test_what_happens_downstream_asks_what_sets_off_what() -> None:
    assert emphasis_of("What happens downstream when a version is set to Approved?").chain
    assert emphasis_of("What happens afterwards once I approve it?").chain


@pytest.mark.slow
def test_real_course_how_sagemaker_works_out_one_thing_is_not_what_sagemaker_is(
    corpus_index: Retriever,
) -> None:
    answer = answer_question(
        "How does SageMaker work out which inputs drove one specific loan applicant's rejection?",
        retriever=corpus_index,
    )
    assert not answer.sentences[0].text.startswith("Amazon SageMaker is a fully managed")
    answer = answer_question("How does SageMaker work?", retriever=corpus_index)
    assert answer.sentences[0].text.startswith("Amazon SageMaker is a fully managed")


def test_chat_exclamations_and_forgetting_are_no_topic_words() -> None:
    assert focus_terms("forgot to stop notebook overnight oops") == ["stop", "notebook", "overnight"]


def test_another_form_of_a_long_course_word_is_a_course_word() -> None:
    vocab = _vocab("Spot capacity can be interrupted; the job resumes from a checkpoint.")
    assert vocab.knows_term("interruption")  # the stemmer keeps it apart from "interrupt"
    assert not vocab.knows_term("interview")  # a short shared start is no family


def test_a_second_languages_explain_me_names_the_subject() -> None:
    assert subject_of("Explain me the dropout regularization in deep learning.") == "dropout regularization"
    assert subject_of("explain me what is gradient clipping") == "gradient clipping"
    # "explain how X in Y compute ...": the verb without its -s, the subject ends before "in"
    asked = "Please explain how attention mechanism in transformer compute the attention scores."
    assert subject_of(asked) == "attention mechanism"


@pytest.mark.parametrize(
    ("asked", "course_words"),
    [
        ("does the loan model treat younger applicants unfairly?", "treat younger applicants with bias"),
        ("our hiring model treats older applicants worse", "treats older applicants with bias"),
        ("auditor asks why loan got denied", "how to explain the prediction for the loan"),
        ("and why it turned down one candidate", "and how to explain the prediction for one candidate"),
        (
            "support wants to know why a given account got flagged",
            "how to explain the prediction for the account",
        ),
    ],
)
def test_everyday_words_for_bias_and_an_explanation_are_the_courses(asked: str, course_words: str) -> None:
    assert course_words in spelled_out(asked)


def test_a_denial_outside_a_models_decision_or_already_explained_is_left_alone() -> None:
    for asked in (
        "why was my IAM request denied?",
        "How does Clarify explain why a single applicant was declined?",
    ):
        assert spelled_out(asked) == asked


def test_a_tail_asking_for_a_plain_answer_is_not_looked_up() -> None:
    assert (
        without_plain_tail("What is SageMaker Pipelines, in plain terms?") == "What is SageMaker Pipelines?"
    )
    # ... while a head stays: it can be part of how the question is put
    assert without_plain_tail("wait so do i run clarify b4 training or after??") == (
        "wait so do i run clarify b4 training or after??"
    )
