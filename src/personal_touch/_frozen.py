"""
An immutable, hashable mapping for JSON-like values inside frozen attrs classes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

V = TypeVar("V")


class FrozenMap(Mapping[str, V]):
    """
    A read-only ``str``-keyed mapping that hashes by content.

    Used for mapping-valued facts and disclosure parameters so that the values holding
    them stay hashable.

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, V] | None = None) -> None:
        self._data: dict[str, V] = dict(data) if data else {}
        self._hash: int | None = None

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def to_dict(self) -> dict[str, Any]:
        """
        A plain (shallow) :class:`dict` copy.
        """
        return dict(self._data)


class KeptDigest:
    """
    A slot for a value's digest, filled on first use.

    A plain slot on a base class rather than a :func:`functools.cached_property`: attrs
    gives a slotted class with a cached property a ``__getattr__``, and a class with one
    reads every attribute through a slower hook that the interpreter cannot specialize.
    Not an attrs field, so equality, hashing, ``repr``, pickling and the converters never
    see it; a copy (pickled, evolved) computes its own.
    """

    __slots__ = ("_digest_kept",)
    _digest_kept: str
