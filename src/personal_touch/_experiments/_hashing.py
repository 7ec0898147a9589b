"""
Placeholder for GrowthBook-compatible hashing (helper ``assign`` owns the real module).
"""

from __future__ import annotations

__all__ = ["hash"]

_FNV_OFFSET = 0x811C9DC5
_FNV_PRIME = 0x01000193
_MASK = 0xFFFFFFFF


def _fnv1a32(text: str) -> int:
    value = _FNV_OFFSET
    for char in text:
        value = ((value ^ ord(char)) * _FNV_PRIME) & _MASK
    return value


def hash(seed: str, value: str, version: int) -> float | None:
    """
    A number in [0, 1) for *value* under *seed* (GrowthBook versions 1 and 2), else ``None``.
    """
    if version == 2:  # noqa: PLR2004 - the hash version
        return (_fnv1a32(str(_fnv1a32(seed + value))) % 10000) / 10000
    if version == 1:
        return (_fnv1a32(value + seed) % 1000) / 1000
    return None
