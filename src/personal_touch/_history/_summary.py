"""
A contact's history summarised incrementally: what the rules read, kept up to date on write.

A :class:`HistorySummary` keeps every interaction within a horizon of the latest one and,
before that, only the latest interaction of each kind, channel and purpose: exactly what the
rules read (windows of recent days, the latest event of a kind).  Adding an interaction costs
what the horizon holds, never the length of the whole history, so an application (or a
store) keeps one per contact and decides from it.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import attrs

from .._interactions import Interaction
from .._validators import integer, text
from ..exceptions import InvalidFieldError
from ._index import HistoryIndex, epoch_seconds, index_history

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["DEFAULT_HORIZON_DAYS", "HistorySummary"]

#: The default horizon: every rule of the default policy reads at most about a month back
#: in windows (calendar months of frequency caps, legal call periods); the latest event of
#: a kind (an unsubscribe, an inquiry, a complaint) is kept whatever its age.
DEFAULT_HORIZON_DAYS = 90
_DAY = 86_400.0
_MASK = (1 << 128) - 1
_EMPTY = "0-" + "0" * 32
_DIGEST = re.compile(r"[0-9]+-[0-9a-f]{32}")


def _interactions(values: Iterable[Interaction]) -> tuple[Interaction, ...]:
    out = tuple(values) if isinstance(values, (tuple, list)) else None
    if out is None or not all(isinstance(h, Interaction) for h in out):
        raise InvalidFieldError("kept", "expected a list of interactions")
    return out


def _digest_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and _DIGEST.fullmatch(value)):
        raise InvalidFieldError("digest", "must be a count and 32 hex digits, as '3-00ff...'")


@attrs.frozen(kw_only=True)
class HistorySummary:
    """
    What the rules read of one contact's history, maintained as interactions arrive.

    Build it once with :meth:`from_interactions`, then :meth:`add` each new interaction
    (each returns a new summary; the cost of an addition depends on the horizon, not on how
    long the history is).  Pass it to :func:`~personal_touch.decide` or
    :func:`~personal_touch.prepare` as ``history=``: decisions (verdict, level, reasons,
    facts) are those of the whole history; their ids differ (a summary is digested by
    :attr:`digest`, a whole history by its interactions).

    A rule that reads a window starting more than *horizon_days* before the latest
    interaction (or an instant before it) makes deciding raise
    :class:`~personal_touch.exceptions.HistoryHorizonError` rather than answer from part
    of the history.

    Args:
        contact_id: Whose history it summarises.
        horizon_days: How many days before the latest interaction every interaction is
            kept (default 90).
        kept: The interactions kept, oldest first.
        count: How many interactions it summarises.
        digest: The audit digest of every interaction it summarises (their number and the
            sum of their BLAKE2b digests, so the order they arrived in does not matter).

    .. versionadded:: 0.2.0
    """

    contact_id: str = attrs.field(validator=text("contact_id"))
    horizon_days: int = attrs.field(
        default=DEFAULT_HORIZON_DAYS, validator=integer("horizon_days", low=1)
    )
    kept: tuple[Interaction, ...] = attrs.field(default=(), converter=_interactions)
    count: int = attrs.field(default=0, validator=integer("count", low=0))
    digest: str = attrs.field(default=_EMPTY, validator=_digest_text)
    _index: HistoryIndex = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        own = index_history(self.kept, self.contact_id)
        if len(own) != len(self.kept):
            raise InvalidFieldError("kept", "holds interactions of another contact")
        object.__setattr__(self, "kept", tuple(own))
        object.__setattr__(self, "_index", self._indexed(own, own.stamps))

    @classmethod
    def from_interactions(
        cls,
        contact_id: str,
        interactions: Iterable[Interaction],
        *,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
    ) -> HistorySummary:
        """
        The summary of *interactions* (other contacts' are left out, as ``decide`` does).
        """
        empty = cls(contact_id=contact_id, horizon_days=horizon_days)
        own = index_history(interactions, empty.contact_id)
        kept, stamps = _compact(tuple(own), own.stamps, horizon_days * _DAY)
        return empty._with(
            kept, stamps, len(own), _digest_of(zip(own, own.stamps, strict=True), 0, 0)
        )

    def add(self, interaction: Interaction) -> HistorySummary:
        """
        The summary with *interaction* added.

        Raises:
            InvalidFieldError: *interaction* belongs to another contact.
        """
        if interaction.contact_id != self.contact_id:
            raise InvalidFieldError("contact_id", "the interaction belongs to another contact")
        (t,) = epoch_seconds([interaction.at])
        stamps = self._index.stamps
        i = bisect_right(stamps, t)  # after those at the same instant: added later, later
        kept = (*self.kept[:i], interaction, *self.kept[i:])
        kept, stamps = _compact(kept, (*stamps[:i], t, *stamps[i:]), self.horizon_days * _DAY)
        count, total = _parse_digest(self.digest)
        return self._with(kept, stamps, count + 1, _digest_of(((interaction, t),), count, total))

    def extend(self, interactions: Iterable[Interaction]) -> HistorySummary:
        """The summary with each of *interactions* added in turn (see :meth:`add`)."""
        out = self
        for h in interactions:
            out = out.add(h)
        return out

    @property
    def index(self) -> HistoryIndex:
        """The kept interactions indexed for the rules (built with the summary)."""
        return self._index

    @property
    def kept_from(self) -> float:
        """
        The epoch seconds from which every interaction is kept (``-inf`` when empty).
        """
        return self._index.kept_from

    def _indexed(self, kept: tuple[Interaction, ...], stamps: tuple[float, ...]) -> HistoryIndex:
        start = stamps[-1] - self.horizon_days * _DAY if stamps else -math.inf
        return HistoryIndex(kept, stamps=stamps, kept_from=start, summary_digest=self.digest)

    def _with(
        self, kept: tuple[Interaction, ...], stamps: tuple[float, ...], count: int, digest: str
    ) -> HistorySummary:
        # Every value is already checked and sorted: set the slots instead of re-indexing.
        new: HistorySummary = object.__new__(HistorySummary)
        object.__setattr__(new, "contact_id", self.contact_id)
        object.__setattr__(new, "horizon_days", self.horizon_days)
        object.__setattr__(new, "kept", kept)
        object.__setattr__(new, "count", count)
        object.__setattr__(new, "digest", digest)
        object.__setattr__(new, "_index", new._indexed(kept, stamps))
        return new


def _compact(
    kept: tuple[Interaction, ...], stamps: tuple[float, ...], horizon: float
) -> tuple[tuple[Interaction, ...], tuple[float, ...]]:
    """
    *kept* (oldest first) with only the latest of each kind, channel, purpose, scope before it.

    An older opt-out of another subscription still bars its own.  Of two interactions at the same instant, the later in *kept* is the latest.
    """
    if not stamps:
        return kept, stamps
    cut = bisect_left(stamps, stamps[-1] - horizon)
    latest: dict[object, int] = {}
    for i in range(cut):
        h = kept[i]
        latest[h.kind, h.channel, h.purpose, h.subscription, h.opt_out_purposes] = i
    if len(latest) == cut:
        return kept, stamps
    chosen = sorted(latest.values())
    return (
        (*map(kept.__getitem__, chosen), *kept[cut:]),
        (*map(stamps.__getitem__, chosen), *stamps[cut:]),
    )


def _canon(h: Interaction, t: float) -> bytes:
    """The canonical text of an interaction (what the digest sums)."""
    return "|".join(
        (
            h.kind.value,
            repr(t),
            "" if h.channel is None else h.channel.value,
            "" if h.purpose is None else h.purpose.value,
            "" if h.level is None else h.level.value,
            "" if h.authorship is None else h.authorship.value,
            ",".join(sorted(h.facts_used)),
            h.topic or "",
            h.message_id or "",
            h.moment_id or "",
            # The scope only when set, so histories without one keep their digests.
            *(
                (h.subscription or "", ",".join(sorted(p.value for p in h.opt_out_purposes)))
                if h.is_scoped
                else ()
            ),
        )
    ).encode()


def _digest_of(interactions: Iterable[tuple[Interaction, float]], count: int, total: int) -> str:
    """The digest *count*-*total* with *interactions* (and their epoch seconds) added."""
    for h, t in interactions:
        part = hashlib.blake2b(_canon(h, t), digest_size=16).digest()
        total = (total + int.from_bytes(part)) & _MASK
        count += 1
    return f"{count}-{total:032x}"


def _parse_digest(digest: str) -> tuple[int, int]:
    count, _, total = digest.partition("-")
    return int(count), int(total, 16)
