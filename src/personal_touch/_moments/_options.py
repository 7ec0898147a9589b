"""
Knobs for moment detection, with documented defaults.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

import attrs

from .._frozen import FrozenMap
from .._validators import boolean, items, str_set
from ..exceptions import InvalidFieldError
from ._model import LeapDay


def _amounts(value: Mapping[str, float]) -> FrozenMap[float]:
    if not isinstance(value, Mapping):
        raise InvalidFieldError("big_purchase", "expected a mapping of currency to amount")
    out: dict[str, float] = {}
    for k, v in value.items():
        if not isinstance(k, str):
            raise InvalidFieldError("big_purchase", "currency codes must be strings")
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v < math.inf:
            raise InvalidFieldError("big_purchase", "thresholds must be non-negative numbers")
        out[k.upper() if k != "*" else "*"] = float(v)
    return FrozenMap(out)


def _labels(values: Iterable[str]) -> frozenset[str]:
    return str_set(values, "labels")


def _prefixes(values: Iterable[str]) -> tuple[str, ...]:
    out = tuple(items(values, "life_event_prefixes"))
    if not all(isinstance(v, str) for v in out):
        raise InvalidFieldError("life_event_prefixes", "expected a list of strings")
    return out


def _days(field: str) -> Callable[[object, object, int], None]:
    def check(_i: object, _a: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidFieldError(field, "must be a positive number of days")

    return check


_DEFAULT_BIG = FrozenMap({"*": 1000.0, "JPY": 150000.0, "KRW": 1300000.0, "INR": 80000.0})


@attrs.frozen(kw_only=True)
class MomentOptions:
    """
    How moments are detected.

    Args:
        leap_day: Where a February 29 birthday or anniversary falls in common years.
        include_losses: Report a favourite team's loss as a neutral moment (never
            celebratory); by default a loss is skipped.
        big_purchase: The amount from which a purchase deserves a thank-you, by ISO 4217
            currency code, with ``"*"`` for any other currency.
        trip_lead_days: How many days before departure a trip gesture fits.
        thanks_days: How many days after a big purchase a thank-you fits.
        life_event_days: How many days after a life event a gesture fits.
        life_event_prefixes: Fact key prefixes holding life events.
        sensitive_labels: Life-event labels (last key segment) that are always sensitive,
            whatever the fact's sensitivity says.
        celebratory_labels: Life-event labels that call for congratulations.

    .. versionadded:: 0.1.0
    """

    leap_day: LeapDay = attrs.field(default=LeapDay.FEB_28, converter=LeapDay)
    include_losses: bool = attrs.field(default=False, validator=boolean("include_losses"))
    big_purchase: FrozenMap[float] = attrs.field(default=_DEFAULT_BIG, converter=_amounts)
    trip_lead_days: int = attrs.field(default=7, validator=_days("trip_lead_days"))
    thanks_days: int = attrs.field(default=7, validator=_days("thanks_days"))
    life_event_days: int = attrs.field(default=14, validator=_days("life_event_days"))
    life_event_prefixes: tuple[str, ...] = attrs.field(
        default=("life", "family"), converter=_prefixes
    )
    sensitive_labels: frozenset[str] = attrs.field(
        default=frozenset(
            {
                "worry",
                "parent_care",
                "illness",
                "bereavement",
                "loss",
                "divorce",
                "job_loss",
                "layoff",
                "health",
            }
        ),
        converter=_labels,
    )
    celebratory_labels: frozenset[str] = attrs.field(
        default=frozenset(
            {
                "new_job",
                "promotion",
                "new_home",
                "wedding",
                "engagement",
                "new_baby",
                "graduation",
                "retirement",
            }
        ),
        converter=_labels,
    )

    def big_purchase_threshold(self, currency: str | None) -> float:
        """
        The threshold for *currency* (the ``"*"`` entry for unknown currencies).
        """
        if currency is not None:
            found = self.big_purchase.get(currency.upper())
            if found is not None:
                return found
        return self.big_purchase.get("*", 1000.0)


DEFAULT_OPTIONS = MomentOptions()
