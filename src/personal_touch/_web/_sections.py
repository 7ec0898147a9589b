"""
The US sections of a GPP string, as data: each section's fields, read from the IAB's tables.

``data/gpp_sections.json`` holds, per section (``usnat``, ``usca``, ``usva``...), its id, its
current version, the fields of its core subsection in order with their GPP field types
(``Int(2)``, ``N-Bitfield(2,16)``) and whether a GPC subsection may follow.  One reader and one
writer serve every section; a new state is a new entry in the data, not new code.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import NamedTuple

import attrs

from ..exceptions import ConsentStringError
from ._bits import BitReader, BitWriter

__all__ = ["SectionSpec", "UsSection", "read_us_section", "section_specs", "write_us_section"]

_TYPE = re.compile(r"Int\((\d+)\)|Boolean|N-Bitfield\((\d+),(\d+)\)")

#: A field's value: an integer, a boolean, or a tuple of small integers (N-Bitfield).
FieldValue = int | bool | tuple[int, ...]


class _Field(NamedTuple):
    name: str
    width: int  # bits per value
    size: int  # 0 for a scalar, else the number of values in an N-Bitfield
    boolean: bool


def _field(name: str, kind: str) -> _Field:
    match = _TYPE.fullmatch(kind)
    if match is None:  # pragma: no cover - the shipped data is checked by a test
        raise ValueError(f"unknown GPP field type {kind!r}")
    if kind == "Boolean":
        return _Field(name, 1, 0, True)
    if match.group(1):
        return _Field(name, int(match.group(1)), 0, False)
    return _Field(name, int(match.group(2)), int(match.group(3)), False)


@attrs.frozen
class SectionSpec:
    """
    One US section's layout: id, API prefix, current version, fields by version.

    The first field of the core is the version (``Version``, or ``MspaVersion`` in the
    sections from 24 on); ``consent`` is a second segment of plain fields (the sensitive data
    consents of Indiana, Kentucky and Rhode Island), ``gpc`` whether a GPC subsection may follow.
    """

    id: int
    prefix: str
    version: int
    fields: dict[int, tuple[_Field, ...]]
    gpc: bool
    consent: tuple[_Field, ...] = ()

    def names(self, version: int) -> frozenset[str]:
        """Every field name of *version*, core and consent segment."""
        return frozenset(f.name for f in (*self.fields[version], *self.consent))


@functools.cache
def section_specs() -> dict[int, SectionSpec]:
    """The US sections this library reads, by section id (loaded once from the data file)."""
    raw = resources.files("personal_touch").joinpath("data/gpp_sections.json").read_text("utf-8")
    out = {}
    for prefix, entry in json.loads(raw)["sections"].items():
        versions = {int(entry["version"]): entry["core"]}
        versions.update({int(v): core for v, core in entry.get("versions", {}).items()})
        fields = {v: tuple(_field(n, t) for n, t in core) for v, core in versions.items()}
        consent = tuple(_field(n, t) for n, t in entry.get("consent_segment", ()))
        out[entry["id"]] = SectionSpec(
            entry["id"], prefix, entry["version"], fields, entry["gpc"], consent
        )
    return out


def _defaults(spec: SectionSpec) -> dict[str, FieldValue]:
    out: dict[str, FieldValue] = {}
    for f in (*spec.fields[spec.version], *spec.consent):
        out[f.name] = False if f.boolean else ((0,) * f.size if f.size else 0)
    out[spec.fields[spec.version][0].name] = spec.version
    if "MspaCoveredTransaction" in out:
        out["MspaCoveredTransaction"] = 1  # 0 is not a valid value of this field
    return out


@attrs.frozen(kw_only=True)
class UsSection:
    """
    A decoded US section of a GPP string (``usnat``, ``usca``...).

    Fields keep the IAB's names and values (for opt-outs and notices: 0 not applicable,
    1 yes, 2 no); ``gpc`` is ``None`` when the section carries no GPC subsection, and
    ``consent_segment`` says whether the sensitive data consent segment is present (in the
    sections that have one).

    .. versionadded:: 0.4.0
    """

    prefix: str
    fields: tuple[tuple[str, FieldValue], ...]
    gpc: bool | None = None
    consent_segment: bool = False

    def __getitem__(self, name: str) -> FieldValue:
        """One field by its IAB name, e.g. ``section["SaleOptOut"]``."""
        for key, value in self.fields:
            if key == name:
                return value
        raise ConsentStringError(f"gpp.{self.prefix}.{name}", "is not a field of this section")

    @classmethod
    def of(
        cls,
        prefix: str,
        *,
        gpc: bool | None = None,
        consent_segment: bool | None = None,
        **values: FieldValue,
    ) -> UsSection:
        """
        A section with the IAB's defaults, changed by *values* (checked on encoding).

        The consent segment is present by default in the sections that have one.
        """
        spec = next((s for s in section_specs().values() if s.prefix == prefix), None)
        if spec is None:
            raise ConsentStringError(f"gpp.{prefix}", "is not a US section this library knows")
        merged = _defaults(spec) | values
        version = _scalar(merged[spec.fields[spec.version][0].name], f"gpp.{prefix}.Version")
        if version not in spec.fields:
            raise ConsentStringError(f"gpp.{prefix}.Version", "is a version not known here")
        unknown = set(merged) - spec.names(version)
        if unknown:
            raise ConsentStringError(f"gpp.{prefix}.{min(unknown)}", "is not a field of it")
        present = bool(spec.consent) if consent_segment is None else consent_segment
        return cls(prefix=prefix, fields=tuple(merged.items()), gpc=gpc, consent_segment=present)


def read_us_section(spec: SectionSpec, text: str) -> UsSection:
    """Decode one US section: its core subsection and an optional GPC subsection."""
    where = f"gpp.{spec.prefix}"
    core, *subsections = text.split(".")
    reader = BitReader(core, where)
    first = spec.fields[spec.version][0].name
    version = reader.uint(6, first)
    layout = spec.fields.get(version)
    if layout is None:
        raise ConsentStringError(f"{where}.{first}", "is a version this library does not know")
    fields: list[tuple[str, FieldValue]] = [(first, version), *_read(reader, layout[1:])]
    gpc, consent = None, False
    for index, sub in enumerate(subsections, 1):
        r = BitReader(sub, f"{where}.subsection[{index}]")
        if spec.consent and index == 1:
            fields.extend(_read(r, spec.consent))
            consent = True
        elif spec.gpc and r.uint(2, "SubsectionType") == 1 and gpc is None:
            gpc = r.flag("Gpc")
        else:
            raise ConsentStringError(f"{where}.subsection[{index}]", "is not one it may carry")
    if spec.consent and not consent:
        fields.extend(_read_defaults(spec.consent))
    return UsSection(prefix=spec.prefix, fields=tuple(fields), gpc=gpc, consent_segment=consent)


def _scalar(value: FieldValue, where: str) -> int:
    if isinstance(value, tuple):
        raise ConsentStringError(where, "must be a single integer, not a list")
    return int(value)


def _read(reader: BitReader, layout: tuple[_Field, ...]) -> list[tuple[str, FieldValue]]:
    out: list[tuple[str, FieldValue]] = []
    for f in layout:
        if f.boolean:
            out.append((f.name, reader.flag(f.name)))
        elif f.size:
            out.append((f.name, tuple(reader.uint(f.width, f.name) for _ in range(f.size))))
        else:
            out.append((f.name, reader.uint(f.width, f.name)))
    return out


def _read_defaults(layout: tuple[_Field, ...]) -> list[tuple[str, FieldValue]]:
    return [(f.name, (0,) * f.size if f.size else 0) for f in layout]


def write_us_section(spec: SectionSpec, section: UsSection) -> str:
    """Encode one US section (the mirror of :func:`read_us_section`)."""
    values = dict(section.fields)
    first = spec.fields[spec.version][0].name
    version = values.get(first, spec.version)
    layout = spec.fields.get(_scalar(version, f"gpp.{spec.prefix}.{first}"))
    if layout is None:
        raise ConsentStringError(f"gpp.{spec.prefix}.{first}", "is a version not known here")
    parts = [_write(spec, layout, values)]
    if section.consent_segment and spec.consent:
        parts.append(_write(spec, spec.consent, values))
    if section.gpc is not None:
        if not spec.gpc:
            raise ConsentStringError(f"gpp.{spec.prefix}.Gpc", "this section has no GPC subsection")
        g = BitWriter()
        g.uint(1, 2, "SubsectionType")
        g.flag(section.gpc, "Gpc")
        parts.append(g.text())
    return ".".join(parts)


def _write(spec: SectionSpec, layout: tuple[_Field, ...], values: dict[str, FieldValue]) -> str:
    defaults = _defaults(spec)
    w = BitWriter()
    for f in layout:
        value = values.get(f.name, defaults.get(f.name, 0))
        where = f"gpp.{spec.prefix}.{f.name}"
        if f.size:
            items = tuple(value) if isinstance(value, tuple | list) else ()
            # Shorter lists are padded with zeros; a list from another version is cut to fit.
            for item in (items + (0,) * f.size)[: f.size]:
                w.uint(int(item), f.width, where)
        else:
            w.uint(_scalar(value, where), f.width, where)
    return w.text()
