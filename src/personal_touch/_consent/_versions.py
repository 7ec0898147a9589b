"""
Versions of a grant: their canonical order, and the one state they merge into.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ..exceptions import ConsentStateError, InvalidFieldError
from ._grant import ConsentGrant
from ._instants import micros

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["canonical", "merge", "ordered_versions", "version_key"]

_VersionKey = tuple[float, float, bool, bool, float, str]


def version_key(grant: ConsentGrant) -> _VersionKey:
    """
    Where a version of a grant stands among the others: by its own event times.

    Its latest event (given, confirmed or withdrawn), then when it was given; at the same
    instant a withdrawn version comes after one that is not (withdrawal wins a tie), then
    a confirmed one, then the later expiry, then the id.  Versions with equal keys are
    put in the order of their ``repr`` (see :func:`ordered_versions`), so the order never
    depends on the order versions were recorded or loaded in.

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


def _first(pair: tuple[_VersionKey, ConsentGrant]) -> _VersionKey:
    return pair[0]


def ordered_versions(grants: Iterable[ConsentGrant]) -> list[ConsentGrant]:
    """
    *grants* without duplicates, in :func:`version_key` order (ties by ``repr``).

    .. versionadded:: 0.1.0
    """
    keyed = sorted(((version_key(g), g) for g in set(grants)), key=_first)
    out: list[ConsentGrant] = []
    for _, group in itertools.groupby(keyed, key=_first):
        same = [g for _, g in group]
        if len(same) > 1:
            same.sort(key=repr)
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
    grant (the latest one, failing closed); a renewal's later expiry counts.

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
