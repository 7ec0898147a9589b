"""
Category keys: one spelling for a shop's category paths ("Apparel > T-Shirts" -> ``apparel.t_shirts``).
"""

from __future__ import annotations

import re
import unicodedata

from ..exceptions import InvalidFieldError

__all__ = ["category_key"]

_SEPARATORS = re.compile(r"[>/.]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def category_key(text: str) -> str:
    """
    The dotted key of a category path: a valid fact-key suffix.

    Segments are split on ``>``, ``/`` and ``.``; each is case-folded and decomposed
    (``"Café"`` becomes ``cafe``), every run of characters other than ASCII letters and
    digits becomes ``_``, and leading and trailing ``_`` are stripped; empty segments are
    dropped.  A key is returned unchanged, so the
    function is idempotent.

    >>> category_key("Apparel > T-Shirts")
    'apparel.t_shirts'
    >>> category_key("Maternity/Prenatal Vitamins")
    'maternity.prenatal_vitamins'
    >>> category_key("apparel.t_shirts")
    'apparel.t_shirts'

    Raises:
        InvalidFieldError: *text* is not a string or has no letter or digit (field
            ``category``; the message never repeats the text).

    .. versionadded:: 0.4.0
    """
    if not isinstance(text, str):
        raise InvalidFieldError("category", "expected a string")
    segments = []
    for part in _SEPARATORS.split(text):
        folded = unicodedata.normalize("NFKD", part.casefold())
        segment = _NON_ALNUM.sub("_", folded.encode("ascii", "ignore").decode()).strip("_")
        if segment:
            segments.append(segment)
    if not segments:
        raise InvalidFieldError("category", "has no letter or digit")
    return ".".join(segments)


def optional_category_key(text: str | None) -> str | None:
    """
    :func:`category_key` of *text*, or ``None``.
    """
    return None if text is None else category_key(text)
