"""
Vendor lists inside a TC string: a bitfield or ranges, whichever is shorter.

A TC string carries vendor ids (consents, legitimate interests, disclosed and allowed vendors,
publisher restrictions) as a 16-bit maximum id and a flag: a bitfield of that many bits, or a
12-bit count of entries that are single ids or inclusive ranges.  An encoder writes the ranges
when they take no more bits than the bitfield, as the IAB's reference encoders do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..exceptions import ConsentStringError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._bits import BitReader, BitWriter

__all__ = ["read_ranges", "read_vendors", "runs", "write_ranges", "write_vendors"]


def read_ranges(reader: BitReader, field: str) -> frozenset[int]:
    """A 12-bit count of entries, each one id or an inclusive range of 16-bit ids."""
    spans: list[tuple[int, int]] = []
    for _ in range(reader.uint(12, field)):
        if reader.flag(field):
            start, end = reader.uint(16, field), reader.uint(16, field)
            if not 0 < start <= end:
                raise ConsentStringError(field, "has a range that is empty or starts at 0")
        else:
            start = end = reader.uint(16, field)
            if not start:
                raise ConsentStringError(field, "has vendor id 0")
        spans.append((start, end))
    # Merge overlapping spans first, so that hostile overlapping ranges cost no more than
    # the 65,535 ids they can name at most.
    spans.sort()
    ids: list[int] = []
    high = 0
    for start, end in spans:
        if end > high:
            ids.extend(range(max(start, high + 1), end + 1))
            high = end
    return frozenset(ids)


def read_vendors(reader: BitReader, field: str) -> frozenset[int]:
    """A vendor section: its maximum id, then a bitfield or ranges."""
    maximum = reader.uint(16, field)
    if reader.flag(field):
        return read_ranges(reader, field)
    return reader.ids(maximum, field)


def runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted ids as inclusive ``(start, end)`` runs of consecutive ids."""
    out: list[tuple[int, int]] = []
    for vendor in sorted(ids):
        if out and vendor == out[-1][1] + 1:
            out[-1] = (out[-1][0], vendor)
        else:
            out.append((vendor, vendor))
    return out


def _range_bits(spans: list[tuple[int, int]]) -> int:
    return 12 + sum(17 if start == end else 33 for start, end in spans)


def write_ranges(writer: BitWriter, spans: list[tuple[int, int]], field: str) -> None:
    """The mirror of :func:`read_ranges`."""
    writer.uint(len(spans), 12, field)
    for start, end in spans:
        writer.flag(start != end, field)
        writer.uint(start, 16, field)
        if start != end:
            writer.uint(end, 16, field)


def write_vendors(writer: BitWriter, ids: frozenset[int], field: str) -> None:
    """The mirror of :func:`read_vendors`: ranges when they are no longer than the bitfield."""
    maximum = max(ids, default=0)
    writer.uint(maximum, 16, field)
    spans = runs(ids)
    if _range_bits(spans) <= maximum:
        writer.flag(True, field)
        write_ranges(writer, spans, field)
    else:
        writer.flag(False, field)
        writer.ids(ids, maximum, field)
