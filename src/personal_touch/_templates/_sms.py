r"""
SMS encodings and segment counts: what a text costs to send.

A text that fits the GSM 03.38 7-bit alphabet travels as GSM-7: 160 septets in one segment,
153 per segment when split (the rest of each segment holds the concatenation header);
characters of the extension table (``€ [ ] { } \\ ~ ^ |``) take two septets and are never
split across segments.  Anything else forces UCS-2: 70 UTF-16 code units in one segment, 67 per
segment when split, and a character outside the Basic Multilingual Plane (most emoji) takes
two units that stay together.
"""

from __future__ import annotations

import enum

import attrs

_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = frozenset("\f^{}\\[~]|€")
_BMP_LAST = 0xFFFF


class SmsEncoding(enum.StrEnum):
    """
    How an SMS is encoded.

    .. versionadded:: 0.1.0
    """

    GSM7 = "gsm7"
    UCS2 = "ucs2"


@attrs.frozen
class SmsCost:
    """
    What an SMS costs: its encoding, its length in encoding units and its segments.

    .. versionadded:: 0.1.0
    """

    encoding: SmsEncoding
    units: int
    segments: int


def _segments(sizes: list[int], single: int, multi: int) -> int:
    total = sum(sizes)
    if total == 0:
        return 0
    if total <= single:
        return 1
    segments, used = 1, 0
    for size in sizes:
        if used + size > multi:
            segments += 1
            used = 0
        used += size
    return segments


def measure_sms(text: str) -> SmsCost:
    """
    The encoding, length and segment count of SMS *text*.

    >>> measure_sms("Hello!")
    SmsCost(encoding=<SmsEncoding.GSM7: 'gsm7'>, units=6, segments=1)
    >>> measure_sms("Grüße 😀").encoding.value
    'ucs2'

    .. versionadded:: 0.1.0
    """
    if all(c in _GSM_BASIC or c in _GSM_EXTENSION for c in text):
        sizes = [2 if c in _GSM_EXTENSION else 1 for c in text]
        return SmsCost(SmsEncoding.GSM7, sum(sizes), _segments(sizes, 160, 153))
    sizes = [2 if ord(c) > _BMP_LAST else 1 for c in text]
    return SmsCost(SmsEncoding.UCS2, sum(sizes), _segments(sizes, 70, 67))
