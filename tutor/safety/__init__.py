"""Keeping untrusted text in its place: ``text_cleaning`` strips control and escape characters
from typed and ingested text, ``injection`` finds sentences addressed to an AI, and
``passages`` removes them from course passages before any model or learner sees them."""
