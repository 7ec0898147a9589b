"""
Bits of a web consent string: base64url characters in, fixed-width fields out, and back.

IAB strings (TCF TC strings, GPP headers and sections) are bit sequences written six bits to a
base64url character, without ``=`` padding.  :class:`BitReader` decodes a whole segment into one
integer once and slices fields from it with shifts; :class:`BitWriter` appends fields and pads
the result to a byte boundary, as the IAB's reference encoders do.
"""

from __future__ import annotations

import base64
import binascii

from ..exceptions import ConsentStringError

__all__ = ["BitReader", "BitWriter"]

_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _decode(segment: str, where: str) -> tuple[int, int]:
    if not segment:
        raise ConsentStringError(where, "is empty")
    if not _ALPHABET.issuperset(segment):
        raise ConsentStringError(where, "has a character outside base64url")
    # Pad with "A" (six zero bits) to whole base64 quanta: the value keeps its leading bits and
    # the padding only adds zeros after them, which the length below drops.
    padded = segment + "A" * (-len(segment) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded)
    except (binascii.Error, ValueError):  # pragma: no cover - the alphabet check comes first
        raise ConsentStringError(where, "is not base64url") from None
    size = 6 * len(segment)
    return int.from_bytes(raw, "big") >> (8 * len(raw) - size), size


class BitReader:
    """
    Read fixed-width fields from one base64url segment, left to right.

    Raises:
        ConsentStringError: When the segment is not base64url or a read runs past its end;
            the error names *where* (the segment) and never repeats the string.
    """

    __slots__ = ("_bits", "_size", "position", "where")

    def __init__(self, segment: str, where: str) -> None:
        self.where = where
        self._bits, self._size = _decode(segment, where)
        self.position = 0

    @property
    def remaining(self) -> int:
        """How many bits are left unread (padding included)."""
        return self._size - self.position

    def uint(self, width: int, field: str) -> int:
        """The next *width* bits as an unsigned integer."""
        end = self.position + width
        if end > self._size:
            raise ConsentStringError(f"{self.where}.{field}", "is cut short")
        self.position = end
        return (self._bits >> (self._size - end)) & ((1 << width) - 1)

    def flag(self, field: str) -> bool:
        """The next bit as a boolean."""
        return self.uint(1, field) == 1

    def ids(self, width: int, field: str) -> frozenset[int]:
        """A bitfield of *width* bits as the 1-based positions of its set bits."""
        value = self.uint(width, field)
        if not value:
            return frozenset()
        text = format(value, f"0{width}b")
        return frozenset(i for i, bit in enumerate(text, 1) if bit == "1")

    def letters(self, count: int, field: str) -> str:
        """*count* six-bit letters (``A`` is 0), as TCF language and country codes are kept."""
        return "".join(chr(65 + self.uint(6, field)) for _ in range(count))

    def fibonacci(self, field: str) -> int:
        """One Fibonacci-coded positive integer (ends at the first ``11``)."""
        total, a, b, previous = 0, 1, 2, 0
        while True:
            bit = self.uint(1, field)
            if bit and previous:
                return total
            if bit:
                total += a
            a, b = b, a + b
            previous = bit


class BitWriter:
    """
    Append fixed-width fields, then write them as base64url.

    The mirror of :class:`BitReader`; values out of range raise :class:`ConsentStringError`
    naming the field.
    """

    __slots__ = ("_bits", "_size")

    def __init__(self) -> None:
        self._bits = 0
        self._size = 0

    def uint(self, value: int, width: int, field: str) -> None:
        """Append *value* in *width* bits."""
        if not 0 <= value < (1 << width):
            raise ConsentStringError(field, f"does not fit in {width} bits")
        self._bits = (self._bits << width) | value
        self._size += width

    def flag(self, value: bool, field: str) -> None:  # noqa: FBT001 - mirrors BitReader.bool
        """Append one bit."""
        self.uint(1 if value else 0, 1, field)

    def ids(self, ids: frozenset[int], width: int, field: str) -> None:
        """Append a bitfield of *width* bits with the 1-based positions *ids* set."""
        value = 0
        for position in ids:
            if not 1 <= position <= width:
                raise ConsentStringError(field, f"has an id outside 1..{width}")
            value |= 1 << (width - position)
        self.uint(value, width, field)

    def letters(self, text: str, field: str) -> None:
        """Append upper-case letters, six bits each."""
        for char in text:
            if not "A" <= char <= "Z":
                raise ConsentStringError(field, "must be upper-case letters A to Z")
            self.uint(ord(char) - 65, 6, field)

    def fibonacci(self, value: int, field: str) -> None:
        """Append a positive integer in Fibonacci coding."""
        if value < 1:
            raise ConsentStringError(field, "must be a positive integer")
        fibs = [1, 2]
        while fibs[-1] <= value:
            fibs.append(fibs[-1] + fibs[-2])
        bits = []
        for fib in reversed(fibs[:-1]):
            if fib <= value:
                bits.append("1")
                value -= fib
            else:
                bits.append("0")
        code = "".join(reversed(bits)).rstrip("0") + "1"
        self.uint(int(code, 2), len(code), field)

    def text(self, *, quantum: int = 8) -> str:
        """
        The bits so far as base64url without ``=``.

        Zero bits pad them to a multiple of *quantum*: 8 (whole bytes, then whole characters)
        for GPP headers and US sections, 24 (whole base64 groups) for TC strings, as the IAB's
        reference encoders write them.
        """
        pad = -self._size % quantum
        pad += -(self._size + pad) % 8
        raw = (self._bits << pad).to_bytes((self._size + pad) // 8, "big")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
