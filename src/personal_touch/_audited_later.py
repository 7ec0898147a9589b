"""
A slot for a value's audit fields, filled when they are first read (the decision's base).
"""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING

__all__ = ["AuditedLater"]

#: The fields a decision made by the engine fills on first read (audit only).
_AUDIT_FIELDS = frozenset({"decision_id", "facts_digest"})


def _is_set(obj: object, name: str) -> bool:
    try:
        object.__getattribute__(obj, name)
    except AttributeError:
        return False
    return True


class AuditedLater:
    """
    A slot for what fills a decision's audit fields when they are first read.

    The engine leaves :attr:`Decision.decision_id` and :attr:`Decision.facts_digest` unset
    and puts in ``_audit`` a callable that computes either (``fill(decision, name)``) from
    the decision and the inputs it was made from; the first read of a field calls it
    (``__getattr__`` runs only for an unset slot, so later reads are plain slot reads),
    and the inputs are let go once both are set.  Comparing, hashing, pickling and
    unstructuring a decision read the fields, so they see the same values as a decision
    built with them.
    """

    __slots__ = ("_audit",)

    if not TYPE_CHECKING:  # a type checker must still see every attribute as declared

        def __getattr__(self, name: str) -> object:
            if name in _AUDIT_FIELDS:
                try:
                    fill = object.__getattribute__(self, "_audit")
                except AttributeError:
                    fill = None
                if fill is not None:
                    value = fill(self, name)
                    object.__setattr__(self, name, value)
                    if all(map(_is_set, repeat(self), _AUDIT_FIELDS)):
                        object.__setattr__(self, "_audit", None)  # let the inputs go
                    return value
            msg = f"{type(self).__name__!r} object has no attribute {name!r}"
            raise AttributeError(msg, name=name, obj=self)

    def _decided_from(self, contact: object) -> bool:
        """
        Whether this decision's pending audit was made from *contact* itself.

        The same (immutable) contact object has the same facts, so a caller checking that
        the facts did not change need not compute their digest.
        """
        try:
            fill = object.__getattribute__(self, "_audit")
        except AttributeError:
            return False
        return fill is not None and getattr(fill, "contact", None) is contact
