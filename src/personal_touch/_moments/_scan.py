"""
The public detection verbs.

:func:`detect_moments` reads one contact, :func:`scan_moments` a stream of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from .._time import MAX_INSTANT, in_range
from ..exceptions import InvalidFactError, InvalidFieldError
from ._detect import Detector
from ._model import DataProblem, Event, Moment, MomentKind
from ._options import DEFAULT_OPTIONS, MomentOptions

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact


def _horizon(at: dt.datetime, within: dt.timedelta) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    start = in_range(at, "at")
    if not isinstance(within, dt.timedelta) or within <= dt.timedelta(0):
        raise InvalidFieldError("within", "must be a positive duration")
    if within > MAX_INSTANT - start:
        raise InvalidFieldError("within", "reaches past the supported range (9999-12-30 UTC)")
    return start, start + within


@attrs.frozen(kw_only=True)
class ScanSummary:
    """
    What a scan saw: how many contacts, how many moments of each kind, and every problem.

    Args:
        contacts: Contacts scanned.
        moments: Moments found.
        by_kind: Moments per kind, as ``(kind, count)`` pairs in kind order.
        problems: Facts that did not fit their kind (contact id, key, what is wrong), the
            first ``max_problems`` of them.
        problem_count: How many problems there were in all (more than ``problems`` holds
            when the scan kept only the first ones).

    .. versionadded:: 0.1.0
    """

    contacts: int
    moments: int
    by_kind: tuple[tuple[MomentKind, int], ...] = ()
    problems: tuple[DataProblem, ...] = ()
    problem_count: int = 0

    def describe(self) -> str:
        """
        A readable report, free of fact values.
        """
        kinds = ", ".join(f"{n} {k.value.replace('_', ' ')}" for k, n in self.by_kind)
        lines = [
            f"Scanned {self.contacts} contact(s): {self.moments} moment(s)"
            + (f" ({kinds})" if kinds else "")
            + "."
        ]
        if self.problem_count:
            lines.append(f"{self.problem_count} fact(s) did not fit their kind:")
            lines.extend(f"  - {p}" for p in self.problems)
            if self.problem_count > len(self.problems):
                lines.append(f"  ... and {self.problem_count - len(self.problems)} more")
        else:
            lines.append("No data problems.")
        return "\n".join(lines)


class MomentScan(Iterator[Moment]):
    """
    An iterator over the moments of a stream of contacts, reporting bad data as it goes.

    Contacts are read one at a time and nothing is kept per contact, so memory stays
    constant however many contacts stream through.  A fact whose value does not fit its
    kind never stops the scan: it is recorded in :attr:`problems` (contact id, key and what
    is wrong, never the value).  Read :attr:`summary` after iterating.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, contacts: Iterable[Contact], detector: Detector, *, max_problems: int
    ) -> None:
        self._contacts = iter(contacts)
        self._detector = detector
        self._max_problems = max_problems
        self._problem_count = 0
        self._problems: list[DataProblem] = []
        self._counts: Counter[MomentKind] = Counter()
        self._scanned = 0
        self._it = self._run()

    def __iter__(self) -> MomentScan:
        return self

    def __next__(self) -> Moment:
        return next(self._it)

    def _run(self) -> Iterator[Moment]:
        detector = self._detector
        problems: list[DataProblem] = []
        kept = self._problems
        limit = self._max_problems
        counts = self._counts
        try:
            for found in detector.run(self._contacts, problems):
                if problems:
                    self._problem_count += len(problems)
                    kept.extend(problems[: max(0, limit - len(kept))])
                    problems.clear()
                if found:
                    self._scanned = detector.scanned  # up to date when the caller sees a moment
                    for m in found:
                        counts[m.kind] += 1
                    yield from found
        finally:
            self._scanned = detector.scanned

    @property
    def contacts_scanned(self) -> int:
        """
        How many contacts have been scanned so far (up to the last moment yielded).
        """
        return self._scanned

    @property
    def problems(self) -> tuple[DataProblem, ...]:
        """
        The data problems found so far (the first ``max_problems``; all are counted).
        """
        return tuple(self._problems)

    @property
    def summary(self) -> ScanSummary:
        """
        The summary so far (complete once the iterator is exhausted).
        """
        return ScanSummary(
            contacts=self._scanned,
            moments=sum(self._counts.values()),
            by_kind=tuple((k, self._counts[k]) for k in MomentKind if self._counts[k]),
            problems=tuple(self._problems),
            problem_count=self._problem_count,
        )


