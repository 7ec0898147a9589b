"""
A contact's history for the rules: indexed once, or summarised as interactions arrive.

:class:`HistoryIndex` is a history sorted once with its instants in epoch seconds and the
queries rules ask of it (kinds held, the latest event of kinds on channels, counts and
interactions in a window); :class:`HistorySummary` is what an application keeps up to date
so that a long history costs nothing per decision.
"""

from ._index import HistoryIndex, epoch_seconds, index_history
from ._summary import DEFAULT_HORIZON_DAYS, HistorySummary

__all__ = [
    "DEFAULT_HORIZON_DAYS",
    "HistoryIndex",
    "HistorySummary",
    "epoch_seconds",
    "index_history",
]
