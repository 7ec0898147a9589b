"""
The team: the people who write 1:1 notes, and how much each of them can write.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import attrs

from ..exceptions import InvalidFieldError


def _capacity(_i: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InvalidFieldError(attribute.name, "must be a non-negative integer or None")


@attrs.frozen(kw_only=True)
class Writer:
    """
    A person who writes 1:1 notes, and how many they can write.

    Args:
        id: Your id for them.
        name: How the agenda calls them (``"Ana"``).
        per_day: Notes per day at most (``None``: no daily limit).
        per_week: Notes per ISO week at most (``None``: no weekly limit).

    .. versionadded:: 0.1.0
    """

    id: str
    name: str
    per_day: int | None = attrs.field(default=None, validator=_capacity)
    per_week: int | None = attrs.field(default=None, validator=_capacity)


class Capacity:
    """
    What each writer of a team has left, per UTC day and ISO week, during one planning run.
    """

    def __init__(self, team: Sequence[Writer]) -> None:
        self.team = tuple(team)
        self.day: Counter[tuple[str, dt.date]] = Counter()
        self.week: Counter[tuple[str, int, int]] = Counter()
        self.total: Counter[str] = Counter()

    def any_left(self) -> bool:
        """
        Whether any writer can write at all (neither limit is zero).
        """
        return any(w.per_week != 0 and w.per_day != 0 for w in self.team)

    def pick(self, when: dt.datetime) -> Writer | None:
        """
        The writer with the fewest tasks so far who has room on *when*'s day and week.
        """
        day = when.astimezone(dt.UTC).date()
        iso = day.isocalendar()
        best: Writer | None = None
        for w in self.team:
            if w.per_day is not None and self.day[w.id, day] >= w.per_day:
                continue
            if w.per_week is not None and self.week[w.id, iso.year, iso.week] >= w.per_week:
                continue
            if best is None or self.total[w.id] < self.total[best.id]:
                best = w
        return best

    def take(self, w: Writer, when: dt.datetime) -> None:
        """
        Count one task for *w* on *when*'s day and week.
        """
        day = when.astimezone(dt.UTC).date()
        iso = day.isocalendar()
        self.day[w.id, day] += 1
        self.week[w.id, iso.year, iso.week] += 1
        self.total[w.id] += 1
