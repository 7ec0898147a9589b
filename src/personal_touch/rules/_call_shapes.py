"""
Rule shapes for telephone marketing: calling hours, call caps and do-not-call registries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._channels import Channel
from .._consent import LawfulBasis
from .._interactions import InteractionKind
from .._message import MessagePurpose
from .._purposes import CONSENT_BASES, MARKETING_PURPOSES
from ..exceptions import InvalidFieldError
from ._calendar import CallingWindow, RelationshipWindow
from ._legal import LegalRule, basis_set, label, marketing_purposes, names, optional_channels
from ._requests import event_day, grants, implied_grants, local_day

if TYPE_CHECKING:
    import pendulum

    from .._interactions import Interaction
    from .._policy._model import Outcome, Request

__all__ = [
    "CALLS",
    "CALLS_AND_TEXTS",
    "CallCap",
    "CallingHours",
    "RegistryCheck",
    "grace_pairs",
    "listed_registries",
]

#: Calls and texts: what telemarketing laws (TCPA, FTSA, OTSA...) count.
CALLS_AND_TEXTS = frozenset({Channel.PHONE, Channel.SMS})
#: Calls only.
CALLS = frozenset({Channel.PHONE})
#: Seconds a history window is widened by, beyond any zone or clock-change shift.
_SLACK = 7_200.0
_COUNTED = (InteractionKind.CALLED, InteractionKind.SENT)
_SOLICITATION_KEYS = frozenset(p.value for p in MARKETING_PURPOSES)


def _channels(default: frozenset[Channel]) -> Any:
    # A ``channels`` field with the default of a telephone shape.
    return attrs.field(default=default, converter=optional_channels)


@attrs.frozen(kw_only=True)
class CallingHours(LegalRule):
    """
    Defer calls and texts outside a legal calling window on the recipient's wall clock.

    Deferred to the next instant the window is open; denied when no time zone of the
    contact (or of their jurisdiction) is known.

    .. versionadded:: 0.2.0
    """

    window: CallingWindow
    channels: frozenset[Channel] | None = _channels(CALLS_AND_TEXTS)
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()

    def check(self, request: Request, /) -> Iterable[Outcome]:
        times = request.local_times
        if not times:  # a jurisdiction without zones in the data: no guess
            return (
                self.deny(
                    "unknown_time_zone",
                    "the contact's time zone is unknown, so the legal calling window "
                    "cannot be respected",
                    hint="set Contact.timezone",
                ),
            )
        window = self.window
        latest: pendulum.DateTime | None = None
        for local in times:
            if not window.allows(local):
                opens = window.next_open(local)
                if latest is None or opens > latest:
                    latest = opens
        if latest is None:
            return ()
        own = request.contact.timezone is not None
        return (
            self.defer(
                "outside_permitted_hours",
                f"outside the legal calling window ({window}) in the contact's time zone"
                if own
                else f"outside the legal calling window ({window}) in a time zone of the "
                "contact's jurisdiction",
                latest,
                hint=None if own else "set Contact.timezone",
            ),
        )


def _positive(instance: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value < 1:
        raise InvalidFieldError(attribute.name, "must be a positive whole number")


@attrs.frozen(kw_only=True)
class CallCap(LegalRule):
    """
    Deny a call once the legal cap for the period is reached.

    Deny once *limit* earlier calls (or texts, per the guarded channels) fall in the period:
    the last *hours* hours, or the last *calendar_days* days of the recipient's calendar
    (today included).  With *per_subject*, only calls on the message's topic count (calls
    without a recorded topic always count, and so does everything when the message has none).

    Raises:
        InvalidFieldError: Neither or both of *hours* and *calendar_days* are given.

    .. versionadded:: 0.2.0
    """

    limit: int
    hours: int | None = attrs.field(default=None, validator=_positive)
    calendar_days: int | None = attrs.field(default=None, validator=_positive)
    per_subject: bool = False
    channels: frozenset[Channel] | None = _channels(CALLS)
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()

    def __attrs_post_init__(self) -> None:
        if (self.hours is None) == (self.calendar_days is None):
            raise InvalidFieldError("hours", "give exactly one of hours or calendar_days")

    def _recent(self, request: Request) -> tuple[Interaction, ...]:
        # Oldest first: only a window a little wider than the period (the exact checks stay).
        now = request.timestamp
        days = self.hours / 24 if self.hours is not None else (self.calendar_days or 0) + 1
        low = now - days * 86_400.0 - _SLACK
        return request.history_index.window(low, now + _SLACK)

    def counted(self, request: Request) -> int:
        """
        How many earlier calls (or texts) of the request's contact fall in the period.
        """
        topic = request.message.topic if self.per_subject else None
        days, hours = self.calendar_days, self.hours
        first_day = local_day(request) - dt.timedelta(days=days - 1) if days is not None else None
        since = request.at - dt.timedelta(hours=hours) if hours is not None else None
        n = 0
        for i in self._recent(request):
            if i.at > request.at:
                break
            if (
                i.kind not in _COUNTED
                or (self.channels is not None and i.channel not in self.channels)
                or (i.purpose is not None and i.purpose not in _SOLICITATION_KEYS)
                or (topic is not None and i.topic is not None and i.topic != topic)
                or (since is not None and i.at <= since)
                or (first_day is not None and event_day(request, i.at) < first_day)
            ):
                continue
            n += 1
        return n

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if self.counted(request) < self.limit:
            return ()
        period = (
            f"{self.hours} hours"
            if self.hours is not None
            else f"{self.calendar_days} calendar days"
        )
        return (
            self.deny(
                "frequency_cap",
                f"the legal cap of {self.limit} {names(self.channels or ())} contacts per "
                f"{period} is reached",
                "wait until the earliest counted contact leaves the period",
            ),
        )


def _registries(values: Iterable[str]) -> frozenset[str]:
    return frozenset(str(getattr(v, "value", v)) for v in values)


def grace_pairs(
    values: Mapping[str, int] | Iterable[tuple[str, int]],
) -> tuple[tuple[str, int], ...]:
    """
    Convert for attrs: registries' grace periods as sorted ``(registry value, days)`` pairs.

    Raises:
        InvalidFieldError: A period is not a whole number of days >= 0 (names ``grace_days``).

    .. versionadded:: 0.4.0
    """
    pairs = values.items() if isinstance(values, Mapping) else values
    out: list[tuple[str, int]] = []
    for registry, days in pairs:
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise InvalidFieldError("grace_days", "must map registries to whole days >= 0")
        out.append((str(getattr(registry, "value", registry)), days))
    return tuple(sorted(out))


def listed_registries(
    request: Request,
    registries: Iterable[str],
    grace_days: Mapping[str, int] | None = None,
) -> frozenset[str]:
    """
    The registries of *registries* (by value) whose listing of the number bars calls now.

    An undated listing bars at once (fail closed).  A dated one bars from the day its
    registry's grace period (*grace_days*, by registry value; none: from the instant of
    listing) has passed on the contact's calendar: listed on day *d* with a grace of *n*
    days, calls are barred from day *d* + *n*.

    .. versionadded:: 0.4.0
    """
    privacy = request.contact.privacy
    if not privacy.dnc_registries and not privacy.dnc_listings:
        return frozenset()
    grace = grace_days or {}
    out: set[str] = set()
    for registry in registries:
        for since in privacy.listed_since(registry):
            days = grace.get(registry, 0)
            if since is None or (
                event_day(request, since) + dt.timedelta(days=days) <= local_day(request)
                if days
                else since <= request.at
            ):
                out.add(registry)
                break
    return frozenset(out)


def _windows(
    values: Mapping[LawfulBasis, RelationshipWindow]
    | Iterable[tuple[LawfulBasis, RelationshipWindow]],
) -> tuple[tuple[LawfulBasis, RelationshipWindow], ...]:
    pairs = values.items() if isinstance(values, Mapping) else values
    return tuple((LawfulBasis(b), w) for b, w in pairs)


@attrs.frozen(kw_only=True)
class RegistryCheck(LegalRule):
    """
    Deny marketing calls to numbers on a do-not-call registry.

    Deny a marketing call (or text) to a number listed on one of *registries*, unless a grant
    with a basis in *exempt_bases* covers it, an existing relationship still inside its
    window (*windows*) exempts it, or a grant of a basis in *unless_in_force* is in force.
    A dated listing (:class:`~personal_touch.values.DncListing`) counts once its registry's
    grace period (*grace_days*, by registry) has passed on the contact's calendar; an
    undated one at once.

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.4.0
       ``grace_days``; dated listings.
    """

    registries: frozenset[str] = attrs.field(converter=_registries)
    channels: frozenset[Channel] | None = _channels(CALLS)
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    exempt_bases: frozenset[LawfulBasis] = attrs.field(default=CONSENT_BASES, converter=basis_set)
    windows: tuple[tuple[LawfulBasis, RelationshipWindow], ...] = attrs.field(
        default=(), converter=_windows, metadata=label("exempt within")
    )
    unless_in_force: frozenset[LawfulBasis] = attrs.field(
        default=frozenset(), converter=basis_set, metadata=label("exempt while in force")
    )
    grace_days: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=grace_pairs, metadata=label("grace (days)")
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        listed = listed_registries(request, self.registries, dict(self.grace_days))
        if not listed:
            return ()
        if self.unless_in_force and any(g.basis in self.unless_in_force for g in request.in_force):
            return ()
        windows = dict(self.windows)
        if grants(request, self.exempt_bases) or (windows and implied_grants(request, windows)):
            return ()
        return (
            self.deny(
                "dnc_registry",
                f"the number is listed on {names(listed)} and no exemption applies",
                "only express consent to marketing calls from you lifts a registry listing",
            ),
        )
