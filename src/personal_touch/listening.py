"""
Listening: signals of what people do and tell us, and what :func:`learn` makes of them.

:class:`Signal` values (views, purchases, answers, bookings...) go into :func:`learn`,
which returns the contact with learned facts (interests that decay with each kind's
half-life, purchase and return counts, stated answers, trips) and an explanation of
each change (:class:`Learned`).  :class:`LearningRules` holds the weights, half-lives,
window and thresholds as data; :class:`ProxyTaxonomy` the cited categories whose
behaviour reveals a special category (maternity, pharmacy, religious goods...), learned
as inferred sensitive facts that the policy refuses to use or target.

.. versionadded:: 0.4.0
"""

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
    "Learned",
    "LearningRules",
    "ProxyCategory",
    "ProxyTaxonomy",
    "Signal",
    "SignalKind",
    "SkipReason",
    "Skipped",
    "category_key",
    "default_learning",
    "interest_strength",
    "learn",
    "sensitive_category",
]
