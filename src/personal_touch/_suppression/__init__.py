"""
Suppression lists: who must not be sent to, kept apart from (and outliving) the history.
"""

from __future__ import annotations

from ._entry import Suppression, SuppressionReason
from ._list import SuppressionList

__all__ = ["Suppression", "SuppressionList", "SuppressionReason"]
