"""
String enums whose members compare by their order of definition.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Self

from ._validators import StrictStrEnum


class OrderedStrEnum(StrictStrEnum):
    """
    A :class:`enum.StrEnum` whose members compare by definition order, not alphabetically.

    Comparing with anything but a member of the same enum is a :class:`TypeError`, so
    ``Level.PERSONAL > "generic"`` cannot silently compare strings.
    """

    @property
    def rank(self) -> int:
        """
        The member's position in definition order, starting at 0.
        """
        return _RANKS[type(self)][self]

    def _cmp(self, other: Any) -> int:
        # Raise rather than return NotImplemented: members are str, so Python would fall back
        # to the reflected str comparison and silently compare alphabetically.
        if type(other) is not type(self):
            raise TypeError(
                f"{type(self).__name__} members compare only with members of the same enum"
            )
        ranks = _RANKS[type(self)]
        return ranks[self] - ranks[other]

    def __lt__(self, other: Any) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._cmp(other) >= 0

    __hash__ = enum.StrEnum.__hash__

    @classmethod
    def lowest(cls) -> Self:
        """
        The first (lowest) member.
        """
        return next(iter(cls))

    @classmethod
    def highest(cls) -> Self:
        """
        The last (highest) member.
        """
        return list(cls)[-1]


class _Ranks(dict[type, dict[Any, int]]):
    def __missing__(self, key: type) -> dict[Any, int]:
        members: Iterable[Any] = key  # type: ignore[assignment]
        ranks: dict[Any, int] = {m: i for i, m in enumerate(members)}
        self[key] = ranks
        return ranks


_RANKS = _Ranks()
