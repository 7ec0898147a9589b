"""
The person we talk to: their name, addresses and facts, and the contact that holds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self

import attrs
import babel  # noqa: TC002 - cattrs resolves the field annotations at run time
import pendulum

from .._channels import Channel
from .._facts import Fact, Provenance, facts_digest
from .._frozen import KeptDigest
from .._stages import Stage
from .._time import (
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
from .._validators import (
    boolean,
    instance_of,
    optional_text,
    text,
    tuple_of,
)
from ..exceptions import InvalidFieldError
from ._jurisdiction import Jurisdiction, _jurisdiction
from ._preferences import Preferences, PrivacySignals


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
    address: str = attrs.field(validator=text("address"))
    verified: bool = attrs.field(default=False, kw_only=True, validator=boolean("verified"))

    def __repr__(self) -> str:
        return f"ContactPoint({self.channel.value}, verified={self.verified})"


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
class Contact(KeptDigest):
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

    id: str = attrs.field(validator=text("id"))
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

    @property
    def _facts_digest(self) -> str:
        """:func:`~personal_touch._facts.facts_digest` of :attr:`known_facts`, kept."""
        try:
            return self._digest_kept
        except AttributeError:
            kept = facts_digest(self.known_facts)
            object.__setattr__(self, "_digest_kept", kept)
            return kept

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
