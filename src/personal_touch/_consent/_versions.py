"""
Versions of a grant: their canonical order, and the one state they merge into.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ..exceptions import ConsentStateError, InvalidFieldError
from ._grant import ConsentGrant
from ._instants import micros

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["canonical", "merge", "ordered_versions", "stable_key", "version_key"]

_VersionKey = tuple[float, float, bool, bool, float, str]


def version_key(grant: ConsentGrant) -> _VersionKey:
    """
    Where a version of a grant stands among the others: by its own event times.

    Its latest event (given, confirmed or withdrawn), then when it was given; at the same
    instant a withdrawn version comes after one that is not (withdrawal wins a tie), then
    a confirmed one, then the later expiry, then the id.  Versions with equal keys are
    put in the order they were recorded in (:attr:`~ConsentGrant.known_since`), then by a
    stable key of their contents (see :func:`ordered_versions`), so the order never
    depends on the order versions were loaded in, nor on the process.

    .. versionadded:: 0.1.0
    """
    given = grant.granted_at.timestamp()
    confirmed = grant.confirmed_at
    withdrawn = grant.withdrawn_at
    last = given
    if confirmed is not None:
        last = max(last, confirmed.timestamp())
    if withdrawn is not None:
        last = max(last, withdrawn.timestamp())
    return (
        last,
        given,
        withdrawn is not None,
        confirmed is not None,
        math.inf if grant.expires_at is None else grant.expires_at.timestamp(),
        grant.id,
    )


def _first(pair: tuple[tuple[_VersionKey, int], ConsentGrant]) -> tuple[_VersionKey, int]:
    return pair[0]


def stable_key(grant: ConsentGrant) -> str:
    """
    A text of everything a version holds that is the same in every process and run.

    Sets are sorted and instants written as microseconds since the epoch, so unlike a
    ``repr`` (whose sets follow ``PYTHONHASHSEED``) it orders versions the same way
    wherever they are loaded: in memory, from JSON or from a store.

    .. versionadded:: 0.2.0
    """
    scope = grant.scope
    evidence = grant.evidence
    fields = (
        grant.id,
        grant.contact_id,
        grant.purpose,
        sorted(c.value for c in grant.channels),
        grant.basis.value,
        [_micros_or_none(t) for t in (grant.granted_at, grant.expires_at, grant.withdrawn_at)],
        [grant.requires_confirmation, _micros_or_none(grant.confirmed_at)],
        None
        if scope is None
        else [
            sorted(scope.fact_keys),
            sorted(s.value for s in scope.sensitivities),
            sorted(scope.product_categories),
        ],
        None if evidence is None else evidence.stable_fields(),
        # Whether recorded_at was given or defaulted changes nothing but this flag, so a
        # store that writes the default down keeps the order.
        [micros(grant.known_since), grant.recorded_at is None],
        # Last, the zones the instants were written in: two versions of the same instants
        # written in different zones are different values (an ambiguous local hour is
        # never equal to another zone's instant), and must still have one order.
        [
            _zone(t)
            for t in (grant.granted_at, grant.expires_at, grant.withdrawn_at, grant.confirmed_at)
        ],
    )
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _zone(value: dt.datetime | None) -> list[object] | None:
    """The zone an instant was written in: its name (or offset) and its fold."""
    if value is None:
        return None
    tz = value.tzinfo
    name = getattr(tz, "name", None) or getattr(tz, "key", None) or str(value.utcoffset())
    return [str(name), value.fold]


def _micros_or_none(value: dt.datetime | None) -> int | None:
    """:func:`~._instants.micros` of *value*, or ``None``."""
    return None if value is None else micros(value)


def ordered_versions(grants: Iterable[ConsentGrant]) -> list[ConsentGrant]:
    """
    *grants* without duplicates, in :func:`version_key` order.

    Versions with equal keys come in the order they were recorded in
    (:attr:`~ConsentGrant.known_since`), then by :func:`stable_key`.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Ties are broken by when each version was recorded, then by a key that does not
       depend on ``PYTHONHASHSEED`` (it was the ``repr``).
    """
    keyed = sorted((((version_key(g), micros(g.known_since)), g) for g in set(grants)), key=_first)
    out: list[ConsentGrant] = []
    for _, group in itertools.groupby(keyed, key=_first):
        same = [g for _, g in group]
        if len(same) > 1:
            same.sort(key=stable_key)
        out.extend(same)
    return out


def canonical(values: Iterable[ConsentGrant]) -> tuple[ConsentGrant, ...]:
    """
    *values* by grant id, each grant's versions oldest first, without duplicates.

    Raises:
        InvalidFieldError: An item is not a :class:`ConsentGrant`.
    """
    found = tuple(values)
    if not all(isinstance(g, ConsentGrant) for g in found):
        raise InvalidFieldError("entries", "expected ConsentGrant values")
    if len(found) <= 1:
        return found
    # By grant id, then each grant's versions oldest first: only grants with several
    # versions need their event times compared.
    versions: dict[str, list[ConsentGrant]] = {}
    for g in found:
        versions.setdefault(g.id, []).append(g)
    out: list[ConsentGrant] = []
    for gid in sorted(versions):
        same = versions[gid]
        out.extend(same if len(same) == 1 else ordered_versions(same))
    return tuple(out)


def _same(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    """
    Whether *a* and *b* are the same instant (or both ``None``), whatever their zones.
    """
    if a is None or b is None:
        return a is b
    return micros(a) == micros(b)


def _terms(g: ConsentGrant) -> tuple[object, ...]:
    return (g.purpose, g.channels, g.basis, g.scope)


def merge(ordered: list[ConsentGrant]) -> ConsentGrant:
    """
    The state of one grant from its versions, without duplicates, in version order.

    The newest express grant (the latest ``granted_at``) defines what the grant covers;
    a withdrawal recorded on any version holds unless that newest grant was given after
    it on a consent basis (re-recording an old version never resurrects a grant; at the
    same instant the withdrawal wins).  Confirmations count from versions of the newest
    grant (the latest one, failing closed); a renewal's later expiry counts.  Among
    versions of the same events, the one recorded last gives the evidence (a correction).
    The state keeps the ``recorded_at`` of the version it is built from.

    Raises:
        ConsentStateError: Versions given at the same instant disagree on purpose,
            channels, basis or scope.
    """
    if len(ordered) == 1:
        return ordered[0]
    newest = max((g.granted_at for g in ordered), key=micros)
    at_newest = micros(newest)
    episode = [g for g in ordered if micros(g.granted_at) == at_newest]
    base = episode[-1]
    if any(_terms(g) != _terms(base) for g in episode):
        raise ConsentStateError(
            base.id, "versions given at the same instant disagree on what the grant covers"
        )
    lifts = base.basis.is_consent
    ends = [
        g.withdrawn_at
        for g in ordered
        if g.withdrawn_at is not None and (micros(g.withdrawn_at) >= at_newest or not lifts)
    ]
    withdrawn = max(min(ends, key=micros), newest, key=micros) if ends else None
    confirmed = max(
        (g.confirmed_at for g in episode if g.confirmed_at is not None), key=micros, default=None
    )
    expiries = [g.expires_at for g in episode]
    expires = None if None in expiries else max(filter(None, expiries), key=micros)
    requires = any(g.requires_confirmation for g in episode)
    state = (withdrawn, confirmed, expires)
    for g in reversed(episode):
        now = (g.withdrawn_at, g.confirmed_at, g.expires_at)
        if (
            all(map(_same, now, state))
            and g.requires_confirmation == requires
            and g.evidence == base.evidence
        ):
            return g
    return attrs.evolve(
        base,
        withdrawn_at=withdrawn,
        confirmed_at=confirmed,
        expires_at=expires,
        requires_confirmation=requires,
    )
