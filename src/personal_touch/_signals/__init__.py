"""
Signals: what people do and tell us, and what we learn from it (see :mod:`personal_touch.listening`).
"""

from ._categories import category_key
from ._learn import learn
from ._learned import Change, ChangeKind, Learned, Skipped, SkipReason
from ._rules import LearningRules, default_learning
from ._signal import Signal, SignalKind
from ._strength import interest_strength
from ._taxonomy import Citation, ProxyCategory, ProxyTaxonomy, sensitive_category

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
