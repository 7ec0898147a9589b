"""
The tasks of a plan: a writer's brief, an honest automated gesture, a skipped moment.

And the facts a brief may mention, with where we learned each.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from .._channels import Channel
from .._decision import Decision, DisclosureCode
from .._facts import FactValue, Provenance
from .._levels import Level
from .._moments._gestures import Gesture
from .._moments._model import Moment, Window
from .._time import check_aware, to_datetime
from .._validators import items, lookup, tuple_of


def _codes(values: Iterable[DisclosureCode | str]) -> tuple[DisclosureCode, ...]:
    return tuple(lookup(DisclosureCode, v, "must_disclose") for v in items(values, "must_disclose"))


def _must_not(values: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, values, "must_not")


def _fact_keys(values: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, values, "facts")


def _channel_notes(values: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, values, "channels")


@attrs.frozen(kw_only=True, repr=False)
class Mention:
    """
    A fact a writer may mention, with where we learned it.

    Args:
        key: The fact key.
        value: What we know.
        provenance: How we learned it.
        recorded_at: When.
        source: Where it was recorded.

    .. versionadded:: 0.1.0
    """

    key: str
    value: FactValue
    provenance: Provenance = attrs.field(converter=Provenance)
    recorded_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    source: str | None = None

    def __repr__(self) -> str:
        return f"Mention(key={self.key!r}, provenance={self.provenance.value})"  # no value

    def describe(self) -> str:
        """
        ``"travel.next_trip (stated, call notes, 2026-11-24)"``.
        """
        where = ", ".join(
            p
            for p in (self.provenance.value, self.source, self.recorded_at.date().isoformat())
            if p
        )
        return f"{self.key} ({where})"


def _mentions(values: Iterable[Mention]) -> tuple[Mention, ...]:
    return tuple_of(Mention, values, "mentions")


@attrs.frozen(kw_only=True, repr=False)
class HumanTask:
    """
    A brief a writer can act on.

    Whom, why now, what they may and must not mention, where and when, and a suggested
    opening (never a finished message pretending to be theirs).

    Args:
        writer_id: Who writes it.
        contact_id: To whom.
        contact_name: How to address them (their preferred or given name), if known.
        moment: Why now.
        gesture: What to do.
        channel: Where to send it.
        send_window: When (the contact's local time).
        why_now: One line for the writer.
        mentions: The facts they may mention, with where we learned each.
        must_not: What they must not do or mention.
        must_disclose: Disclosures the message must carry.
        opening: A suggested way to open, in the writer's own words.
        priority: The score that ranked it (see the planner's priorities).
        decision: The policy decision that allows it.

    .. versionadded:: 0.1.0
    """

    writer_id: str
    contact_id: str
    contact_name: str | None = None
    moment: Moment
    gesture: Gesture
    channel: Channel = attrs.field(converter=Channel)
    send_window: Window
    why_now: str
    mentions: tuple[Mention, ...] = attrs.field(default=(), converter=_mentions)
    must_not: tuple[str, ...] = attrs.field(default=(), converter=_must_not)
    must_disclose: tuple[DisclosureCode, ...] = attrs.field(default=(), converter=_codes)
    opening: str
    priority: float
    decision: Decision

    def __repr__(self) -> str:
        # Ids and codes only: the name, mentions, why-now line and opening are personal.
        return (
            f"HumanTask(writer_id={self.writer_id!r}, contact_id={self.contact_id!r}, "
            f"moment_id={self.moment.id!r}, channel={self.channel.value}, "
            f"decision_id={self.decision.decision_id!r})"
        )

    @property
    def facts(self) -> tuple[str, ...]:
        """
        The keys of the facts it may mention.
        """
        return tuple(m.key for m in self.mentions)


@attrs.frozen(kw_only=True, repr=False)
class AutomatedTask:
    """
    An honest automated gesture: sent by software and saying so.

    Args:
        contact_id: To whom.
        moment: Why now.
        gesture: What to send.
        channel: Where.
        send_window: When (the contact's local time).
        level: The level the decision granted.
        facts: The fact keys it may use.
        must_disclose: Disclosures it must carry (always including that it is automated).
        priority: The score that ranked it.
        decision: The policy decision that allows it.

    .. versionadded:: 0.1.0
    """

    contact_id: str
    moment: Moment
    gesture: Gesture
    channel: Channel = attrs.field(converter=Channel)
    send_window: Window
    level: Level = attrs.field(converter=Level)
    facts: tuple[str, ...] = attrs.field(default=(), converter=_fact_keys)
    must_disclose: tuple[DisclosureCode, ...] = attrs.field(default=(), converter=_codes)
    priority: float
    decision: Decision

    def __repr__(self) -> str:
        return (
            f"AutomatedTask(contact_id={self.contact_id!r}, moment_id={self.moment.id!r}, "
            f"channel={self.channel.value}, level={self.level.value}, "
            f"decision_id={self.decision.decision_id!r})"
        )


@attrs.frozen(kw_only=True)
class Skip:
    """
    A moment the plan does not act on, and why (no personal data).

    Args:
        moment_id: The moment.
        contact_id: Whose.
        code: A stable code (``"consent_withdrawn"``, ``"already_acted"``, ``"no_capacity"``).
        reason: A sentence for the agenda.
        decision_id: The last decision consulted, if any.
        channels: What stopped each channel the person has, in the order tried
            (``"sms: consent withdrawn"``, ``"phone: blocked by the person"``).

    .. versionadded:: 0.1.0
    """

    moment_id: str
    contact_id: str
    code: str
    reason: str
    decision_id: str | None = None
    channels: tuple[str, ...] = attrs.field(default=(), converter=_channel_notes)
