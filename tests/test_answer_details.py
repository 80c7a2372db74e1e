"""Questions for a figure (a price, a year, a version, a default or a limit) need a passage that
gives one; a course that explains the thing without the figure declines, saying which kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import course_retriever, passage_of

from tutor.answer import answer_question
from tutor.answer.counts import counting_first
from tutor.answer.details import missing_detail
from tutor.models import Passage
from tutor.retrieval.retriever import Retriever

DEPLOY = """---
module: 4
title: "Deployment & MLOps"
---
# Module 4: Deployment & MLOps

## SageMaker Serverless Inference

SageMaker Serverless Inference runs a model without instances to manage and scales to zero between requests. You choose the memory size of the endpoint, up to the maximum your account allows, and it charges only for the compute time used.

## SageMaker Batch Transform

Batch transform scores a whole dataset stored in Amazon S3 and stops when it is done. A job can run up to 100 parallel requests by default, and the instances stop when the dataset is scored.
"""


def _p(text: str) -> Passage:
    return passage_of(text, ["M"])


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the hourly price of an ml.g5.xlarge endpoint?", "prices"),
        ("How much does Ground Truth charge per labelled image?", "prices"),
        ("In which year did AWS first launch SageMaker?", "dates of releases or launches"),
        ("When was SageMaker Canvas released?", "dates of releases or launches"),
        ("Which release of the SageMaker Python SDK added the ModelCard class?", "version numbers"),
        ("Which Python versions does the SageMaker Python SDK require?", "version numbers"),
        ("What is the maximum memory size for Serverless Inference?", "that default or limit"),
        ("By default, how many training jobs can a tuning job run in parallel?", "that default or limit"),
        ("How long is the invocation timeout for a serverless endpoint, in seconds?", "that duration"),
        ("How many endpoints can one AWS account have?", "that default or limit"),
        ("What cron expression do I pass to run a Serverless Inference schedule?", "API or parameter names"),
        ("What is the maximum runtime of a Serverless Inference request?", "that duration"),
        ("Which API parameter sets the memory size of Serverless Inference?", "API or parameter names"),
        ("Which XGBoost version does the built-in XGBoost container use?", "version numbers"),
        ("How long are captured records kept in S3 before they are deleted?", "that duration"),
        ("On what date will AWS retire Studio Classic?", "dates of releases or launches"),
        (
            "On what exact date will AWS stop supporting Serverless Inference?",
            "dates of releases or launches",
        ),
        ("What's the largest memory size I can set for Serverless Inference?", "that default or limit"),
        (
            "What value does Serverless Inference use as its default threshold for scaling?",
            "that default or limit",
        ),
        ("What default scaling threshold does Serverless Inference use?", "that default or limit"),
        ("What default sampling percentage does SageMaker use for data capture?", "that default or limit"),
        ("What is the highest memory size for Serverless Inference?", "that default or limit"),
        ("What HTTP status code does Serverless Inference return when throttled?", "error messages or codes"),
        (
            "What error message does Serverless Inference show when memory runs out?",
            "error messages or codes",
        ),
        ("What exact IAM condition key restricts Serverless Inference to a VPC?", "API or parameter names"),
        ("Write me the Slurm sbatch script to start Serverless Inference.", "code or scripts"),
        # a value asked as exact, as what a rule says, as a setting for something, as a result
        ("What exact Serverless Inference memory value does SageMaker recommend?", "that value or threshold"),
        ("What Serverless Inference memory number does the guide say we need?", "that value or threshold"),
        ("serverless inference what value for memory size", "that value or threshold"),
        ("what accuracy did the serverless inference model get", "that value or threshold"),
        ("What validation accuracy did the Serverless Inference model reach?", "that value or threshold"),
        ("Which memory size did the Serverless Inference example finally pick?", "that value or threshold"),
        (
            "What chunk size does the guide recommend for Serverless Inference payloads?",
            "that value or threshold",
        ),
        ("At what confidence score does Serverless Inference scale out?", "that value or threshold"),
        (
            "Are we legally required to keep Serverless Inference logs? Which articles?",
            "the laws or regulations that apply",
        ),
        ("serverless inference default # of workers per endpoint", "that default or limit"),
        ("What's the estimator argument that caps Serverless Inference memory?", "API or parameter names"),
        ("Roughly what does Serverless Inference add to the monthly bill?", "prices"),
        ("Ballpark, what will it cost us per month to run Serverless Inference?", "prices"),
        (
            "Which specific law or regulation requires Serverless Inference logs to be kept?",
            "the laws or regulations that apply",
        ),
        # asked in other words: a verb before its subject, a day rather than a year, a rate limit
        ("How much cost one Serverless Inference request?", "prices"),
        ("What exact memory limit does Serverless Inference have?", "that default or limit"),
        ("How many requests per second can I send to Serverless Inference?", "that default or limit"),
        (
            "What sampling percentage does Serverless Inference capture by default?",
            "that default or limit",
        ),
        ("What are the exact request params of the Serverless Inference call?", "API or parameter names"),
        ("Which exact IAM action must a user have to call Serverless Inference?", "API or parameter names"),
        ("What context window length does Serverless Inference support?", "that default or limit"),
        ("What's the most models I can put on one Serverless Inference endpoint?", "that default or limit"),
        ("What's the highest max concurrency of a Serverless Inference endpoint?", "that default or limit"),
        ("How long does Serverless Inference keep an idle instance around?", "that duration"),
        ("How long do Serverless Inference instances stay warm between requests?", "that duration"),
        ("Roughly what does one hour of Serverless Inference cost?", "prices"),
        ("What does Serverless Inference cost per month compared with batch transform?", "prices"),
        (
            "What uptime percentage does the SLA guarantee for Serverless Inference?",
            "that percentage or service level",
        ),
    ],
)
def test_a_question_for_a_figure_needs_a_passage_that_gives_one(question: str, kind: str) -> None:
    assert (
        missing_detail(question, [_p("Serverless Inference scales to zero and bills compute time.")]) == kind
    )


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("What is the hourly price of an ml.g5.xlarge endpoint?", "An ml.g5.xlarge costs $1.41 per hour."),
        ("In which year did AWS first launch SageMaker?", "SageMaker was launched in 2017."),
        ("Which release of the SDK added ModelCard?", "ModelCard arrived in version 2.148.0 of the SDK."),
        (
            "What is the maximum memory size for Serverless Inference?",
            "Serverless Inference memory goes up to 6 GB.",
        ),
        (
            "How long is the invocation timeout for Serverless Inference, in seconds?",
            "A Serverless Inference invocation times out after 60 seconds.",
        ),
        (
            "Which API parameter sets the memory size of Serverless Inference?",
            "Serverless Inference memory is set with MemorySizeInMB in the endpoint configuration.",
        ),
        (
            "What HTTP status code does Serverless Inference return when throttled?",
            "A throttled Serverless Inference request gets status 429 with a ThrottlingException.",
        ),
        (
            "What uptime percentage does the SLA guarantee for Serverless Inference?",
            "The Serverless Inference SLA guarantees 99.9 percent uptime.",
        ),
        (
            "On which exact day did Serverless Inference launch?",
            "Serverless Inference launched on April 21, 2022.",
        ),
    ],
)
def test_a_passage_with_the_figure_answers_it(question: str, passage: str) -> None:
    assert missing_detail(question, [_p(passage)]) == ""


@pytest.mark.parametrize(
    ("question", "kind", "given"),
    [
        (
            "how long does serverless inference keep the captured data before deleting it",
            "that duration",
            "Serverless Inference keeps captured data for 30 days.",
        ),
        (
            "How do I set a time-to-live so that Serverless Inference records expire?",
            "that duration",
            "Serverless Inference records expire after 7 days.",
        ),
        (
            "What Serverless Inference memory value counts as too small?",
            "that value or threshold",
            "Serverless Inference memory below 1024 MB is too small.",
        ),
        (
            "what learning rate should I use with serverless inference models",
            "that value or threshold",
            "Serverless Inference models are tuned with a learning rate of 0.001.",
        ),
        (
            "whats the passing score for serverless inference",
            "that value or threshold",
            "Serverless Inference passing score: 80",
        ),
        (
            "who invented serverless inference scaling",
            "people's names",
            "Serverless Inference scaling was invented by Ada Lovelace.",
        ),
        (
            "serverless inference end of support date",
            "dates of releases or launches",
            "Serverless Inference end of support is in 2031.",
        ),
        (
            "How much is a serverless inference worker paid per request?",
            "prices",
            "A Serverless Inference worker is paid $0.01 per request.",
        ),
        (
            "serverless inference max memory size in gb",
            "that default or limit",
            "Serverless Inference memory is up to 6 GB.",
        ),
        (
            "How much warning does serverless inference give before scaling in, in minutes?",
            "that duration",
            "Serverless Inference warns 2 minutes before scaling in.",
        ),
        (
            "exact number of models serverless inference can host",
            "that number",
            "Serverless Inference can host 5 models per endpoint.",
        ),
        (
            "how slow is a serverless inference cold start? need a rough number for our runbook?",
            "that value or threshold",
            "A Serverless Inference cold start takes 5 to 10 seconds.",
        ),
        (
            "what memory size is recommended for serverless inference?",
            "that value or threshold",
            "Serverless Inference memory of 4096 MB suits most models.",
        ),
        (
            "serverless inference scaling formula pls i always forget it",
            "that formula",
            "Serverless Inference scaling formula: instances = requests / concurrency.",
        ),
    ],
)
def test_retention_thresholds_settings_and_formulas_are_figures_the_course_must_state(
    question: str, kind: str, given: str
) -> None:
    assert (
        missing_detail(question, [_p("Serverless Inference scales to zero and bills compute time.")]) == kind
    )
    assert missing_detail(question, [_p(given)]) == ""


def test_a_duration_of_another_thing_does_not_answer_a_timeout() -> None:
    question = "How long is the invocation timeout for a real-time endpoint, in seconds?"
    other = _p("A real-time endpoint answers fraud checks in under 50 milliseconds.")
    assert missing_detail(question, [other]) == "that duration"
    runtime = "What is the maximum runtime of a training job?"
    wait = _p("The training job uses Managed Spot Training with a maximum wait time of 24 hours.")
    assert missing_detail(runtime, [wait]) == "that duration"
    stated = _p("A training job runs for up to 28 days.")
    assert missing_detail(runtime, [wait, stated]) == ""


@pytest.mark.parametrize(
    "question",
    [
        "How does Managed Spot Training cut the cost of training?",
        "When should I use batch transform instead of an endpoint?",
        "What limits does Data Wrangler have for streaming data?",  # a weakness, not a figure
        "What is SageMaker Clarify?",
        "How long does the offline store keep feature history?",  # "the full history": no figure asked
        "Which service serves the latest feature values in milliseconds?",  # how fast, not how long
        "What is SageMaker Clarify?",  # product names such as "SageMaker" are no code identifiers
        # a wish to do without code asks for none
        "Which SageMaker tool I use for clean my data, without to write code?",
        "Which parameters does a training job need?",  # what is set, not how code spells it
        "Which model version is approved for production?",  # a version of the model, not a release number
        "We need to track which version of the model got signed off for prod.",  # ... said the other way
        # how many labels are needed is the question, not a count the course must state
        "How does automated labelling reduce how many images people label?",
        # a comparison on cost is the course's trade-off, not a price
        "How does Serverless Inference compare with batch transform on latency and per-request cost?",
        "Serverless Inference and batch transform head to head on per-request cost: which wins?",
        "On per-request cost, how does Serverless Inference stack up against batch transform?",
        # which option is recommended is a choice, not a setting's figure
        "Which deployment option is recommended for intermittent traffic?",
        # a requirement of the learner's story, not a figure asked
        "We must sort emails at a very low cost per request. Which approach suits this best?",
    ],
)
def test_questions_that_ask_for_no_figure_are_left_alone(question: str) -> None:
    assert missing_detail(question, [_p("Nothing with a figure here.")]) == ""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"04-deploy.md": DEPLOY})


def test_the_course_explains_the_thing_but_not_its_figure(course: Retriever) -> None:
    answer = answer_question(
        "What is the maximum memory size of a Serverless Inference endpoint?", retriever=course
    )
    assert not answer.covered and not answer.citations
    assert answer.answer.startswith("The course does not give that default or limit for this")
    answer = answer_question("How much does Serverless Inference charge for compute time?", retriever=course)
    assert not answer.covered and answer.answer.startswith("The course does not give prices")
    answer = answer_question(
        "By default, how many parallel requests can a batch transform job run?", retriever=course
    )
    assert answer.covered and "100" in answer.answer
    answer = answer_question("How does Serverless Inference charge for compute?", retriever=course)
    assert answer.covered and "charges only for the compute time" in answer.answer


def test_a_limit_is_stated_as_the_kind_asked_for_about_the_thing_asked() -> None:
    question = "By default, how many training jobs can a tuning job run in parallel?"
    example = _p("The team ran a tuning job of 40 training jobs, 4 in parallel.")
    assert missing_detail(question, [example]) == "that default or limit", "a number, not a default"
    stated = _p("By default, a tuning job runs up to 10 training jobs in parallel.")
    assert missing_detail(question, [example, stated]) == ""
    other = _p("By default, an endpoint keeps 1 instance.")
    assert missing_detail(question, [other]) == "that default or limit", "a default of something else"


def test_a_product_name_is_not_a_code_identifier() -> None:
    question = "What cron expression do I pass to run a Serverless Inference schedule?"
    passage = _p(
        "To run a Serverless Inference schedule, pass its expression in SageMaker and watch it in CloudWatch."
    )
    assert missing_detail(question, [passage]) == "API or parameter names"
    named = _p("A Serverless Inference schedule takes a ScheduleExpressionText such as a cron expression.")
    assert missing_detail(question, [named]) == ""


def test_a_year_is_no_answer_to_an_exact_day() -> None:
    year = _p("Serverless Inference launched in late 2022.")
    asked = "On which exact day did Serverless Inference launch?"
    assert missing_detail(asked, [year]) == "exact dates"
    assert missing_detail("In which year did AWS launch Serverless Inference?", [year]) == ""


def test_a_year_of_something_sagemaker_offers_is_no_year_of_sagemaker() -> None:
    studio = _p("SageMaker Studio Classic is the first IDE that SageMaker offered, launched in 2019.")
    assert missing_detail("In which year did AWS first launch Amazon SageMaker?", [studio]) == (
        "dates of releases or launches"
    )
    itself = _p("Amazon SageMaker was first launched in 2017 at re:Invent.")
    assert missing_detail("In which year did AWS first launch Amazon SageMaker?", [itself]) == ""
    assert missing_detail("When was Studio Classic launched?", [studio]) == "", "dated: Studio Classic itself"


def test_a_count_needs_a_number_before_the_thing_counted() -> None:
    count = "How many modules does the course have?"
    assert missing_detail(count, [_p("The course has modules on data and deployment.")]) == "that number"
    assert missing_detail(count, [_p("The course has five modules after this overview.")]) == ""
    # a number of something else is no count of the modules
    assert missing_detail(count, [_p("Module 4 has 3 labs and two quizzes.")]) == "that number"
    # a count asked in passing is answered by the sentence that states it (and the score asked
    # first by the one that states the score)
    mapping = "What score do I need, and how many services can I get wrong?"
    stated = _p(
        "Mapping services needs a score of at least 90 percent. "
        "With fourteen services in the lifecycle map, a learner may miss at most one."
    )
    assert missing_detail(mapping, [stated]) == ""


def test_a_vague_quantity_does_not_answer_an_exact_count() -> None:
    hub = _p("JumpStart offers hundreds of pre-trained models.")
    assert missing_detail("Exactly how many pre-trained models does JumpStart offer?", [hub]) == "that number"
    assert missing_detail("How many pre-trained models does JumpStart offer?", [hub]) == ""


def test_a_section_on_the_counted_things_counts_them_in_its_own_words() -> None:
    question = "How many deployment options does SageMaker offer?"
    options = passage_of(
        "SageMaker offers four main ways to get predictions from a model.", ["Deployment options"]
    )
    assert missing_detail(question, [options]) == ""
    # a number in a story under such a heading counts nothing of it
    story = passage_of(
        "The team fine-tunes the model on 2,000 images.", ["Deployment options", "Worked example"]
    )
    assert missing_detail(question, [story]) == "that number"
    # "criteria" is no plain plural, and "does" no noun: no count rule to apply
    assert missing_detail("How many evaluation criteria does the course have?", [story]) == ""


def test_a_limit_is_stated_by_its_figure_close_after_the_ceiling_word() -> None:
    question = "What is the maximum number of training jobs a tuning job may run in parallel?"
    # a share is no count, and "max depth" in a list of tuned settings is no maximum
    discount = _p("Managed Spot Training runs training jobs in parallel at a discount of up to 90 percent.")
    tuned = _p("A tuning job of 40 training jobs runs in parallel over max depth and learning rate.")
    assert missing_detail(question, [discount, tuned]) == "that default or limit"
    stated = _p("A tuning job may run at most 10 training jobs in parallel.")
    assert missing_detail(question, [stated]) == ""
    # ... but a share answers a question for a share
    assert (
        missing_detail("What is the maximum discount percentage of Managed Spot Training?", [discount]) == ""
    )


@pytest.mark.parametrize(
    ("question", "chosen", "kind"),
    [
        (
            "What is the longest maximum wait time allowed for Managed Spot Training?",
            "The team runs Managed Spot Training with a maximum wait time of 24 hours.",
            "that default or limit",
        ),
        # ... nor is one team's interval a duration the course states
        (
            "How much warning does Managed Spot Training get before Spot capacity is reclaimed, in minutes?",
            "The team's Managed Spot Training job writes checkpoints every 30 minutes when Spot capacity is reclaimed.",
            "that duration",
        ),
    ],
)
def test_a_figure_one_team_chose_in_a_worked_example_is_no_limit(
    question: str, chosen: str, kind: str
) -> None:
    example = passage_of(chosen, ["Module 3", "Worked example: fine-tuning a legal model"])
    assert missing_detail(question, [example]) == kind
    assert missing_detail(question, [_p(chosen)]) == ""


def test_the_sentence_that_counts_leads_the_answer_to_how_many() -> None:
    brief = passage_of("It covers the deployment options briefly, then Model Registry.", ["Module 4"])
    four = passage_of("SageMaker offers four main ways to get predictions.", ["Deployment options"])
    picked = [(brief, brief.text), (four, four.text)]
    question = "How many deployment options does SageMaker offer?"
    assert counting_first(question, picked)[0][1] == four.text
    # a question that asks something else first keeps its order
    both = "What does Module 4 cover, and how many deployment options are there?"
    assert counting_first(both, picked) == picked


_ROLES_AND_PAY = (
    "SageMaker Role Manager builds IAM roles; Mechanical Turk workers label data; the API has prices."
)
_TERSE_TOPICS = (
    "SageMaker Feature Store has online storage. Role Manager builds roles. SageMaker teams use "
    "Clarify; the team launched it."
)


@pytest.mark.parametrize(
    ("question", "kind", "given", "about"),
    [
        (
            "In which AWS Regions is SageMaker Role Manager available?",
            "a list of Regions",
            "SageMaker Role Manager is available in us-east-1 and eu-west-1.",
            _ROLES_AND_PAY,
        ),
        (
            "How much do Mechanical Turk workers get paid per label?",
            "prices",
            "Mechanical Turk workers get paid $0.01 per label.",
            _ROLES_AND_PAY,
        ),
        (
            "What are the per-token prices of that API?",
            "prices",
            "That API's per-token prices start at $0.50.",
            _ROLES_AND_PAY,
        ),
        # a terse query for a figure or a person needs one too
        (
            "feature store online storage price",
            "prices",
            "Feature Store online storage costs $0.45 per GB-month.",
            _TERSE_TOPICS,
        ),
        (
            "role manager launch date",
            "dates of releases or launches",
            "Role Manager launched in 2022.",
            _TERSE_TOPICS,
        ),
        (
            "sagemaker first release year",
            "dates of releases or launches",
            "SageMaker was launched in 2017.",
            _TERSE_TOPICS,
        ),
        (
            "who founded the sagemaker team",
            "people's names",
            "The team was created by Ada Lovelace and Alan Turing (2015).",
            _TERSE_TOPICS,
        ),
        (
            "Who is the AWS product leader responsible for SageMaker Clarify?",
            "people's names",
            "The product leader responsible for Clarify: developed by Ada Lovelace and Alan Turing (2020).",
            _TERSE_TOPICS,
        ),
        # the console's steps and switches: the course gives steps only where it says it does
        (
            "Give me the step-by-step procedure to create a Role Manager role for analysts.",
            "the console's steps or settings",
            "To create a Role Manager role for analysts, first pick a persona, then choose activities.",
            _ROLES_AND_PAY,
        ),
        (
            "Does Feature Store encrypt online storage, and where is that switched on?",
            "the console's steps or settings",
            "Feature Store online storage encryption is switched on in the first step of creating a group.",
            _TERSE_TOPICS,
        ),
        (
            "Which domain setting puts SageMaker Studio into VPC-only mode?",
            "the console's steps or settings",
            "The SageMaker Studio domain's network step then puts it into VPC-only mode.",
            _TERSE_TOPICS,
        ),
    ],
)
def test_regions_pay_and_terse_figures_are_figures_the_course_must_state(
    question: str, kind: str, given: str, about: str
) -> None:
    assert missing_detail(question, [_p(about)]) == kind
    assert missing_detail(question, [_p(given)]) == ""


@pytest.mark.parametrize(
    "question",
    [
        "managed spot training for a model the ceo needs by tomorrow morning, good idea or not?",
        "who approves a model version in model registry?",
        "who is the model owner in governance?",
        "what drives the cost of a real-time endpoint",
        # how a thing works, step by step, is no procedure of the console
        "How do I set up Model Monitor on an endpoint, step by step?",
    ],
)
def test_a_role_or_a_cost_in_passing_asks_for_no_figure(question: str) -> None:
    about = _p(
        "Model owners approve model versions in Model Registry; Spot capacity costs less; endpoints cost."
    )
    assert missing_detail(question, [about]) == ""


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What TTL do records in the online store get by default?", "that duration"),
        ("model monitor minimum schedule interval", "that default or limit"),  # a terse query for a bound
        ("What default maximum wait time applies if none is specified?", "that default or limit"),
        ("what percentage of requests does Model Monitor capture by default?", "that default or limit"),
        ("disparate impact acceptable threshold", "that value or threshold"),
        ("What disparate impact value does Clarify treat as biased?", "that value or threshold"),
        ("Which Python and PyTorch versions come preinstalled?", "version numbers"),
        ("Which version of the SageMaker Python SDK added this?", "version numbers"),
        # a cap, a bound, the most often something may run; data kept until it is wiped
        ("Is there a soft limit on the wait time a Spot job can be given?", "that default or limit"),
        ("What upper bound applies to Model Monitor's capture share?", "that default or limit"),
        ("What is the most often a Model Monitor schedule is allowed to run?", "that default or limit"),
        ("How long are captured requests held before they're erased?", "that duration"),
        # a date something ends; a ratio the law or a team must hit
        ("What's the shutdown date for Studio images with PyTorch?", "dates of releases or launches"),
        ("Which disparate impact ratio would a regulator flag as unfair?", "that value or threshold"),
        ("What disparate impact level should a lender reach before launch?", "that value or threshold"),
        # the steps of a procedure, a setting's name, a cap on a count, a law among others
        (
            "What are the exact steps to migrate our Studio Classic home directories?",
            "the console's steps or settings",
        ),
        ("Could you walk me through every step of that migration?", "the console's steps or settings"),
        (
            "What's the setting called that makes old online store records expire?",
            "the console's steps or settings",
        ),
        ("Is there a cap on how many versions a model package group can hold?", "that default or limit"),
        ("Which federal fair lending law requires a bias audit?", "the laws or regulations that apply"),
        (
            "Does the four-fifths rule legally apply to our Clarify results?",
            "the laws or regulations that apply",
        ),
        ("What disparate impact value is legally acceptable?", "the laws or regulations that apply"),
        ("What minimum F1 score should be the bar for promoting a model?", "that value or threshold"),
        ("What is the typical cold-start latency of Serverless Inference in seconds?", "that duration"),
        ("What rank and learning rate should a customer start with for LoRA?", "that value or threshold"),
        ("What's the exact class I import for the condition step?", "code or scripts"),
        ("And what does the code look like for that step?", "code or scripts"),
        (
            "step by step, how do i migrate our studio classic home dirs into new studio spaces",
            "the console's steps or settings",
        ),
        (
            "can you give me the step by step for migrating our classic stuff?",
            "the console's steps or settings",
        ),
        (
            "Which statistical test does Model Monitor use to flag a shift, KS or chi-square?",
            "the algorithm or test it uses",
        ),
        (
            "What algorithm does Ground Truth use to consolidate the annotators' labels?",
            "the algorithm or test it uses",
        ),
        # an initial ends no sentence: the price is asked in the one that ends with "?"
        ("What is the hourly price, in US dollars, of an instance in US East (N. Virginia)?", "prices"),
        # a unit asked between commas, a typical time, kept alive; commands and clicks; the actual
        # cutoff, and a value a check "treats" as something after a possessive
        ("What's the typical cold-start time, in seconds, for Serverless Inference?", "that duration"),
        ("How long do warm pools keep instances alive after a job?", "that duration"),
        ("Walk me through the exact commands to move my home folder.", "code or scripts"),
        ("Give me the step-by-step console clicks for the migration.", "the console's steps or settings"),
        ("What PSI value does Model Monitor's check treat as drift?", "that value or threshold"),
        ("I want the actual disparate impact threshold.", "that value or threshold"),
        ("What number should I put for the sample count?", "that value or threshold"),
    ],
)
def test_defaults_bounds_thresholds_and_versions_asked_in_other_words(question: str, kind: str) -> None:
    vague = _p(
        "Model Monitor captures a share of requests and runs on a schedule, typically hourly or daily. "
        "The online store keeps the latest feature values. Managed Spot Training sets a maximum wait "
        "time. Clarify reports disparate impact for each facet. Studio images come with Python and PyTorch."
    )
    assert missing_detail(question, [vague]) == kind


def test_a_default_that_is_a_name_and_a_stated_ttl_are_answered() -> None:
    # "which strategy ... by default" asks for a name, not a number
    assert missing_detail("Which search strategy does tuning use by default?", [_p("Nothing here.")]) == ""
    stated = _p("Records in the online store expire after a TTL of 7 days by default.")
    assert missing_detail("What TTL do records in the online store get by default?", [stated]) == ""


def test_a_worked_examples_figures_answer_no_threshold_nor_exact_count() -> None:
    audit = passage_of(
        "The lender measures disparate impact with Clarify; applicants under 25 were approved less often.",
        ["Module 5", "Worked example: a bias audit"],
    )
    asked = "What disparate impact value does Clarify treat as biased?"
    assert missing_detail(asked, [audit]) == "that value or threshold"
    shortlist = passage_of(
        "The team shortlists three models from JumpStart.", ["Module 1", "Worked example: a chatbot"]
    )
    assert missing_detail("Exactly how many models are in JumpStart?", [shortlist]) == "that number"
    assert missing_detail("How many models did the team shortlist?", [shortlist]) == ""


def test_a_value_is_given_only_by_a_sentence_that_names_what_it_is_of() -> None:
    asked = "What LoRA rank should we use to fine-tune models for Serverless Inference?"
    other_number = _p("Fine-tuning models for Serverless Inference takes 2 hours on 4 GPUs.")
    assert missing_detail(asked, [other_number]) == "that value or threshold"
    assert (
        missing_detail(asked, [_p("Fine-tune models for Serverless Inference with a LoRA rank of 8.")]) == ""
    )


def test_a_name_with_a_digit_or_a_formula_gives_no_value_to_hit() -> None:
    # the 1 of "F1" and the 2 of its formula are no bar a model must clear
    said = _p(
        "The F1 score is high only when both precision and recall are high. "
        "The F1 score = 2 * (precision * recall) / (precision + recall)."
    )
    question = "What F1 score should a team hit before it's considered safe to ship a classifier?"
    assert missing_detail(question, [said]) == "that value or threshold"
    stated = _p("A team should hit an F1 score of 0.8 before it ships a classifier.")
    assert missing_detail(question, [stated]) == ""


def test_an_algorithm_asked_is_given_by_a_passage_that_names_one() -> None:
    question = "Which tuning algorithm does automatic model tuning use by default?"
    named = _p("Automatic model tuning uses the Bayesian optimisation algorithm by default for tuning.")
    assert missing_detail(question, [named]) == ""


def test_a_count_of_part_of_a_whole_needs_the_part_counted() -> None:
    whole = _p(
        "Data Wrangler ships with over 300 built-in transformations that need no code, including "
        "encoding, scaling, parsing dates and time-series operations."
    )
    part = "How many of those built-in transformations are specifically for time-series data?"
    assert missing_detail(part, [whole]) == "that number"
    assert missing_detail("How many built-in transformations does Data Wrangler have?", [whole]) == ""
    counted = _p("Data Wrangler offers 12 time-series transformations among its built-in ones.")
    assert missing_detail(part, [counted]) == ""
