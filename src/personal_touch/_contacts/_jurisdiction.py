"""
Where a person's law comes from: an ISO 3166 country and subdivision.
"""

from __future__ import annotations

import functools
import re
from typing import Self

import attrs
import babel

from ..exceptions import InvalidFieldError

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
