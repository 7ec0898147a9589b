"""
A suppression list: its entries indexed by contact id and address digest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Self

import attrs

from .._channels import Channel, parse_channel
from .._purposes import PURPOSE_KEYS
from .._time import aware
from ..exceptions import InvalidFieldError
from ._entry import Suppression, message_purposes

if TYPE_CHECKING:
    import pendulum

    from .._consent import ConsentGrant
    from .._contacts import Contact
    from .._message import MessagePurpose

__all__ = ["SuppressionList"]


def _entries(values: Iterable[Suppression]) -> tuple[Suppression, ...]:
    if isinstance(values, SuppressionList):
        return values.entries
    if isinstance(values, (Suppression, str)) or not isinstance(values, Iterable):
        raise InvalidFieldError("entries", "expected a collection of Suppression values")
    items = set()
    for s in values:
        if not isinstance(s, Suppression):
            raise InvalidFieldError("entries", "expected Suppression values")
        items.add(s)
    return tuple(sorted(items, key=_order))


def _order(s: Suppression) -> tuple[float, str, str, str, str, tuple[str, ...], str, str]:
    return (
        s.since.timestamp(),
        s.contact_id or "",
        s.address_digest or "",
        "" if s.channel is None else s.channel.value,
        s.reason.value,
        tuple(sorted(p.value for p in s.purposes)),
        repr(s.since),
        s.subscription or "",
    )


@attrs.frozen
class SuppressionList:
    """
    A set of :class:`Suppression` entries, indexed by contact id and address digest.

    Pass it to :func:`~personal_touch.decide` (``suppressions=``): the consent rule denies
    what an entry matching the contact bars, whatever the history says and whatever grants
    are not newer express opt-ins (one given after an entry the person's choice made lifts
    it, for what it covers: :meth:`Suppression.lifted_by`).
    Entries are kept in a canonical order, so the order they were loaded in never matters.
    A list that carries a salt (:meth:`with_salt`) matches an address by its plain digest
    and by its digest salted with it (as a store writes them when it erases a person).

    .. versionadded:: 0.1.0
    """

    entries: tuple[Suppression, ...] = attrs.field(default=(), converter=_entries)
    _by_contact: dict[str, tuple[Suppression, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_by_contact"
    )
    _by_digest: dict[str, tuple[Suppression, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_by_digest"
    )
    _salt: bytes | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False, alias="_salt"
    )

    def __attrs_post_init__(self) -> None:
        by_contact: dict[str, list[Suppression]] = {}
        by_digest: dict[str, list[Suppression]] = {}
        for s in self.entries:
            if s.contact_id is not None:
                by_contact.setdefault(s.contact_id, []).append(s)
            if s.address_digest is not None:
                by_digest.setdefault(s.address_digest, []).append(s)
        object.__setattr__(self, "_by_contact", {k: tuple(v) for k, v in by_contact.items()})
        object.__setattr__(self, "_by_digest", {k: tuple(v) for k, v in by_digest.items()})

    def __iter__(self) -> Iterator[Suppression]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def salt(self) -> bytes | None:
        """
        The salt salted digests are matched with, or ``None``.

        .. versionadded:: 0.2.0
        """
        return self._salt

    def with_salt(self, salt: bytes | None) -> Self:
        """
        This list, matching addresses also by their digest salted with *salt*.

        Raises:
            InvalidFieldError: *salt* is not non-empty bytes or ``None``.

        .. versionadded:: 0.2.0
        """
        if salt is not None and (not isinstance(salt, bytes) or not salt):
            raise InvalidFieldError("salt", "must be non-empty bytes or None")
        out = type(self)(self.entries)
        object.__setattr__(out, "_salt", salt)
        return out

    def add(self, suppression: Suppression) -> Self:
        """
        A list with *suppression* added (keeping its salt).
        """
        return type(self)((*self.entries, suppression)).with_salt(self._salt)

    def for_contact(self, contact: Contact) -> tuple[Suppression, ...]:
        """
        The entries naming *contact* by id or by one of its contact points, in list order.
        """
        found = set(self._by_contact.get(contact.id, ()))
        if self._by_digest:
            for point in contact.contact_points:
                found.update(self._by_digest.get(Suppression.digest(point.address), ()))
                if self._salt is not None:
                    salted = Suppression.digest(point.address, salt=self._salt)
                    found.update(self._by_digest.get(salted, ()))
        return tuple(sorted(found, key=_order))

    def is_suppressed(
        self,
        contact: Contact,
        *,
        channel: Channel | str,
        purpose: MessagePurpose | str,
        at: pendulum.DateTime,
        topic: str | None = None,
        grants: Iterable[ConsentGrant] = (),
    ) -> bool:
        """
        Whether an entry bars *purpose* on *channel* (on *topic*) to *contact* at *at*.

        With *grants* (the contact's), an entry a newer express opt-in lifts does not bar
        (:meth:`Suppression.lifted_by`), as in :func:`~personal_touch.decide`: only grants
        in force at *at* covering *purpose* on *channel* count.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownChannelError: *channel* is not a channel.
            UnknownPurposeError: *purpose* is not a message purpose.

        .. versionchanged:: 0.3.0
           The *topic* and *grants* arguments.
        """
        at = aware(at, "at")
        ch = parse_channel(channel)
        (mp,) = message_purposes((purpose,))
        keys = PURPOSE_KEYS[mp]
        covering = [g for g in grants if g.is_in_force(at) and any(g.covers(k, ch) for k in keys)]
        return any(
            s.applies(ch, mp, at=at, topic=topic) and s.lifted_by(covering) is None
            for s in self.for_contact(contact)
        )
