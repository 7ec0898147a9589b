"""
The values of an experiment: its arms, the experiment itself, an assignment and an exposure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._channels import Channel, parse_channel
from .._decision import Decision
from .._levels import Level, optional_level
from .._message import Message
from .._stages import Stage
from .._time import check_aware, to_datetime
from .._validators import (
    StrictStrEnum,
    enum_set,
    integer,
    items,
    number,
    optional_text,
    text,
    tuple_of,
)
from ..exceptions import InvalidFieldError

__all__ = [
    "HOLDOUT_VARIANT",
    "Assignment",
    "AssignmentStatus",
    "Experiment",
    "Exposure",
    "Variant",
]

#: The variant key exposures of held-out people carry; no experiment's arm may use it.
HOLDOUT_VARIANT = "holdout"


def _optional_channel(value: Channel | str | None) -> Channel | None:
    return None if value is None else parse_channel(value, "variant.channel")


def _optional_delay(_instance: object, _attribute: object, value: dt.timedelta | None) -> None:
    if value is not None and (not isinstance(value, dt.timedelta) or value < dt.timedelta(0)):
        raise InvalidFieldError("variant.delay", "must be a non-negative duration or None")


@attrs.frozen(kw_only=True)
class Variant:
    """
    One arm of an experiment: what it changes in the message it is applied to.

    Every change is optional; a variant that changes nothing is a control arm.  An arm
    may *ask* for a level or channel; it never raises what the policy permits (see
    :func:`assign`).

    Args:
        key: The arm's key, unique in its experiment.
        template_id: The template the arm renders, if it changes the template.
        level: The level the arm asks for, if it changes it.
        channel: The channel the arm sends on, if it changes it.
        delay: How long after the usual send time the arm sends (timing), if it changes it.
        gesture: The gesture the arm makes (your id for it), if it changes it.

    >>> from personal_touch.experiments import Variant
    >>> Variant(key="personal", level="personal").level
    <Level.PERSONAL: 'personal'>

    .. versionadded:: 0.4.0
    """

    key: str = attrs.field(validator=text("variant.key"))
    template_id: str | None = attrs.field(default=None, validator=optional_text("template_id"))
    level: Level | None = attrs.field(default=None, converter=optional_level)
    channel: Channel | None = attrs.field(default=None, converter=_optional_channel)
    delay: dt.timedelta | None = attrs.field(default=None, validator=_optional_delay)
    gesture: str | None = attrs.field(default=None, validator=optional_text("gesture"))

    def apply(self, message: Message) -> Message:
        """
        *message* as this arm would send it (its level and channel changed, if it changes them).
        """
        level = message.level if self.level is None else self.level
        channel = message.channel if self.channel is None else self.channel
        if level is message.level and channel is message.channel:
            return message
        return attrs.evolve(message, level=level, channel=channel)


def variant_tuple(values: Iterable[Variant]) -> tuple[Variant, ...]:
    out = tuple_of(Variant, values, "variants")
    keys = [v.key for v in out]
    if not out:
        raise InvalidFieldError("variants", "needs at least one variant")
    if len(set(keys)) != len(keys):
        raise InvalidFieldError("variants", "variant keys must be unique")
    if HOLDOUT_VARIANT in keys:
        raise InvalidFieldError("variants", f"the key {HOLDOUT_VARIANT!r} is reserved")
    return out


def _weights(values: Iterable[float] | None) -> tuple[float, ...] | None:
    if values is None:
        return None
    out = tuple(items(values, "weights"))
    check = number("weights", low=0.0)
    for value in out:
        check(None, None, value)
    return tuple(float(v) for v in out)


def _stages(values: Iterable[Stage | str]) -> frozenset[Stage]:
    return enum_set(Stage, values, "stages")


def _namespace(value: Iterable[object] | None) -> tuple[str, float, float] | None:
    if value is None:
        return None
    parts = tuple(items(value, "namespace"))
    if (
        len(parts) != 3  # noqa: PLR2004 - (id, start, end)
        or not isinstance(parts[0], str)
        or not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts[1:])
    ):
        raise InvalidFieldError("namespace", "expected (id, start, end)")
    start, end = float(parts[1]), float(parts[2])
    if not 0.0 <= start <= end <= 1.0:
        raise InvalidFieldError("namespace", "needs 0 <= start <= end <= 1")
    return (parts[0], start, end)


@attrs.frozen(kw_only=True)
class Experiment:
    """
    An experiment: arms, how people are split between them, and when it runs.

    People are bucketed exactly as GrowthBook buckets them (the same seed, hash version,
    coverage, weights and namespace give the same variation), so teams that already run
    GrowthBook keep their users' buckets.  The first variant is the control.

    Args:
        key: The experiment's key (also the default seed).
        variants: The arms, control first.
        start: When it starts (aware, inclusive).
        end: When it ends (aware, exclusive).
        weights: The share of each arm (default: equal).
        coverage: The share of people included at all, in ``[0, 1]``.
        namespace: ``(id, start, end)``: only people whose namespace hash falls in
            ``[start, end)`` take part, so mutually exclusive experiments can share people.
        seed: The hash seed (default: the key).
        hash_version: GrowthBook's hash version, 1 or 2.
        stages: The funnel stages it runs at (default: every stage).

    .. versionadded:: 0.4.0
    """

    key: str = attrs.field(validator=text("key"))
    variants: tuple[Variant, ...] = attrs.field(converter=variant_tuple)
    start: dt.datetime = attrs.field(converter=to_datetime, validator=check_aware)
    end: dt.datetime = attrs.field(converter=to_datetime, validator=check_aware)
    weights: tuple[float, ...] | None = attrs.field(default=None, converter=_weights)
    coverage: float = attrs.field(default=1.0, validator=number("coverage", low=0.0, high=1.0))
    namespace: tuple[str, float, float] | None = attrs.field(default=None, converter=_namespace)
    seed: str | None = attrs.field(default=None, validator=optional_text("seed"))
    hash_version: int = attrs.field(default=2, validator=integer("hash_version", low=1, high=2))
    stages: frozenset[Stage] = attrs.field(default=frozenset(), converter=_stages)

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidFieldError("end", "must be after start")
        if self.weights is not None and len(self.weights) != len(self.variants):
            raise InvalidFieldError("weights", "needs one weight per variant")

    @property
    def hash_seed(self) -> str:
        """
        The seed people are hashed with: :attr:`seed`, or the key when it has none.
        """
        return self.seed or self.key

    @property
    def control(self) -> Variant:
        """
        The first variant.
        """
        return self.variants[0]

    def is_active(self, at: dt.datetime) -> bool:
        """
        Whether it runs at *at* (``start <= at < end``).
        """
        return self.start <= at < self.end

    def variant(self, key: str) -> Variant:
        """
        The variant with *key*.

        Raises:
            KeyError: No variant has it.
        """
        for variant in self.variants:
            if variant.key == key:
                return variant
        raise KeyError("variant")


class AssignmentStatus(StrictStrEnum):
    """
    What an assignment says about a person in an experiment.

    .. versionadded:: 0.4.0
    """

    #: In the experiment, in an arm the policy permits.
    VARIANT = "variant"
    #: Bucketed into an arm the policy does not permit for them: recorded, never moved.
    INELIGIBLE = "ineligible"
    #: In the global holdout: they get the generic message.
    HOLDOUT = "holdout"
    #: Not in the experiment (not running, another stage, namespace or coverage).
    NOT_IN_EXPERIMENT = "not_in_experiment"


def _keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


@attrs.frozen(kw_only=True)
class Assignment:
    """
    Where one person stands in one experiment at one instant, and what may be sent.

    Args:
        experiment: The experiment's key.
        contact_id: The person's id.
        at: The instant assigned.
        status: What the assignment says.
        variant: The arm bucketed into (for :attr:`~AssignmentStatus.VARIANT` and
            :attr:`~AssignmentStatus.INELIGIBLE`).
        bucket: The person's hash in ``[0, 1)``, when they were hashed.
        message: The message to send: the arm's, or the generic one for the holdout.
        decision: The policy's decision on :attr:`message`.
        reason: Why not in the experiment or not eligible: ``inactive``, ``stage``,
            ``namespace``, ``coverage``, ``denied``, ``deferred`` or ``level`` (for a
            held-out person outside the experiment, why they are outside).
        eligible_for: The keys of every arm the person's decisions permit at that instant
            (with :data:`HOLDOUT_VARIANT` when the generic message is allowed and a holdout
            is in use), not only their own: :func:`tally` compares arms on the people
            eligible for all of them.  Empty outside the experiment.

    It is an :class:`AssignmentLike`: pass assignments to :func:`tally`.

    .. versionadded:: 0.4.0
    """

    experiment: str
    contact_id: str
    at: dt.datetime = attrs.field(converter=to_datetime, validator=check_aware)
    status: AssignmentStatus = attrs.field(converter=AssignmentStatus)
    variant: Variant | None = None
    bucket: float | None = None
    message: Message | None = None
    decision: Decision | None = None
    reason: str | None = None
    eligible_for: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)

    @property
    def experiment_key(self) -> str:
        """
        :attr:`experiment`, under the name :func:`tally` reads.
        """
        return self.experiment

    @property
    def variant_key(self) -> str | None:
        """
        The arm the person was assigned, or ``None`` outside the experiment.

        The bucketed arm's key (eligible or not), or :data:`HOLDOUT_VARIANT` for a held-out
        person in the experiment.
        """
        if self.variant is not None:
            return self.variant.key
        if self.status is AssignmentStatus.HOLDOUT and self.reason is None:
            return HOLDOUT_VARIANT
        return None

    @property
    def may_send(self) -> bool:
        """
        Whether :attr:`message` may be sent now (an eligible arm or the holdout, allowed).
        """
        return (
            self.status in (AssignmentStatus.VARIANT, AssignmentStatus.HOLDOUT)
            and self.decision is not None
            and self.decision.is_allowed
        )


def _check_level(instance: Exposure, _attribute: object, value: Level) -> None:
    if value > instance.decided_level:
        raise InvalidFieldError("level", "must not exceed the decided level")


@attrs.frozen(kw_only=True)
class Exposure:
    """
    A message of an experiment that was sent: what the analysis counts.

    Args:
        experiment: The experiment's key.
        variant: The arm's key (:data:`HOLDOUT_VARIANT` for the holdout).
        contact_id: The person's id.
        message_id: The sent message's id, which outcomes are joined on.
        level: The level the message went at; never above :attr:`decided_level`.
        decided_level: The level the policy's decision permitted.
        at: When it was sent.

    It is an :class:`ExposureLike`: pass exposures straight to :func:`tally`.

    .. versionadded:: 0.4.0
    """

    experiment: str = attrs.field(validator=text("experiment"))
    variant: str = attrs.field(validator=text("variant"))
    contact_id: str = attrs.field(validator=text("contact_id"))
    message_id: str = attrs.field(validator=text("message_id"))
    decided_level: Level = attrs.field(converter=Level)
    level: Level = attrs.field(converter=Level, validator=_check_level)
    at: dt.datetime = attrs.field(converter=to_datetime, validator=check_aware)

    @property
    def experiment_key(self) -> str:
        """
        :attr:`experiment`, under the name :func:`tally` reads (an :class:`ExposureLike`).
        """
        return self.experiment

    @property
    def variant_key(self) -> str:
        """
        :attr:`variant`, under the name :func:`tally` reads (an :class:`ExposureLike`).
        """
        return self.variant
