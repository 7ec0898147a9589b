"""
The :func:`learn` verb: signals become facts with provenance, recency and sensitivity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._facts import value_digest
from .._time import aware, stamp, stamps
from ..exceptions import InvalidFieldError
from ._fold import SEPARATOR
from ._learned import Learned, Skipped, SkipReason
from ._learner import Learner
from ._rules import LearningRules, default_learning
from ._signal import Signal

if TYPE_CHECKING:
    from .._contacts import Contact
    from ._fold import Item

__all__ = ["dedupe_key", "learn"]

_ORDER = operator.itemgetter(0, 1)
#: An empty 8-byte BLAKE2b, copied for each digest (cheaper than a new one).
_BLAKE8 = hashlib.blake2b(digest_size=8)


def dedupe_key(signal: Signal, seconds: float) -> str:
    """
    The key a signal is counted once by: its id, else a digest of all its fields.
    """
    ident = signal.id
    if ident is not None:
        if SEPARATOR not in ident:
            return "id:" + ident
        return "idh:" + hashlib.blake2b(ident.encode(), digest_size=8).hexdigest()
    value = signal.value
    text = (
        f"{signal.kind._value_}\x1e{seconds!r}\x1e{signal.subject or ''}\x1e"
        f"{signal.category or ''}\x1e{'' if value is None else value_digest(value)}\x1e"
        f"{signal.source or ''}"
    )
    hasher = _BLAKE8.copy()
    hasher.update(text.encode())
    return "sig:" + hasher.hexdigest()


def _admit(
    contact_id: str, signals: Iterable[Signal], now: float, horizon: float
) -> tuple[list[Item], list[tuple[float, str, Skipped]]]:
    """The signals to learn from, sorted and unique, and those left out."""
    given = list(signals)
    if [s for s in given if type(s) is not Signal or s.contact_id != contact_id]:
        _refuse(given, contact_id)
    items: list[Item] = []
    skipped: list[tuple[float, str, Skipped]] = []
    add, key_of = items.append, dedupe_key
    for t, signal in zip(stamps([s.at for s in given]), given, strict=True):
        if horizon <= t <= now:
            ident = signal.id
            if ident is not None and SEPARATOR not in ident:
                add((t, "id:" + ident, signal))
            else:
                add((t, key_of(signal, t), signal))
        else:
            reason = SkipReason.AFTER_AT if t > now else SkipReason.OUTSIDE_WINDOW
            skipped.append(
                (t, signal.id or "", Skipped(kind=signal.kind, reason=reason, id=signal.id))
            )
    items.sort(key=_ORDER)
    if len({i[1] for i in items}) == len(items):
        return items, skipped
    unique: list[Item] = []
    keys: set[str] = set()
    for item in items:
        if item[1] in keys:
            skipped.append((item[0], item[1], _skip(item, SkipReason.DUPLICATE)))
        else:
            keys.add(item[1])
            unique.append(item)
    return unique, skipped


def _refuse(given: list[Signal], contact_id: str) -> None:
    """Raise for the first value that is not a signal of *contact_id* (if any)."""
    for signal in given:
        if type(signal) is not Signal and not isinstance(signal, Signal):
            raise InvalidFieldError("signals", "expected Signal values")
        if signal.contact_id != contact_id:
            raise InvalidFieldError("contact_id", "a signal belongs to another contact")


def _skip(item: Item, reason: SkipReason) -> Skipped:
    return Skipped(kind=item[2].kind, reason=reason, id=item[2].id)


def learn(
    contact: Contact,
    signals: Iterable[Signal],
    *,
    at: dt.datetime,
    rules: LearningRules | None = None,
) -> Learned:
    """
    Learn from what *contact* did and told us, as of instant *at*.

    Behaviour with a category (views, searches, carts, purchases, returns, clicks...)
    becomes an ``interests.<category>`` fact, OBSERVED, whose strength decays with each
    kind's half-life (see :class:`~personal_touch.listening.LearningRules` and
    :func:`~personal_touch.listening.interest_strength`); purchases and returns are also
    counted in ``purchases.<category>`` and ``returns.<category>``.  Answers and stated
    preferences become STATED facts (the answer's key is the signal's ``subject``).  A
    booked trip becomes ``travel.trips.<id>``, valid until the end of its return day in
    the contact's zone, which moment detection turns into a trip moment.

    Behaviour in a sensitive proxy category (the rules' taxonomy: maternity, pharmacy,
    religious goods...) is learned with that special category and as INFERRED, so the
    policy refuses to use or target it.  A learned fact never replaces a STATED fact for
    the same key.

    Learning is deterministic and idempotent: each signal counts once (by its ``id``, or
    by all its fields without one), facts remember which signals they counted within the
    rules' window, and the order of the signals does not matter.  Signals after *at* are
    not learned yet (skipped, not an error: a stream may run ahead of the clock you pass),
    and neither are signals older than the window.  Behaviour too weak to make a fact is
    not remembered: sent again later, it is judged again against the window then.  Facts
    the application recorded itself at the same keys are never updated or removed.

    Raises:
        NaiveDateTimeError: *at* has no time zone.
        InvalidFieldError: A signal belongs to another contact (field ``contact_id``).

    .. versionadded:: 0.4.0
    """
    when = aware(at, "at")
    chosen = default_learning() if rules is None else rules
    now = stamp(when)
    horizon = now - chosen.window_days * 86400.0
    items, skipped = _admit(contact.id, signals, now, horizon)
    learner = Learner(contact, chosen, when, horizon)
    for item, reason in learner.route(items):
        skipped.append((item[0], item[1], _skip(item, reason)))
    learner.run()
    for item, reason in learner.skips:
        skipped.append((item[0], item[1], _skip(item, reason)))
    skipped.sort(key=lambda s: (s[0], s[1]))
    return Learned(
        contact=learner.contact(),
        changes=learner.changes(),
        skipped=tuple(s for _, _, s in skipped),
    )
