"""
The people we talk to: names, addresses, preferences, privacy signals and facts.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Self

import attrs
import babel
import pendulum

from ._channels import Channel, Medium, optional_channel
from ._facts import Fact, Provenance, Sensitivity, validate_key
from ._levels import Level
from ._stages import Stage
from ._time import (
    aware,
    check_aware,
    check_aware_or_none,
    locale,
    normalize_locale,
    normalize_timezone_or_none,
    region_zones,
    timezone,
    to_datetime,
    to_datetime_or_none,
)
from ._validators import (
    StrictStrEnum,
    boolean,
    enum_set,
    enum_tuple,
    instance_of,
    items,
    lookup,
    optional_text,
    tuple_of,
)
from .exceptions import InvalidFieldError


def _non_empty(field: str) -> Callable[[object, object, str], None]:
    def check(_instance: object, _attribute: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError(field, "must be a non-empty string")

    return check


def _opt_text(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFieldError("name", "parts must be strings")
    return value.strip() or None


@attrs.frozen(repr=False)
class Name:
    """
    How a person is called.

    Args:
        given: Given (first) name.
        family: Family (last) name.
        preferred: The name the person asked us to use, e.g. ``"Bea"`` for Beatrice.
            Only ever used because they gave it.
        honorific: ``"Dr."``, ``"Frau"``, ``"Mx."``: used in formal address.

    .. versionadded:: 0.1.0
    """

    given: str | None = attrs.field(default=None, converter=_opt_text)
    family: str | None = attrs.field(default=None, converter=_opt_text)
    preferred: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    honorific: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)

    def __repr__(self) -> str:
        parts = [p for p in ("given", "family", "preferred", "honorific") if getattr(self, p)]
        return f"Name(<{', '.join(parts) or 'empty'}>)"

    @property
    def informal(self) -> str | None:
        """
        The name for informal address: the preferred name if given, else the given name.
        """
        return self.preferred or self.given


@attrs.frozen(repr=False)
class ContactPoint:
    """
    An address on one channel: an e-mail address, a phone number, a social handle.

    .. versionadded:: 0.1.0
    """

    channel: Channel = attrs.field(converter=Channel)
    address: str = attrs.field(validator=_non_empty("address"))
    verified: bool = attrs.field(default=False, kw_only=True, validator=boolean("verified"))

    def __repr__(self) -> str:
        return f"ContactPoint({self.channel.value}, verified={self.verified})"


_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SUBDIVISION = re.compile(r"^[A-Z0-9]{1,3}$")


@attrs.frozen(repr=False)
class Jurisdiction:
    """
    Where a person's law comes from.

    An ISO 3166-1 country and an optional ISO 3166-2 subdivision, written ``"US-FL"`` or
    ``"DE"``.

    >>> Jurisdiction.parse("us-fl")
    Jurisdiction('US-FL')

    .. versionadded:: 0.1.0
    """

    country: str = attrs.field()
    subdivision: str | None = attrs.field(default=None)

    @country.validator
    def _check_country(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not _COUNTRY.match(value) or value not in _territories():
            raise InvalidFieldError("jurisdiction", "not an ISO 3166-1 alpha-2 country code")

    @subdivision.validator
    def _check_subdivision(self, _: object, value: str | None) -> None:
        if value is not None and (not isinstance(value, str) or not _SUBDIVISION.match(value)):
            raise InvalidFieldError("jurisdiction", "not an ISO 3166-2 subdivision code")

    @classmethod
    def parse(cls, value: str | Jurisdiction) -> Self:
        """
        Parse ``"CA-QC"``, ``"de"`` or an existing :class:`Jurisdiction` (idempotent).
        """
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise InvalidFieldError("jurisdiction", "expected a string like 'US-FL'")
        country, _, sub = value.strip().upper().partition("-")
        return cls(country, sub or None)

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country

    def __repr__(self) -> str:
        return f"Jurisdiction({str(self)!r})"


@functools.cache
def _territories() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes babel knows, minus its non-country groupings (XK, Kosovo, stays).

    Read from CLDR on the first jurisdiction checked, not at import.
    """
    return frozenset(
        t
        for t in map(str, babel.Locale("en").territories)
        if _COUNTRY.match(t) and t not in {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
    )


def _jurisdiction(value: str | Jurisdiction | None) -> Jurisdiction | None:
    return None if value is None else Jurisdiction.parse(value)


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
    return frozenset(validate_key(v, "excluded_topics") for v in items(values, "excluded_topics"))


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


def _registries(values: Iterable[DncRegistry | str]) -> frozenset[DncRegistry]:
    return enum_set(DncRegistry, values, "dnc_registries")


@attrs.frozen(kw_only=True)
class PrivacySignals:
    """
    What the person has told us, by signal or request, about their privacy.

    Args:
        global_privacy_control: A Global Privacy Control signal was seen (an opt-out of
            sale and sharing under the CCPA/CPRA and similar laws).
        dnc_registries: Do-not-call registries their number is listed on.
        limit_sensitive_data: They asked us to limit the use of sensitive data (CPRA).
        objected_to_marketing_at: When they objected to direct marketing (GDPR Art. 21(2)):
            an absolute bar from that instant on.

    .. versionadded:: 0.1.0
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

    def has_objected(self, at: pendulum.DateTime) -> bool:
        """
        Whether an objection to direct marketing is in force at *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        return self.objected_to_marketing_at is not None and self.objected_to_marketing_at <= aware(
            at, "at"
        )


def _stage(value: Stage | str) -> Stage:
    return Stage.parse(value)


def _birth_date(value: dt.date | str | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None  # raised below, with no chained input
        if value is None:
            raise InvalidFieldError("birth_date", "expected an ISO date like '1990-02-28'")
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidFieldError("birth_date", "expected a date without time")
    return value


def _points(values: Iterable[ContactPoint]) -> tuple[ContactPoint, ...]:
    return tuple_of(ContactPoint, values, "contact_points")


def _facts(values: Iterable[Fact]) -> tuple[Fact, ...]:
    return tuple_of(Fact, values, "facts")


#: The fact key a birth date is known under (see :attr:`Contact.known_facts`).
BIRTHDAY_KEY = "dates.birthday"
#: The source of the fact :attr:`Contact.birth_date` stands for.
BIRTH_DATE_SOURCE = "contact record (birth_date)"


@attrs.frozen(kw_only=True, repr=False)
class Contact:
    """
    A person we talk to, with what we know about them and how they want to be treated.

    Args:
        id: Your application's stable id for the person; never personal data.
        name: How they are called.
        locale: A babel locale identifier (``"de_AT"``); canonicalised.
        timezone: An IANA time zone name (``"America/New_York"``); ``None`` (the default)
            means unknown, and timing rules then hold in every zone of the jurisdiction (see
            :attr:`zones`).  Host-dependent names such as ``"localtime"`` are refused.
        created_at: When the contact was created (aware).
        jurisdiction: Country and optional subdivision whose law applies; ``None`` means
            unknown, and the policy engine then applies the strictest combination.
        stage: Where they stand in the funnel.
        stage_since: When they reached that stage, if known.
        birth_date: Their date of birth, if they gave it.
        company: The organisation they belong to, for B2B messages.
        contact_points: Their addresses per channel.
        facts: What we know about them.
        preferences: How they want to be treated.
        privacy: Privacy signals and requests.

    The ``repr`` holds no personal data.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_non_empty("id"))
    name: Name = attrs.field(factory=Name, validator=instance_of(Name, "name"))
    locale: str = attrs.field(default="en", converter=normalize_locale)
    timezone: str | None = attrs.field(default=None, converter=normalize_timezone_or_none)
    created_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    jurisdiction: Jurisdiction | None = attrs.field(default=None, converter=_jurisdiction)
    stage: Stage = attrs.field(default=Stage.AWARENESS, converter=_stage)
    stage_since: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    birth_date: dt.date | None = attrs.field(default=None, converter=_birth_date)
    company: str | None = attrs.field(default=None, validator=optional_text("company"))
    contact_points: tuple[ContactPoint, ...] = attrs.field(default=(), converter=_points)
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_facts)
    preferences: Preferences = attrs.field(
        factory=Preferences, validator=instance_of(Preferences, "preferences")
    )
    privacy: PrivacySignals = attrs.field(
        factory=PrivacySignals, validator=instance_of(PrivacySignals, "privacy")
    )
    _known_facts: tuple[Fact, ...] | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False, alias="_known_facts"
    )

    def __repr__(self) -> str:
        return (
            f"Contact(id={self.id!r}, stage={self.stage.value}, locale={self.locale!r}, "
            f"timezone={self.timezone!r}, jurisdiction={str(self.jurisdiction) if self.jurisdiction else None!r}, "
            f"facts={len(self.facts)})"
        )

    # -- derived views -------------------------------------------------------------------

    @property
    def calendar_zone(self) -> str:
        """
        The zone for dates shown to or about the contact: :attr:`timezone`, else ``"UTC"``.

        Timing rules never rely on it for a contact without a zone: they use :attr:`zones`.
        """
        return self.timezone or "UTC"

    @property
    def tz(self) -> pendulum.Timezone:
        """
        :attr:`calendar_zone` as a pendulum :class:`~pendulum.Timezone`.
        """
        return timezone(self.timezone or "UTC")

    @property
    def zones(self) -> tuple[str, ...]:
        """
        Every zone the contact may be in: their own, else every zone of their jurisdiction.

        Every zone of the jurisdiction's country (CLDR via babel, which has no subdivision
        data, so ``US-CA`` gives every US zone: stricter, never wrong); empty when neither
        the zone nor the jurisdiction is known.

        >>> Contact(
        ...     id="c", created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), jurisdiction="DE"
        ... ).zones
        ('Europe/Berlin', 'Europe/Busingen')
        """
        if self.timezone is not None:
            return (self.timezone,)
        jur = self.jurisdiction
        return () if jur is None else region_zones(jur.country, jur.subdivision)

    @property
    def babel_locale(self) -> babel.Locale:
        """
        The contact's locale as a :class:`babel.Locale`.
        """
        return locale(self.locale)

    def local(self, at: dt.datetime) -> pendulum.DateTime:
        """
        The instant *at* on the wall clock of :attr:`calendar_zone`.

        Raises:
            NaiveDateTimeError: *at* has no time zone (it would silently be read as UTC).
            InvalidFieldError: *at* has no date in that zone (before year 1 or after 9999).
        """
        instant = aware(at, "at")
        try:
            return instant.in_timezone(self.tz)
        except (OverflowError, ValueError):
            raise InvalidFieldError("at", "outside the calendar in the contact's zone") from None

    @property
    def known_facts(self) -> tuple[Fact, ...]:
        """
        :attr:`facts`, and :attr:`birth_date` as the stated fact ``dates.birthday``.

        The birth date counts as a fact only when no fact has that key.  This is the fact
        set the policy engine judges and that templates, briefs and plans render from, so a
        birthday is approved or withheld like any other fact, and a decision made for a
        contact stays valid for that same contact.  Built once per contact.
        """
        known = self._known_facts
        if known is None:
            known = self.facts
            born = self.birth_date
            if born is not None and not any(f.key == BIRTHDAY_KEY for f in known):
                birthday = Fact(
                    key=BIRTHDAY_KEY,
                    value=born,
                    provenance=Provenance.STATED,
                    recorded_at=self.created_at,
                    source=BIRTH_DATE_SOURCE,
                )
                known = (*known, birthday)
            object.__setattr__(self, "_known_facts", known)
        return known

    def fact(self, key: str) -> Fact | None:
        """
        The most recently recorded fact with exactly *key*, or ``None``.
        """
        best: Fact | None = None
        for f in self.facts:
            if f.key == key and (best is None or f.recorded_at >= best.recorded_at):
                best = f
        return best

    def facts_under(self, prefix: str) -> tuple[Fact, ...]:
        """
        Every fact whose key is *prefix* or lies below it.
        """
        return tuple(f for f in self.facts if f.is_under(prefix))

    def contact_point(self, channel: Channel) -> ContactPoint | None:
        """
        The address to use on *channel*: the first verified one, else the first.
        """
        points = [p for p in self.contact_points if p.channel is channel]
        for p in points:
            if p.verified:
                return p
        return points[0] if points else None

    @property
    def channels(self) -> tuple[Channel, ...]:
        """
        Channels we hold an address for, in order of first appearance.
        """
        return tuple(dict.fromkeys(p.channel for p in self.contact_points))

    def age_on(self, day: dt.date) -> int | None:
        """
        Age in whole years on local date *day*, or ``None`` without a birth date.

        A person born on February 29 turns a year older on March 1 in common years (the
        conservative reading for consent-age rules).
        """
        born = self.birth_date
        if born is None:
            return None
        years = day.year - born.year
        birthday_passed = (day.month, day.day) >= (born.month, born.day)
        return years if birthday_passed else years - 1

    # -- transitions ---------------------------------------------------------------------

    def with_fact(self, fact: Fact) -> Self:
        """
        A copy that also knows *fact*.
        """
        return attrs.evolve(self, facts=(*self.facts, fact))

    def without_facts(self, prefix: str) -> Self:
        """
        A copy that forgets every fact under *prefix* (a person asked us to).
        """
        return attrs.evolve(self, facts=tuple(f for f in self.facts if not f.is_under(prefix)))

    def advance_to(self, stage: Stage | str, *, at: dt.datetime) -> Self:
        """
        A copy moved forward to *stage* at instant *at*.

        Raises:
            InvalidFieldError: *stage* is earlier than the current stage; use
                :func:`attrs.evolve` to move a contact back deliberately.
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        new = Stage.parse(stage)
        if new < self.stage:
            raise InvalidFieldError("stage", "advance_to cannot move to an earlier stage")
        return attrs.evolve(self, stage=new, stage_since=at)
