"""
What a person asked for: their preferences and their privacy signals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pendulum

from .._channels import Channel, Medium, optional_channel
from .._facts import Fact, Sensitivity, key_set
from .._levels import Level
from .._time import (
    aware,
    check_aware,
    check_aware_or_none,
    to_datetime,
    to_datetime_or_none,
)
from .._validators import (
    StrictStrEnum,
    boolean,
    enum_set,
    enum_tuple,
    instance_of,
    lookup,
    tuple_of,
)
from ..exceptions import InvalidFieldError


def _time_of_day(value: dt.time | str) -> dt.time:
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value)
        except ValueError:
            value = None  # type: ignore[assignment]  # raised below, with no chained input
        if value is None:
            raise InvalidFieldError("quiet_hours", "expected a time like '21:00'")
    if not isinstance(value, dt.time) or value.tzinfo is not None:
        raise InvalidFieldError("quiet_hours", "expected a local time of day without zone")
    return value


@attrs.frozen
class QuietHours:
    """
    A daily span of local time in which nothing non-urgent should arrive.

    ``start`` is inclusive and ``end`` exclusive; a span that wraps midnight
    (``21:00`` to ``08:00``) is the usual case.  Times are local to the contact's zone.

    .. versionadded:: 0.1.0
    """

    start: dt.time = attrs.field(default=dt.time(21, 0), converter=_time_of_day)
    end: dt.time = attrs.field(default=dt.time(8, 0), converter=_time_of_day)

    def contains(self, local_time: dt.time) -> bool:
        """
        Whether the local wall-clock time *local_time* falls inside the quiet span.
        """
        t = local_time.replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end


class Period(StrictStrEnum):
    """
    A calendar period in the contact's local time, for frequency limits.

    .. versionadded:: 0.1.0
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@attrs.frozen
class FrequencyLimit:
    """
    At most *count* messages per *period* (local calendar), on one channel or all.

    .. versionadded:: 0.1.0
    """

    count: int = attrs.field()
    period: Period = attrs.field(converter=Period)
    channel: Channel | None = attrs.field(default=None, converter=optional_channel)

    @count.validator
    def _check_count(self, _: object, value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidFieldError("count", "must be a non-negative integer")


class Register(StrictStrEnum):
    """
    Formal or informal address (Sie/du, vous/tu, usted/tú).

    .. versionadded:: 0.1.0
    """

    FORMAL = "formal"
    INFORMAL = "informal"


def _preferred_channels(values: Iterable[Channel | str]) -> tuple[Channel, ...]:
    return enum_tuple(Channel, values, "preferred_channels")


def _blocked_channels(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return enum_set(Channel, values, "blocked_channels")


def _preferred_formats(values: Iterable[Medium | str]) -> tuple[Medium, ...]:
    return enum_tuple(Medium, values, "preferred_formats")


def _max_level(value: Level | str | None) -> Level | None:
    return None if value is None else lookup(Level, value, "max_level")


def _excluded_sensitivities(values: Iterable[Sensitivity | str]) -> frozenset[Sensitivity]:
    return enum_set(Sensitivity, values, "excluded_sensitivities")


def _frequency_limits(values: Iterable[FrequencyLimit]) -> tuple[FrequencyLimit, ...]:
    return tuple_of(FrequencyLimit, values, "frequency_limits")


def _register(value: Register | str | None) -> Register | None:
    return None if value is None else lookup(Register, value, "register")


def _topics(values: Iterable[str]) -> frozenset[str]:
    return key_set(values, "excluded_topics")


@attrs.frozen(kw_only=True)
class Preferences:
    """
    How the person wants to be treated: they define their experience, not us.

    Args:
        preferred_channels: Channels in order of preference.
        blocked_channels: Channels never to use, for any purpose.
        preferred_formats: Text, video, a call, in person.
        max_level: The most personal they want us to be; ``None`` leaves it to policy.
        excluded_topics: Fact key prefixes never to mention (``"family"``).
        excluded_sensitivities: Special categories never to use, whatever consent says.
        quiet_hours: Their own quiet hours; ``None`` uses the policy's default.
        paused_until: Nothing but transactional messages before this instant.
        frequency_limits: Their own caps per channel and period.
        register: Formal or informal address, if they told us.

    .. versionadded:: 0.1.0
    """

    preferred_channels: tuple[Channel, ...] = attrs.field(default=(), converter=_preferred_channels)
    blocked_channels: frozenset[Channel] = attrs.field(
        default=frozenset(), converter=_blocked_channels
    )
    preferred_formats: tuple[Medium, ...] = attrs.field(default=(), converter=_preferred_formats)
    max_level: Level | None = attrs.field(default=None, converter=_max_level)
    excluded_topics: frozenset[str] = attrs.field(default=frozenset(), converter=_topics)
    excluded_sensitivities: frozenset[Sensitivity] = attrs.field(
        default=frozenset(), converter=_excluded_sensitivities
    )
    quiet_hours: QuietHours | None = attrs.field(
        default=None, validator=instance_of(QuietHours, "quiet_hours", optional=True)
    )
    paused_until: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    frequency_limits: tuple[FrequencyLimit, ...] = attrs.field(
        default=(), converter=_frequency_limits
    )
    register: Register | None = attrs.field(default=None, converter=_register)

    def is_paused(self, at: pendulum.DateTime) -> bool:
        """
        Whether the person asked for a pause that is still running at *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        return self.paused_until is not None and aware(at, "at") < self.paused_until

    def excludes(self, fact: Fact) -> bool:
        """
        Whether the person excluded *fact*'s topic or sensitivity category.
        """
        return fact.sensitivity in self.excluded_sensitivities or any(
            fact.is_under(t) for t in self.excluded_topics
        )


class DncRegistry(StrictStrEnum):
    """
    Do-not-call and do-not-contact registries a number can be listed on.

    .. versionadded:: 0.1.0
    """

    #: UK Telephone Preference Service.
    UK_TPS = "uk_tps"
    #: UK Corporate Telephone Preference Service.
    UK_CTPS = "uk_ctps"
    #: US National Do Not Call Registry.
    US_NATIONAL_DNC = "us_national_dnc"
    #: A US state's own do-not-call list.
    US_STATE_DNC = "us_state_dnc"
    #: Canada's National Do Not Call List.
    CA_DNCL = "ca_dncl"
    #: Australia's Do Not Call Register.
    AU_DNCR = "au_dncr"
    #: France's Bloctel.
    FR_BLOCTEL = "fr_bloctel"
    #: Germany's Robinsonliste.
    DE_ROBINSON = "de_robinson"
    #: Spain's Lista Robinson.
    ES_ROBINSON = "es_robinson"
    # issue 14 item 8: registries of the new packs
    #: Switzerland: the asterisk in the telephone directory (no advertising from third parties).
    CH_DIRECTORY_STAR = "ch_directory_star"
    #: Singapore's Do Not Call Registry (voice and text registers).
    SG_DNC = "sg_dnc"
    #: India's National Customer Preference Register (TRAI "DND").
    IN_NCPR = "in_ncpr"
    #: Brazil's Não Me Perturbe telemarketing blocking list.
    BR_NAO_ME_PERTURBE = "br_nao_me_perturbe"


def _registries(values: Iterable[DncRegistry | str]) -> frozenset[DncRegistry]:
    return enum_set(DncRegistry, values, "dnc_registries")


def _registry(value: DncRegistry | str) -> DncRegistry:
    return lookup(DncRegistry, value, "registry")


@attrs.frozen
class DncListing:
    """
    A number's listing on a do-not-call registry, and when it was listed.

    A registry bars calls only after its grace period (the UK TPS 28 days, the US National
    Do Not Call Registry 31 days...), counted on the contact's calendar from the day of
    *listed_at*; the rules that read registries hold each registry's grace period.  A
    listing without a date (in :attr:`PrivacySignals.dnc_registries`) bars at once.

    Args:
        registry: The registry.
        listed_at: When the number was listed (aware).

    Raises:
        InvalidFieldError: *registry* names no registry.
        NaiveDateTimeError: *listed_at* has no time zone.

    .. versionadded:: 0.4.0
    """

    registry: DncRegistry = attrs.field(converter=_registry)
    listed_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)


def _listings(values: Iterable[DncListing]) -> tuple[DncListing, ...]:
    found = tuple_of(DncListing, values, "dnc_listings")
    return tuple(sorted(set(found), key=lambda x: (x.registry.value, x.listed_at)))


@attrs.frozen(kw_only=True)
class PrivacySignals:
    """
    What the person has told us, by signal or request, about their privacy.

    A signal or request applies from its date when it has one, and at once (whatever the
    instant) when it has none: a boolean without a date fails closed.

    Args:
        global_privacy_control: A Global Privacy Control signal was seen (an opt-out of
            sale and sharing under the CCPA/CPRA and similar laws).
        dnc_registries: Do-not-call registries their number is listed on, without a date:
            each bars at once.
        limit_sensitive_data: They asked us to limit the use of sensitive data (CPRA).
        objected_to_marketing_at: When they objected to direct marketing (GDPR Art. 21(2)):
            an absolute bar from that instant on.
        global_privacy_control_seen_at: When a Global Privacy Control signal was first
            seen: it applies from that instant (with or without
            *global_privacy_control*).
        limit_sensitive_data_requested_at: When they asked to limit the use of sensitive
            data: the request applies from that instant.
        dnc_listings: Dated listings on do-not-call registries (:class:`DncListing`), each
            barring calls once its registry's grace period has passed.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``global_privacy_control_seen_at``, ``limit_sensitive_data_requested_at`` and
       ``dnc_listings``.
    """

    global_privacy_control: bool = attrs.field(
        default=False, validator=boolean("global_privacy_control")
    )
    dnc_registries: frozenset[DncRegistry] = attrs.field(default=frozenset(), converter=_registries)
    limit_sensitive_data: bool = attrs.field(
        default=False, validator=boolean("limit_sensitive_data")
    )
    objected_to_marketing_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    global_privacy_control_seen_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    limit_sensitive_data_requested_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    dnc_listings: tuple[DncListing, ...] = attrs.field(default=(), converter=_listings)

    def has_objected(self, at: pendulum.DateTime) -> bool:
        """
        Whether an objection to direct marketing is in force at *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        return self.objected_to_marketing_at is not None and self.objected_to_marketing_at <= aware(
            at, "at"
        )

    def has_global_privacy_control(self, at: pendulum.DateTime) -> bool:
        """
        Whether a Global Privacy Control signal applies at *at*.

        From the instant it was first seen when that is known, else at once.

        Raises:
            NaiveDateTimeError: *at* has no time zone.

        .. versionadded:: 0.4.0
        """
        seen = self.global_privacy_control_seen_at
        if seen is None:
            return self.global_privacy_control
        return seen <= aware(at, "at")

    def limits_sensitive_data(self, at: pendulum.DateTime) -> bool:
        """
        Whether a request to limit the use of sensitive data applies at *at*.

        From the instant it was made when that is known, else at once.

        Raises:
            NaiveDateTimeError: *at* has no time zone.

        .. versionadded:: 0.4.0
        """
        asked = self.limit_sensitive_data_requested_at
        if asked is None:
            return self.limit_sensitive_data
        return asked <= aware(at, "at")

    def listed_since(self, registry: DncRegistry | str) -> tuple[pendulum.DateTime | None, ...]:
        """
        When the number was listed on *registry*: ``None`` for an undated listing.

        Empty when it is not listed there; an undated listing comes first.

        Raises:
            InvalidFieldError: *registry* names no registry.

        .. versionadded:: 0.4.0
        """
        reg = _registry(registry)
        dated = tuple(x.listed_at for x in self.dnc_listings if x.registry is reg)
        return (None, *dated) if reg in self.dnc_registries else dated

    @property
    def registries(self) -> frozenset[DncRegistry]:
        """
        Every registry the number is listed on, dated or not.

        .. versionadded:: 0.4.0
        """
        return self.dnc_registries | {x.registry for x in self.dnc_listings}
