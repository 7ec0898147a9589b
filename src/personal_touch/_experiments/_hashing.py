"""
GrowthBook-compatible deterministic hashing: the number in [0, 1) a unit id falls on.

GrowthBook hashes with 32-bit FNV-1a over the UTF-16 code units of a string (JavaScript's
``charCodeAt``), in two versions:

* version 1: ``fnv1a(value + seed) % 1000 / 1000``;
* version 2: ``fnv1a(str(fnv1a(seed + value))) % 10000 / 10000`` (the inner hash written in
  decimal and hashed again, which spreads neighbouring ids better).

Any other version gives ``None``.  Strings are encoded once and the loop runs over plain ints.
The hash state after a seed (version 2 hashes the seed first) is kept in a small bounded cache,
:func:`clear_seed_cache` empties it.  :func:`hash_many` gives the same numbers for many values
at once, hashing them in lockstep in the 64-bit lanes of one big int.
"""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Sequence
from typing import Final

__all__ = ["clear_seed_cache", "fnv1a32", "hash", "hash_many"]

OFFSET_BASIS: Final = 0x811C9DC5
PRIME: Final = 0x01000193
SEED_CACHE_SIZE: Final = 256
VERSION_1: Final = 1
VERSION_2: Final = 2


#: UTF-16 in this machine's byte order, so that a memoryview cast to "H" reads code units.
_NATIVE_UTF16: Final = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"


def _units(text: str) -> bytes | memoryview:
    """Return *text*'s UTF-16 code units as something iterating over ints (ASCII: its bytes)."""
    if text.isascii():
        return text.encode("ascii")
    # Lone surrogates are code units of their own in JavaScript strings too.
    return memoryview(text.encode(_NATIVE_UTF16, "surrogatepass")).cast("H")


def _fold(state: int, text: str) -> int:
    """Continue an FNV-1a 32-bit hash from *state* over *text*'s UTF-16 code units."""
    units = _units(text)
    whole = len(units) & ~3
    # Four units per step, masked once: the low 32 bits of a product or an xor depend only
    # on the low 32 bits of its operands, so masking less often gives the same hash.
    four = iter(units[:whole])
    for a, b, c, d in zip(four, four, four, four, strict=False):
        state = ((((((((state ^ a) * 0x01000193) ^ b) * 0x01000193) ^ c) * 0x01000193) ^ d)
                 * 0x01000193) & 0xFFFFFFFF  # fmt: skip
    for unit in units[whole:]:
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
        return (_fold(OFFSET_BASIS, value + seed) % 1000) / 1000
    return None


# -- many values at once ---------------------------------------------------------------------
# FNV-1a on many strings of one length in lockstep: each string gets a 64-bit lane of one big
# int.  A lane holds a 32-bit state; xor with a 16-bit code unit and multiplying by the 25-bit
# prime stay below 2**64, so no lane spills into the next, and one mask keeps each lane's low
# 32 bits.  Python's big-int arithmetic then runs the inner loop in C for every lane at once.

_LANE_BITS: Final = 64
_LANE_BYTES: Final = _LANE_BITS // 8
#: Lanes per big int: 4096 lanes are 32 KiB, which stays in cache (measured best of 256..16384).
_CHUNK: Final = 4096


def _fold_lanes(state: int, texts: list[str], length: int, suffix: str) -> list[int]:
    """Return FNV-1a of ``text + suffix`` from *state* for *texts*, each *length* code units."""
    lanes = len(texts)
    ones = int.from_bytes((b"\x01" + b"\x00" * (_LANE_BYTES - 1)) * lanes, "little")
    mask = 0xFFFFFFFF * ones
    packed = state * ones
    data = "".join(texts).encode("utf-16-le", "surrogatepass")
    stride = 2 * length
    lane = bytearray(lanes * _LANE_BYTES)
    for j in range(0, stride, 2):  # position j // 2 of every text
        lane[0::_LANE_BYTES] = data[j::stride]
        lane[1::_LANE_BYTES] = data[j + 1 :: stride]
        packed = ((packed ^ int.from_bytes(lane, "little")) * PRIME) & mask
    for unit in _units(suffix):
        packed = ((packed ^ (unit * ones)) * PRIME) & mask
    # Each 64-bit lane now holds one 32-bit hash: read them back as native unsigned 64-bit ints.
    return memoryview(packed.to_bytes(lanes * _LANE_BYTES, sys.byteorder)).cast("Q").tolist()


def _fold_chunks(state: int, texts: list[str], length: int, suffix: str) -> list[int]:
    """:func:`_fold_lanes` over chunks of texts small enough for the CPU caches."""
    if len(texts) <= _CHUNK:
        return _fold_lanes(state, texts, length, suffix)
    out: list[int] = []
    for start in range(0, len(texts), _CHUNK):
        out += _fold_lanes(state, texts[start : start + _CHUNK], length, suffix)
    return out


def _unit_count(text: str) -> int:
    """How many UTF-16 code units *text* has."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _fnv_many(state: int, texts: Sequence[str], suffix: str) -> list[int]:
    """FNV-1a of ``text + suffix`` continued from *state*, for every text, in order."""
    count_units = len if "".join(texts).isascii() else _unit_count
    lengths = list(map(count_units, texts))
    counts = sorted(Counter(lengths).items())
    if len(counts) <= 1:
        return _fold_chunks(state, list(texts), lengths[0], suffix) if texts else []
    # Lanes need texts of one length: hash them sorted by length, then put them back in order.
    order = sorted(range(len(texts)), key=lengths.__getitem__)
    by_length = list(map(texts.__getitem__, order))
    hashed: list[int] = []
    for length, count in counts:
        start = len(hashed)
        hashed += _fold_chunks(state, by_length[start : start + count], length, suffix)
    return list(map(hashed.__getitem__, sorted(range(len(texts)), key=order.__getitem__)))


def hash_many(seed: str, values: Sequence[str], version: int) -> list[float | None]:
    """
    Return :func:`hash` of every value, in order: the same numbers, computed in bulk.

    Values are hashed in lockstep, many per big-int operation, which pays from a few dozen
    values up; the result never depends on the order or company of a value.

    Examples:
        >>> from personal_touch.experiments import hash_many
        >>> hash_many("seed", ["a", "b"], 2)
        [0.0505, 0.2696]

    .. versionadded:: 0.4.0
    """
    if version == VERSION_2:
        inner = _fnv_many(_after_seed(seed), values, "")
        outer = _fnv_many(OFFSET_BASIS, list(map(str, inner)), "")
        return [(n % 10000) / 10000 for n in outer]
    if version == VERSION_1:
        return [(n % 1000) / 1000 for n in _fnv_many(OFFSET_BASIS, values, seed)]
    return [None] * len(values)