def scan_moments(
    contacts: Iterable[Contact],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
    max_problems: int = 1000,
) -> MomentScan:
    """
    Stream the moments of *contacts* whose gesture window overlaps ``[at, at + within)``.

    Moments come contact by contact, in input order, each contact's sorted by window start
    then id.  The set of moments does not depend on the order of *contacts*.  Each time
    zone's local calendar is computed once per scan, so the per-contact work is plain
    dictionary look-ups.

    Args:
        contacts: Any iterable of contacts, read lazily (a generator over a file works).
        at: The instant to scan from (aware).
        within: How far ahead to look (a positive duration, e.g. ``pendulum.duration(days=14)``).
        events: External events (sports results, local news, weather alerts) to match.
        options: Detection knobs; see :class:`MomentOptions`.
        max_problems: How many data problems to keep for the summary (all are counted), so
            that memory stays constant even when every contact has bad data.

    Returns:
        A :class:`MomentScan`: iterate it for moments, then read its ``summary``.

    Raises:
        InvalidFieldError: *at* lies outside 0001-01-02 to 9999-12-30 UTC, or *within*
            reaches past its end.

    >>> import pendulum, personal_touch as pt
    >>> at = pendulum.datetime(2026, 11, 30, 9)
    >>> c = pt.Contact(
    ...     id="c-1", created_at=at, timezone="Pacific/Honolulu", birth_date="1990-11-30"
    ... )
    >>> scan = pt.scan_moments([c], at=at, within=pendulum.duration(days=7))
    >>> [(m.kind.value, m.occurs_on.isoformat(), m.window.start.hour) for m in scan]
    [('birthday', '2026-11-30', 8)]
    >>> scan.summary.problems
    ()

    .. versionadded:: 0.1.0
    """
    start, end = _horizon(at, within)
    detector = Detector(at=start, end=end, options=options or DEFAULT_OPTIONS, events=events)
    return MomentScan(contacts, detector, max_problems=max_problems)


def detect_moments(
    contact: Contact,
    *,
    at: dt.datetime,
    within: dt.timedelta,
    events: Iterable[Event] = (),
    options: MomentOptions | None = None,
    problems: list[DataProblem] | None = None,
) -> tuple[Moment, ...]:
    """
    The moments of one contact whose gesture window overlaps ``[at, at + within)``.

    See :func:`scan_moments` for the arguments and the fact key conventions in the tutorial.

    Args:
        contact: The contact.
        at: The instant to look from (aware).
        within: How far ahead to look.
        events: External events to match.
        options: Detection knobs.
        problems: A list to append data problems to.  Without it, a fact whose value does
            not fit its kind raises instead of being skipped silently.

    Raises:
        InvalidFactError: A fact does not fit its kind and *problems* was not given.
        InvalidFieldError: *at* or *within* is out of range (see :func:`scan_moments`).

    .. versionadded:: 0.1.0
    """
    start, end = _horizon(at, within)
    detector = Detector(at=start, end=end, options=options or DEFAULT_OPTIONS, events=events)
    found: list[DataProblem] = []
    moments = detector.detect(contact, found)
    if found:
        if problems is None:
            first = found[0]
            raise InvalidFactError(first.contact_id, first.key, first.problem)
        problems.extend(found)
    return tuple(moments)
