"""
What a purge removed and why: the :class:`PurgeReport` and its per-rule :class:`Removal` lines.
"""

from __future__ import annotations

import attrs
import pendulum

from .._time import check_aware, to_datetime
from .._validators import integer, text, tuple_of
from ._retention import Record

__all__ = ["PurgeReport", "Removal"]


def _ids(values: object) -> tuple[str, ...]:
    return tuple(sorted(set(tuple_of(str, values, "contact_ids"))))


@attrs.frozen(kw_only=True)
class Removal:
    """
    What one retention rule removed: how many records, whose (contact ids only), and why.

    Attributes:
        rule: The id of the retention rule.
        record: The kind of record removed.
        count: How many rows went (for consent, events: a grant's proof is one or more).
        contact_ids: The contacts they belonged to, sorted; ids only, never values.
        keep: The rule's period, in words (``"13 months"``).
        citation: Where the period comes from.

    .. versionadded:: 0.3.0
    """

    rule: str = attrs.field(validator=text("rule"))
    record: Record = attrs.field(converter=Record)
    count: int = attrs.field(validator=integer("count", low=1))
    contact_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    keep: str = ""
    citation: str = ""


def _removals(values: object) -> tuple[Removal, ...]:
    return tuple_of(Removal, values, "removals")


@attrs.frozen(kw_only=True)
class PurgeReport:
    """
    What :meth:`SQLiteStore.purge <personal_touch.store.SQLiteStore.purge>` removed at *at*.

    Attributes:
        at: The instant periods were counted back from.
        removals: A line per rule that removed something, in the policy's order.
        dry_run: Whether nothing was removed (the report says what would have been).
        purge_seq: The purge log record written (``None`` when nothing was removed, or on a
            dry run).

    .. versionadded:: 0.3.0
    """

    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    removals: tuple[Removal, ...] = attrs.field(default=(), converter=_removals)
    dry_run: bool = False
    purge_seq: int | None = None

    @property
    def total(self) -> int:
        """
        How many rows went, over every rule.
        """
        return sum(r.count for r in self.removals)

    def count(self, record: Record | str) -> int:
        """
        How many rows of one kind of record went.
        """
        kind = Record(record)
        return sum(r.count for r in self.removals if r.record is kind)

    def summary(self) -> dict[str, object]:
        """
        The report as plain data for the purge log and the command line (no contact ids).
        """
        return {
            "at": self.at.in_timezone("UTC").isoformat(),
            "dry_run": self.dry_run,
            "removed": [
                {"rule": r.rule, "record": r.record.value, "count": r.count, "keep": r.keep}
                for r in self.removals
            ],
            "total": self.total,
        }
