"""
The consent ledger: one contact's grant versions, and the answers to "was it granted then?".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self

import attrs

from .._time import aware
from ..exceptions import ConsentStateError, InvalidFieldError
from ._grant import ConsentGrant
from ._index import GrantIndex
from ._instants import exact, micros
from ._purpose import Purpose
from ._versions import canonical, merge

if TYPE_CHECKING:
    import pendulum

    from .._channels import Channel
    from ._scope import GrantStatus

__all__ = ["ConsentLedger"]


@attrs.frozen
class ConsentLedger:
    """
    The append-only history of one contact's grants, withdrawals and confirmations.

    Each change appends a new version of a grant.  Versions are ordered by their own event
    times, never by the order they were loaded in: a withdrawal holds until a newer express
    grant, and recording an old version again does not bring a withdrawn grant back.

    The ledger is bitemporal.  Every version says when its events happened (valid time)
    and when our records learnt of it (transaction time, :attr:`ConsentGrant.recorded_at`,
    by default when its latest event happened).  :meth:`is_granted` answers about the
    world from everything recorded; :meth:`as_of` is the ledger as our records stood at an
    instant, so "what did we know then?" has an answer.  Corrections append: nothing
    recorded is ever rewritten.  Withdrawal and expiry are not retroactive, so the current state of each
    grant answers questions about any instant.  Unknown means not granted (fail closed); a
    purpose or channel outside the vocabulary is an error.  :attr:`entries` holds the
    versions in a canonical order: by grant id, each grant's versions oldest first.

    Making a ledger groups its current grants by purpose (a dictionary append per grant),
    kept by the ledger (a ledger never changes), so a question takes a look-up and a scan
    of the few grants that may cover it, and a question asked again of a long history
    a bisection.

    >>> import pendulum
    >>> from personal_touch import Channel
    >>> ledger = ConsentLedger("c-1")
    >>> ledger.is_granted("marketing", Channel.EMAIL, at=pendulum.datetime(2026, 1, 1))
    False

    .. versionadded:: 0.1.0
    """

    contact_id: str = attrs.field()
    entries: tuple[ConsentGrant, ...] = attrs.field(default=(), converter=canonical)
    _current: dict[str, ConsentGrant] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_current"
    )
    _index: GrantIndex = attrs.field(init=False, eq=False, repr=False, hash=False, alias="_index")

    @contact_id.validator
    def _check_contact_id(self, _: object, value: object) -> None:
        # A list of grants passed first (``ConsentLedger([grant])``) would otherwise make a
        # ledger of no grants that silently answers "no" to everything.
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError("contact_id", "must be a non-empty string")

    @entries.validator
    def _check_entries(self, _: object, value: tuple[ConsentGrant, ...]) -> None:
        for g in value:
            if g.contact_id != self.contact_id:
                raise InvalidFieldError(
                    "entries", "every grant must belong to the ledger's contact"
                )

    def __attrs_post_init__(self) -> None:
        # The entries are in canonical order (by grant id, each grant's versions oldest
        # first, without duplicates): one pass finds the grants with several versions.
        current: dict[str, ConsentGrant] = {}
        several: dict[str, list[ConsentGrant]] | None = None
        for g in self.entries:
            gid = g.id
            before = current.get(gid)
            if before is not None:
                if several is None:
                    several = {}
                several.setdefault(gid, [before]).append(g)
            current[gid] = g
        if several is not None:
            for gid, versions in several.items():
                current[gid] = merge(versions)
        object.__setattr__(self, "_current", current)
        # Grouping the current grants by purpose costs a dictionary append per grant.
        object.__setattr__(self, "_index", GrantIndex(tuple(current.values())))

    def __getstate__(self) -> dict[str, Any]:
        # What the ledger prepared for questions stays behind: it is rebuilt on demand.
        return {"contact_id": self.contact_id, "entries": self.entries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "contact_id", state["contact_id"])
        object.__setattr__(self, "entries", state["entries"])
        self.__attrs_post_init__()

    @classmethod
    def from_grants(cls, contact_id: str, grants: Iterable[ConsentGrant]) -> Self:
        """
        A ledger holding *grants* (versions in any order).
        """
        return cls(contact_id, tuple(grants))

    def as_of(self, *, recorded_at: pendulum.DateTime) -> Self:
        """
        The ledger as our records stood at *recorded_at*: the versions known by then.

        Equal to a ledger made of the versions whose :attr:`~ConsentGrant.known_since`
        is at or before *recorded_at*.

        >>> import pendulum
        >>> from personal_touch import ConsentGrant
        >>> given = ConsentGrant(
        ...     id="g-1",
        ...     contact_id="c-1",
        ...     purpose="marketing.email",
        ...     granted_at=pendulum.datetime(2026, 1, 5),
        ... )
        >>> ledger = ConsentLedger("c-1", [given]).withdraw(
        ...     "g-1",
        ...     at=pendulum.datetime(2026, 3, 1),
        ...     recorded_at=pendulum.datetime(2026, 3, 9),
        ... )
        >>> later = pendulum.datetime(2026, 3, 5)
        >>> ledger.is_granted("marketing.email", at=later)
        False
        >>> ledger.as_of(recorded_at=later).is_granted("marketing.email", at=later)
        True

        Raises:
            NaiveDateTimeError: *recorded_at* has no time zone.

        .. versionadded:: 0.2.0
        """
        t = exact(recorded_at, "recorded_at")
        kept = tuple(g for g in self.entries if micros(g.known_since) <= t)
        if len(kept) == len(self.entries):
            return self
        return type(self)(self.contact_id, kept)

    def __iter__(self) -> Iterator[ConsentGrant]:
        return iter(self._current.values())

    def __len__(self) -> int:
        return len(self._current)

    # -- appends -------------------------------------------------------------------------

    def record(self, grant: ConsentGrant) -> Self:
        """
        A ledger with *grant* (or a new version of it) appended.

        A correction is recorded this way: a new version with a later
        :attr:`~ConsentGrant.recorded_at`; the version it corrects stays in the ledger.
        """
        return type(self)(self.contact_id, (*self.entries, grant))

    def withdraw(
        self,
        grant_id: str,
        *,
        at: pendulum.DateTime,
        recorded_at: pendulum.DateTime | None = None,
    ) -> Self:
        """
        A ledger with grant *grant_id* withdrawn at *at*, recorded at *recorded_at*.

        ``recorded_at=None`` means recorded when it happened, at *at*.

        Raises:
            ConsentStateError: No such grant, or it cannot be withdrawn.
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return self.record(self._get(grant_id).withdraw(at=at, recorded_at=recorded_at))

    def confirm(
        self,
        grant_id: str,
        *,
        at: pendulum.DateTime,
        recorded_at: pendulum.DateTime | None = None,
    ) -> Self:
        """
        A ledger with grant *grant_id*'s double opt-in confirmed at *at*.

        Recorded at *recorded_at* (``None``: when it happened, at *at*).

        Raises:
            ConsentStateError: No such grant, or it cannot be confirmed.
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return self.record(self._get(grant_id).confirm(at=at, recorded_at=recorded_at))

    def renew(
        self,
        grant_id: str,
        *,
        until: pendulum.DateTime | None,
        recorded_at: pendulum.DateTime,
    ) -> Self:
        """
        A ledger with grant *grant_id* lapsing at *until* (``None``: never) instead.

        The renewal is a new version recorded at *recorded_at*.

        Raises:
            ConsentStateError: No such grant.
            NaiveDateTimeError: *until* or *recorded_at* has no time zone.

        .. versionadded:: 0.2.0
        """
        recorded_at = aware(recorded_at, "recorded_at")
        return self.record(self._get(grant_id).renew(until=until, recorded_at=recorded_at))

    def withdraw_all(
        self,
        *,
        at: pendulum.DateTime,
        purpose: str | None = None,
        recorded_at: pendulum.DateTime | None = None,
    ) -> Self:
        """
        Withdraw every grant in force at *at* (for *purpose* and below, if given).

        Each withdrawal is recorded at *recorded_at* (``None``: at *at*).

        This is a revocation "by any reasonable means" that names no grant.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
        """
        at = aware(at, "at")
        if purpose is not None:
            purpose = Purpose.parse(purpose)
        ledger = self
        for g in self.in_force(at):
            if purpose is None or g.covers(purpose) or g.purpose.startswith(purpose + "."):
                ledger = ledger.record(g.withdraw(at=at, recorded_at=recorded_at))
        return ledger

    def _get(self, grant_id: str) -> ConsentGrant:
        try:
            return self._current[grant_id]
        except KeyError:
            raise ConsentStateError(grant_id, "no such grant in this ledger") from None

    # -- queries -------------------------------------------------------------------------

    def get(self, grant_id: str) -> ConsentGrant | None:
        """
        The current state of grant *grant_id*, merged from its versions, or ``None``.
        """
        return self._current.get(grant_id)

    def history(self, grant_id: str) -> tuple[ConsentGrant, ...]:
        """
        Every recorded version of grant *grant_id*, oldest first by their own event times.

        Versions of the same events come in the order they were recorded in.
        """
        return tuple(g for g in self.entries if g.id == grant_id)

    def in_force(self, at: pendulum.DateTime) -> tuple[ConsentGrant, ...]:
        """
        The grants that may be relied on at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        return self._index.in_force(at)

    def grants_for(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> tuple[ConsentGrant, ...]:
        """
        The grants in force at *at* that cover *purpose* on *channel*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        return self._index.grants_for(purpose, channel, at)

    def is_granted(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> bool:
        """
        Whether *purpose* on *channel* is granted at instant *at*.  Unknown is ``False``.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        return self._index.is_granted(purpose, channel, at)

    def statuses(self, at: pendulum.DateTime) -> tuple[tuple[ConsentGrant, GrantStatus], ...]:
        """
        Every grant with its status at *at*, for reports ("why is this not in force?").

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return tuple((g, g.status_at(at)) for g in self._current.values())
