"""
Signals: what people do and tell us, and what we learn from it (see :mod:`personal_touch.listening`).
"""

from ._categories import category_key
from ._signal import Signal, SignalKind

__all__ = ["Signal", "SignalKind", "category_key"]
