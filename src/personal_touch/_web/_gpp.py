"""
IAB GPP strings: a header listing section ids, then one encoded section per id.

``DBABM~CPXx...`` is a header (type 3, version 1, section ids as Fibonacci-coded ranges) and,
after each ``~``, a section: the EU TCF v2 (id 2) as a TC string, the US Privacy string (id 6)
as four characters, and the US national and state sections (ids 7 and up) from their tables.
Sections this library does not read are kept as text, so a string always round-trips.
"""

from __future__ import annotations

import attrs

from ..exceptions import ConsentStringError
from ._bits import BitReader, BitWriter
from ._sections import UsSection, read_us_section, section_specs, write_us_section
from ._tcf import TCString, decode_tc_string, encode_tc_string

__all__ = ["GppString", "RawSection", "UsPrivacy", "decode_gpp", "encode_gpp"]

_TCF_EU, _USP = 2, 6
_GPP_TYPE, _USP_LENGTH = 3, 4
_PREFIXES = {1: "tcfeuv1", 2: "tcfeuv2", 5: "tcfcav1", 6: "uspv1"}


@attrs.frozen(kw_only=True)
class UsPrivacy:
    """
    The US Privacy string (CCPA, ``1YNN``): version, notice given, opted out of sale, LSPA.

    Each flag is ``"Y"``, ``"N"`` or ``"-"`` (not applicable).

    .. versionadded:: 0.4.0
    """

    version: int = 1
    notice: str = "-"
    opt_out_sale: str = "-"
    lspa_covered: str = "-"

    @classmethod
    def parse(cls, text: str) -> UsPrivacy:
        """Read ``1YNN``-style text; anything else is a :class:`ConsentStringError`."""
        if len(text) != _USP_LENGTH or not "1" <= text[0] <= "9" or not set(text[1:]) <= set("YN-"):
            raise ConsentStringError("gpp.uspv1", "is not a US Privacy string like 1YNN")
        return cls(version=int(text[0]), notice=text[1], opt_out_sale=text[2], lspa_covered=text[3])

    def __str__(self) -> str:
        return f"{self.version}{self.notice}{self.opt_out_sale}{self.lspa_covered}"


@attrs.frozen
class RawSection:
    """A section this library does not decode, kept as its text so the string round-trips."""

    id: int
    text: str


Section = TCString | UsPrivacy | UsSection | RawSection


@attrs.frozen(kw_only=True)
class GppString:
    """
    A decoded GPP string: its sections in order, each decoded where this library can.

    >>> gpp = decode_gpp("DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN")
    >>> gpp.section_ids
    (2, 6)
    >>> str(gpp["uspv1"]), gpp["tcfeuv2"].cmp_id
    ('1YNN', 31)

    .. versionadded:: 0.4.0
    """

    section_ids: tuple[int, ...]
    sections: tuple[Section, ...]

    def __getitem__(self, prefix: str) -> Section:
        """A section by its API prefix (``tcfeuv2``, ``uspv1``, ``usnat``, ``usca``...)."""
        for sid, section in zip(self.section_ids, self.sections, strict=True):
            if prefix == _prefix(sid):
                return section
        raise KeyError(prefix)

    def prefixes(self) -> tuple[str, ...]:
        """The API prefixes of the sections, in order."""
        return tuple(_prefix(sid) for sid in self.section_ids)


def _prefix(sid: int) -> str:
    spec = section_specs().get(sid)
    return spec.prefix if spec else _PREFIXES.get(sid, str(sid))


def _header_ids(text: str) -> tuple[int, ...]:
    r = BitReader(text, "gpp.header")
    if r.uint(6, "Type") != _GPP_TYPE:
        raise ConsentStringError("gpp.header.Type", "is not 3 (not a GPP string)")
    if r.uint(6, "Version") != 1:
        raise ConsentStringError("gpp.header.Version", "is not 1")
    ids: list[int] = []
    last = 0
    for _ in range(r.uint(12, "Sections")):
        is_range = r.flag("Sections")
        start = last + r.fibonacci("Sections")
        end = start + r.fibonacci("Sections") if is_range else start
        ids.extend(range(start, end + 1))
        last = end
    return tuple(ids)


def _section(sid: int, text: str) -> Section:
    if sid == _TCF_EU:
        return decode_tc_string(text)
    if sid == _USP:
        return UsPrivacy.parse(text)
    spec = section_specs().get(sid)
    return read_us_section(spec, text) if spec else RawSection(sid, text)


def decode_gpp(text: str) -> GppString:
    """
    Decode a GPP string: the header, then each section it lists.

    Raises:
        ConsentStringError: When the header is malformed, lists a number of sections other
            than the string carries, or a section is malformed (naming it).

    .. versionadded:: 0.4.0
    """
    if not isinstance(text, str):
        raise ConsentStringError("gpp", "must be a string")
    header, *parts = text.strip().split("~")
    ids = _header_ids(header)
    if len(ids) != len(parts):
        raise ConsentStringError("gpp.header.Sections", "does not match the sections present")
    if list(ids) != sorted(set(ids)):
        raise ConsentStringError("gpp.header.Sections", "must list each id once, ascending")
    return GppString(section_ids=ids, sections=tuple(map(_section, ids, parts)))


def _spans(ids: tuple[int, ...]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sid in ids:
        if out and sid == out[-1][1] + 1:
            out[-1] = (out[-1][0], sid)
        else:
            out.append((sid, sid))
    return out


def _encode_section(sid: int, section: Section) -> str:
    if isinstance(section, RawSection):
        return section.text
    if isinstance(section, TCString):
        return encode_tc_string(section)
    if isinstance(section, UsPrivacy):
        return str(section)
    spec = section_specs().get(sid)
    if spec is None or spec.prefix != section.prefix:
        raise ConsentStringError(f"gpp.{sid}", "section does not match its id")
    return write_us_section(spec, section)


def encode_gpp(gpp: GppString) -> str:
    """
    Encode a :class:`GppString` (the mirror of :func:`decode_gpp`).

    >>> encode_gpp(decode_gpp("DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"))[:6]
    'DBABMA'

    .. versionadded:: 0.4.0
    """
    ids = gpp.section_ids
    if list(ids) != sorted(set(ids)) or len(ids) != len(gpp.sections):
        raise ConsentStringError("gpp.header.Sections", "must list each id once, ascending")
    w = BitWriter()
    w.uint(3, 6, "Type")
    w.uint(1, 6, "Version")
    spans = _spans(ids)
    w.uint(len(spans), 12, "Sections")
    last = 0
    for start, end in spans:
        w.flag(start != end, "Sections")
        w.fibonacci(start - last, "Sections")
        if start != end:
            w.fibonacci(end - start, "Sections")
        last = end
    parts = [_encode_section(sid, s) for sid, s in zip(ids, gpp.sections, strict=True)]
    return "~".join([w.text(), *parts])
