"""
One piece of knowledge about a contact: the :class:`Fact` value.
"""

from __future__ import annotations

import attrs
import pendulum

from .._frozen import KeptDigest
from .._time import aware, check_aware, check_aware_or_none, to_datetime, to_datetime_or_none
from .._validators import number, optional_text
from ..exceptions import InvalidFieldError
from ._digests import value_digest
from ._kinds import Provenance, Sensitivity
from ._values import FactValue, freeze_value, validate_key


def _freeze(value: object) -> FactValue:
    return freeze_value(value)


_check_confidence = number("confidence", low=0.0, high=1.0)


def _confidence(
    instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None:
        _check_confidence(instance, attribute, value)


@attrs.frozen(kw_only=True, repr=False)
class Fact(KeptDigest):
    """
    One piece of knowledge about a contact, with where it came from.

    Args:
        key: Dotted key, e.g. ``"travel.next_trip"`` or ``"interests.sports.team"``.
        value: A JSON-able value; lists become tuples and dicts
            :class:`~personal_touch.values.FrozenMap`.
        provenance: How we learned it.
        recorded_at: When we learned it (aware).
        sensitivity: Its special category, if any.
        valid_until: When it stops being true, if known (a trip's return).
        source: Where it was recorded, e.g. ``"call notes"`` or ``"signup form v3"``.
        confidence: For inferred facts, how sure the inference is (0 to 1).

    The ``repr`` shows the key and metadata but never the value.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=lambda _i, _a, v: validate_key(v))
    value: FactValue = attrs.field(converter=_freeze)
    provenance: Provenance = attrs.field(converter=Provenance)
    recorded_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    sensitivity: Sensitivity = attrs.field(default=Sensitivity.ORDINARY, converter=Sensitivity)
    valid_until: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    source: str | None = attrs.field(default=None, validator=optional_text("source"))
    confidence: float | None = attrs.field(default=None, validator=_confidence)

    @valid_until.validator
    def _check_valid_until(self, _: object, value: pendulum.DateTime | None) -> None:
        if value is not None and value < self.recorded_at:
            raise InvalidFieldError("valid_until", "must not be before recorded_at")

    def __repr__(self) -> str:
        return (
            f"Fact(key={self.key!r}, provenance={self.provenance.value}, "
            f"sensitivity={self.sensitivity.value})"
        )

    @property
    def _digest(self) -> str:
        """:func:`~personal_touch._facts.value_digest` of the value, kept by the fact."""
        try:
            return self._digest_kept
        except AttributeError:
            kept = value_digest(self.value)
            object.__setattr__(self, "_digest_kept", kept)
            return kept

    @property
    def topic(self) -> str:
        """
        The first segment of the key: ``"travel"`` for ``"travel.next_trip"``.
        """
        return self.key.partition(".")[0]

    @property
    def is_inferred(self) -> bool:
        """
        Whether we derived or predicted it rather than being told or seeing it.
        """
        return self.provenance is Provenance.INFERRED

    def is_under(self, prefix: str) -> bool:
        """
        Whether the key is *prefix* or lies below it.

        ``interests`` covers ``interests.sports.team``; ``interest`` does not.
        """
        return self.key == prefix or self.key.startswith(prefix + ".")

    def is_valid_at(self, at: pendulum.DateTime) -> bool:
        """
        Whether it had been recorded and had not expired at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return self.recorded_at <= at and (self.valid_until is None or at < self.valid_until)
