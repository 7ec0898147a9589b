"""
How learning weighs behaviour: :class:`LearningRules`, data with documented defaults.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping

import attrs

from .._frozen import FrozenMap
from .._validators import integer, number
from ..exceptions import InvalidFieldError
from ._signal import SignalKind
from ._taxonomy import ProxyTaxonomy

__all__ = ["LearningRules", "default_learning"]


def _per_kind(field: str, *, positive: bool) -> Callable[[Mapping[str, float]], FrozenMap[float]]:
    def convert(value: Mapping[str, float]) -> FrozenMap[float]:
        if not isinstance(value, Mapping):
            raise InvalidFieldError(field, "expected a mapping of signal kind to number")
        out: dict[str, float] = {}
        for kind, number_ in value.items():
            if kind not in SignalKind._value2member_map_:
                raise InvalidFieldError(field, "keys must be signal kinds")
            if (
                isinstance(number_, bool)
                or not isinstance(number_, int | float)
                or not math.isfinite(number_)
                or (positive and number_ <= 0)
            ):
                raise InvalidFieldError(field, "values must be finite numbers (positive days)")
            out[str(kind)] = float(number_)
        return FrozenMap(dict(sorted(out.items())))

    return convert


_weights = _per_kind("weights", positive=False)
_half_lives = _per_kind("half_lives", positive=True)


def _weights_of(value: Mapping[str, float]) -> FrozenMap[float]:
    return _weights(value)


def _half_lives_of(value: Mapping[str, float]) -> FrozenMap[float]:
    return _half_lives(value)


#: How much one signal of each kind adds to an interest (a return takes some away).
DEFAULT_WEIGHTS = FrozenMap(
    {
        "added_to_cart": 0.35,
        "clicked": 0.1,
        "opened": 0.02,
        "purchased": 0.6,
        "replied": 0.05,
        "returned": -0.4,
        "searched": 0.2,
        "viewed": 0.15,
        "visited": 0.05,
    }
)
#: After how many days a signal of each kind counts half as much.
DEFAULT_HALF_LIVES = FrozenMap(
    {
        "added_to_cart": 21.0,
        "clicked": 14.0,
        "opened": 7.0,
        "purchased": 90.0,
        "replied": 30.0,
        "returned": 90.0,
        "searched": 14.0,
        "viewed": 14.0,
        "visited": 7.0,
    }
)


@attrs.frozen(kw_only=True)
class LearningRules:
    """
    How :func:`~personal_touch.learn` weighs behaviour: data, serializable to JSON.

    An interest's score is the sum over its signals of the kind's weight, halved every
    half-life since the signal; its strength is ``1 - exp(-score)`` (0 to 1), so three
    views and a purchase today give about 0.65 with the defaults.

    Args:
        weights: By signal kind, what one signal adds to an interest.  Kinds without a
            weight (answers, bookings, complaints...) do not feed interests.
        half_lives: By signal kind, the days after which a signal counts half; every kind
            with a weight needs one.
        window_days: How far back before ``at`` learning accepts a signal (older ones are
            skipped) and remembers which signals it has counted.
        forget_below: A learned interest whose strength at ``at`` falls below this is
            forgotten (reported as expired).
        taxonomy: The sensitive proxies: behaviour in these categories is learned as
            inferred special-category facts.

    .. versionadded:: 0.4.0
    """

    weights: FrozenMap[float] = attrs.field(
        default=DEFAULT_WEIGHTS,
        converter=_weights_of,
    )
    half_lives: FrozenMap[float] = attrs.field(
        default=DEFAULT_HALF_LIVES,
        converter=_half_lives_of,
    )
    window_days: int = attrs.field(default=90, validator=integer("window_days", low=1))
    forget_below: float = attrs.field(
        default=0.05, validator=number("forget_below", low=0.0, high=1.0)
    )
    taxonomy: ProxyTaxonomy = attrs.field(factory=ProxyTaxonomy.default)

    @weights.validator
    def _check_half_lives(self, _: object, weights: FrozenMap[float]) -> None:
        if not set(weights) <= set(self.half_lives):
            raise InvalidFieldError("half_lives", "every weighted kind needs a half-life")

    def half_life_seconds(self, kind: str) -> float:
        """
        The half-life of *kind* in seconds (a day for a kind without one).
        """
        return self.half_lives.get(kind, 1.0) * 86400.0


@functools.cache
def default_learning() -> LearningRules:
    """
    The documented default :class:`LearningRules` (one shared immutable value).

    .. versionadded:: 0.4.0
    """
    return LearningRules()
