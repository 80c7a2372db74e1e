"""Course files for the app tests (AppTest and browser): a lesson in the corpus's Markdown form,
and the passages the fixture courses share."""

from __future__ import annotations

JUMPSTART = """\
SageMaker JumpStart is a hub of pre-trained foundation models and computer vision models that can be
deployed with one click. A team uses JumpStart to put a working model into production without training
it from scratch, which saves months of training time."""

MODEL_MONITOR = """\
SageMaker Model Monitor continuously evaluates the data quality and model quality of a deployed
endpoint. It compares the live traffic captured from the endpoint with a baseline computed from the
training data, and raises an alert in Amazon CloudWatch when the statistics drift beyond the baseline
constraints. Detecting data drift early tells the team when a model needs retraining."""


def lesson(module: int, title: str, sections: dict[str, str]) -> str:
    """A course Markdown file: front matter, the title as its heading, a ``##`` section per entry."""
    body = "".join(f"\n## {heading}\n\n{text.strip()}\n" for heading, text in sections.items())
    return f'---\nmodule: {module}\ntitle: "{title}"\n---\n\n# {title}\n{body}'
