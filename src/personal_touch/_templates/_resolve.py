"""
Resolve a variable's path in a render's scope, with the decision's permissions applied.

Each path becomes, once per template, a small function ``scope -> (value, reason, fact key)``:
*reason* is ``None`` when the value is available, else why not (``"level"``, ``"withheld"``,
``"not_usable"``, ``"missing"``).  Facts resolve only to the exact instances the decision
approved (:attr:`~personal_touch.Decision.approved_facts`, matched by identity).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .._contacts import Register
from .._decision import DisclosureCode
from .._frozen import FrozenMap
from ._disclosures import disclosure_for
from ._scope import Scope
from ._variables import covers, level_of, longest_key

if TYPE_CHECKING:
    from . import _ast as ast

#: ``scope -> (value, reason, fact key)``; *reason* is ``None`` when the value is available.
Resolve = Callable[[Scope], tuple[Any, str | None, str | None]]

#: How each allowed contact path is read (the level is checked before).
CONTACT_GETTERS: dict[tuple[str, ...], Callable[[Any], Any]] = {
    ("name",): lambda c: c.name if (c.name.given or c.name.family or c.name.preferred) else None,
    ("name", "given"): lambda c: c.name.given,
    ("name", "family"): lambda c: c.name.family,
    ("name", "preferred"): lambda c: c.name.preferred,
    ("name", "honorific"): lambda c: c.name.honorific,
    ("name", "informal"): lambda c: c.name.informal,
    ("company",): lambda c: c.company,
    ("birth_date",): lambda c: c.birth_date,
}

#: Paths with at most this many parts look their candidate keys up in a table of prefixes.
_PREFIX_TABLE = 8


class _Ancestors:
    """
    The keys at or above a long dotted path, tested without building each prefix.
    """

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def isdisjoint(self, keys: Iterable[str]) -> bool:
        """
        Whether none of *keys* is the path or lies above it.
        """
        return not any(covers(k, self.path) for k in keys)


def _longest(
    path: str, keys: Iterable[str], parts: tuple[str, ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """
    The longest of *keys* at or above *path*, if any, with the parts below it.

    The candidates of a long path (see :func:`_fact`).
    """
    key = longest_key(path, keys)
    return () if key is None else ((key, parts[key.count(".") + 1 :]),)


def resolver(path: ast.Path) -> Resolve:
    """
    A function finding *path*'s value in a scope, with the permission checks applied.
    """
    return _BY_ROOT[path.root](path)


def _contact(path: ast.Path) -> Resolve:
    need = level_of(path.root, path.parts).rank
    get = CONTACT_GETTERS[path.parts]

    def contact_value(s: Scope) -> tuple[Any, str | None, str | None]:
        if s.granted < need:
            return None, "level", None
        v = get(s.contact)
        if v is None:
            return None, "missing", None
        return v, None, None

    return contact_value


def _extra(path: ast.Path) -> Resolve:
    key = path.parts[0]

    def extra_value(s: Scope) -> tuple[Any, str | None, str | None]:
        v = s.extra.get(key)
        if v is None or v == "":
            return None, "missing", None
        return v, None, None

    return extra_value


def _register(path: ast.Path) -> Resolve:
    formal = path.parts[0] == "formal"

    def register_value(s: Scope) -> tuple[Any, str | None, str | None]:
        return (s.register is Register.FORMAL) is formal, None, None

    return register_value


def _disclosure(path: ast.Path) -> Resolve:
    code = DisclosureCode(path.parts[0])

    def disclosure_value(s: Scope) -> tuple[Any, str | None, str | None]:
        d = s.decision
        text = disclosure_for(code, d.disclosures, s.sender, s.fmt.name, d.message.channel)
        if text is None:
            return None, "missing", None
        return text, None, None

    return disclosure_value


def _fact(path: ast.Path) -> Resolve:
    need = level_of(path.root, path.parts).rank
    parts = path.parts
    full = ".".join(parts)
    prefixes: frozenset[str] | _Ancestors
    candidates: tuple[tuple[str, tuple[str, ...]], ...]
    if len(parts) <= _PREFIX_TABLE:
        # Candidate fact keys, longest first: the value may be a field of a mapping-valued fact.
        candidates = tuple((".".join(parts[:i]), parts[i:]) for i in range(len(parts), 0, -1))
        prefixes = frozenset(key for key, _ in candidates)
    else:
        # Every prefix of a long path would be quadratic in its length: scan the keys instead.
        candidates = ()
        prefixes = _Ancestors(full)

    def fact_value(s: Scope) -> tuple[Any, str | None, str | None]:
        if s.granted < need:
            return None, "level", None
        withheld = s.withheld
        if withheld and not prefixes.isdisjoint(withheld):
            return None, "withheld", None
        index = s.facts
        for key, rest in candidates or _longest(full, index, parts):  # noqa: B007 - used below
            fact = index.get(key)
            if fact is not None:
                break
        else:
            # Only approved instances resolve; say why nothing did, from keys alone.
            if prefixes.isdisjoint(s.known_keys()):
                return None, "missing", None
            return None, "not_usable", None
        if withheld:
            below = key + "."
            if any(w.startswith(below) for w in withheld):
                return None, "withheld", None
        value: Any = fact.value
        for part in rest:  # the field of a mapping-valued fact
            if value.__class__ is not FrozenMap and not isinstance(value, Mapping):
                return None, "missing", None
            try:
                value = value[part]
            except KeyError:
                return None, "missing", None
        if value is None or value in ("", ()):
            return None, "missing", None
        return value, None, key

    return fact_value


_BY_ROOT: dict[str, Callable[[ast.Path], Resolve]] = {
    "contact": _contact,
    "facts": _fact,
    "extra": _extra,
    "register": _register,
    "disclosures": _disclosure,
}
