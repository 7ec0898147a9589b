"""
The allow-list of variables a template may read, and the level each one needs.

Templates never reach attributes by name: each readable path is listed here.

* ``contact.name`` (the :class:`~personal_touch.Name`, shown by the ``name`` filter),
  ``contact.name.given``, ``.family``, ``.preferred``, ``.honorific``, ``.informal``,
  ``contact.company``: substitution strings, :attr:`Level.CUSTOMIZED`;
* ``contact.birth_date``: :attr:`Level.PERSONAL`;
* ``facts.<key>[.<field>...]``: a fact's value (or a field of a mapping value), usable only
  when the decision lists the fact as usable; at least :attr:`Level.CONTEXTUAL`;
* ``extra.<name>``: values the caller passes (links, offer codes; never personal data),
  :attr:`Level.GENERIC`;
* ``register.formal``/``register.informal``: whether to address the contact formally,
  :attr:`Level.GENERIC`;
* ``disclosures.<code>`` (a :class:`~personal_touch.values.DisclosureCode` value, e.g.
  ``disclosures.unsubscribe``): the disclosure's text in the contact's language, as the
  decision requires it or from the render's sender profile, :attr:`Level.GENERIC`; a required
  disclosure the template says this way is not appended again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .._decision import DisclosureCode
from .._levels import Level

#: Contact fields templates may read, with the level each needs.
CONTACT_FIELDS: dict[tuple[str, ...], Level] = {
    ("name",): Level.CUSTOMIZED,
    ("name", "given"): Level.CUSTOMIZED,
    ("name", "family"): Level.CUSTOMIZED,
    ("name", "preferred"): Level.CUSTOMIZED,
    ("name", "honorific"): Level.CUSTOMIZED,
    ("name", "informal"): Level.CUSTOMIZED,
    ("company",): Level.CUSTOMIZED,
    ("birth_date",): Level.PERSONAL,
}

REGISTER_FIELDS = frozenset({("formal",), ("informal",)})

#: The level a fact needs at least (the decision decides which facts are usable).
FACT_LEVEL = Level.CONTEXTUAL

DISCLOSURE_FIELDS = frozenset((c.value,) for c in DisclosureCode)

ROOTS = ("contact", "facts", "extra", "register", "disclosures")

_SEGMENT = re.compile(r"^[a-z0-9_]+$")
_EXTRA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_allowed(root: str, parts: tuple[str, ...]) -> bool:
    """
    Whether ``root.parts`` is a variable templates may read.
    """
    if root == "contact":
        return parts in CONTACT_FIELDS
    if root == "facts":
        return bool(parts) and all(_SEGMENT.match(p) for p in parts)
    if root == "extra":
        return len(parts) == 1 and bool(_EXTRA.match(parts[0]))
    if root == "register":
        return parts in REGISTER_FIELDS
    if root == "disclosures":
        return parts in DISCLOSURE_FIELDS
    return False


def covers(key: str, path: str) -> bool:
    """
    Whether the fact key *key* is *path* itself or lies above it (``a`` covers ``a.b``).
    """
    return path.startswith(key) and (len(path) == len(key) or path[len(key)] == ".")


def longest_key(path: str, keys: Iterable[str]) -> str | None:
    """
    The longest of *keys* that covers *path*, found in time linear in the sizes involved.

    Trying every prefix of *path* instead would be quadratic in its length.
    """
    best: str | None = None
    for key in keys:
        if (best is None or len(key) > len(best)) and covers(key, path):
            best = key
    return best


def level_of(root: str, parts: tuple[str, ...]) -> Level:
    """
    The level reading ``root.parts`` needs on its own (outside any level block).
    """
    if root == "contact":
        return CONTACT_FIELDS[parts]
    if root == "facts":
        return FACT_LEVEL
    return Level.GENERIC
