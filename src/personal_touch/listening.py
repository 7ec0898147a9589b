"""
Listening: signals of what people do and tell us, and what :func:`learn` makes of them.

:class:`Signal` values (views, purchases, answers, bookings...) go into :func:`learn`,
which returns the contact with learned facts (interests that decay with each kind's
half-life, purchase and return counts, stated answers, trips) and an explanation of
each change (:class:`Learned`).  :class:`LearningRules` holds the weights, half-lives,
window and thresholds as data; :class:`ProxyTaxonomy` the cited categories whose
behaviour reveals a special category (maternity, pharmacy, religious goods...), learned
as inferred sensitive facts that the policy refuses to use or target.
:func:`~personal_touch.rank` chooses among offers by relevance: its result is a
:class:`Ranked` of :class:`Offer` values.  :func:`questions_to_ask` trims a
:class:`Form` of :class:`Question` values to what the person has not told us yet.

.. versionadded:: 0.4.0
"""

from ._questions import Form, Question, questions_to_ask
from ._relevance import Offer, Ranked
from ._signals import (
    Change,
    ChangeKind,
    Citation,
    Learned,
    LearningRules,
    ProxyCategory,
    ProxyTaxonomy,
    Signal,
    SignalKind,
    Skipped,
    SkipReason,
    category_key,
    default_learning,
    interest_strength,
    learn,
    sensitive_category,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Citation",
    "Form",
    "Learned",
    "LearningRules",
    "Offer",
    "ProxyCategory",
    "ProxyTaxonomy",
    "Question",
    "Ranked",
    "Signal",
    "SignalKind",
    "SkipReason",
    "Skipped",
    "category_key",
    "default_learning",
    "interest_strength",
    "learn",
    "questions_to_ask",
    "sensitive_category",
]
