"""
GrowthBook-compatible deterministic hashing: the number in [0, 1) a unit id falls on.

GrowthBook hashes with 32-bit FNV-1a over the UTF-16 code units of a string (JavaScript's
``charCodeAt``), in two versions:

* version 1: ``fnv1a(value + seed) % 1000 / 1000``;
* version 2: ``fnv1a(str(fnv1a(seed + value))) % 10000 / 10000`` (the inner hash written in
  decimal and hashed again, which spreads neighbouring ids better).

Any other version gives ``None``.  Strings are encoded once and the loop runs over plain ints.
The hash state after a seed (version 2 hashes the seed first) is kept in a small bounded cache,
:func:`clear_seed_cache` empties it.
"""

from __future__ import annotations

import functools
from typing import Final

__all__ = ["clear_seed_cache", "fnv1a32", "hash"]

OFFSET_BASIS: Final = 0x811C9DC5
PRIME: Final = 0x01000193
SEED_CACHE_SIZE: Final = 256
VERSION_1: Final = 1
VERSION_2: Final = 2


def _units(text: str) -> bytes | memoryview:
    """Return *text*'s UTF-16 code units as something iterating over ints (ASCII: its bytes)."""
    if text.isascii():
        return text.encode("ascii")
    return memoryview(text.encode("utf-16-le")).cast("H")


def _fold(state: int, text: str) -> int:
    """Continue an FNV-1a 32-bit hash from *state* over *text*'s UTF-16 code units."""
    for unit in _units(text):
        state = ((state ^ unit) * 0x01000193) & 0xFFFFFFFF
    return state


def fnv1a32(text: str) -> int:
    """
    Return the 32-bit FNV-1a hash of *text*'s UTF-16 code units, as GrowthBook computes it.

    Args:
        text: Any string; characters outside the Basic Multilingual Plane count as their two
            UTF-16 surrogates, as in GrowthBook's JavaScript SDK.

    Returns:
        An int in ``[0, 2**32)``.

    .. versionadded:: 0.4.0
    """
    return _fold(OFFSET_BASIS, text)


@functools.lru_cache(maxsize=SEED_CACHE_SIZE)
def _after_seed(seed: str) -> int:
    """Return the FNV-1a state after *seed* (version 2 hashes ``seed + value``)."""
    return _fold(OFFSET_BASIS, seed)


def clear_seed_cache() -> None:
    """Empty the bounded cache of hash states after a seed (at most 256 seeds)."""
    _after_seed.cache_clear()


def hash(seed: str, value: str, version: int) -> float | None:
    """
    Return where *value* falls in ``[0, 1)`` for *seed*, as GrowthBook's ``hash`` does.

    Args:
        seed: The experiment's hash seed (GrowthBook uses the experiment key when none is set).
        value: The unit id (a person's id, a device id...).
        version: GrowthBook's hash version: 1 (three decimals) or 2 (four decimals).

    Returns:
        A float in ``[0, 1)``, or ``None`` for any other version (as every GrowthBook SDK).

    Examples:
        >>> from personal_touch.experiments import hash
        >>> hash("", "a", 1)
        0.22
        >>> hash("seed", "a", 2)
        0.0505
        >>> print(hash("abc", "def", 99))
        None

    .. versionadded:: 0.4.0
    """
    if version == VERSION_2:
        inner = _fold(_after_seed(seed), value)
        state = OFFSET_BASIS
        for unit in str(inner).encode("ascii"):
            state = ((state ^ unit) * 0x01000193) & 0xFFFFFFFF
        return (state % 10000) / 10000
    if version == VERSION_1:
        return (_fold(_fold(OFFSET_BASIS, value), seed) % 1000) / 1000
    return None
