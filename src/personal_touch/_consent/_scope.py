"""
The small values of a consent grant: its scope beyond the purpose, and its status at an instant.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._facts import Sensitivity, validate_key
from .._validators import StrictStrEnum, enum_set, items, str_set

__all__ = ["GrantScope", "GrantStatus"]


def _keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(validate_key(v, "scope") for v in items(values, "scope"))


def _sensitivities(values: Iterable[Sensitivity | str]) -> frozenset[Sensitivity]:
    return enum_set(Sensitivity, values, "sensitivities")


def _product_categories(values: Iterable[str]) -> frozenset[str]:
    return str_set(values, "product_categories")


@attrs.frozen(kw_only=True)
class GrantScope:
    """
    What a grant covers beyond its purpose.

    Fact keys (prefixes), special categories and product categories (for soft opt-in's
    "similar products").

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Named ``GrantScope`` (it was ``Scope``; ``personal_touch.Scope`` is a deprecated alias).
    """

    fact_keys: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    sensitivities: frozenset[Sensitivity] = attrs.field(
        default=frozenset(), converter=_sensitivities
    )
    product_categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=_product_categories
    )

    def covers_fact(self, key: str, sensitivity: Sensitivity = Sensitivity.ORDINARY) -> bool:
        """
        Whether a fact with *key* and *sensitivity* is in scope.
        """
        if sensitivity.is_special and sensitivity not in self.sensitivities:
            return False
        if not self.fact_keys:
            return True
        return any(key == k or key.startswith(k + ".") for k in self.fact_keys)


class GrantStatus(StrictStrEnum):
    """
    Where a grant stands at an instant.

    .. versionadded:: 0.1.0
    """

    ACTIVE = "active"
    NOT_YET_GRANTED = "not_yet_granted"
    PENDING_CONFIRMATION = "pending_confirmation"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
