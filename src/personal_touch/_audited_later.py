"""
A slot for a value's audit fields, filled when they are first read (the decision's base).
"""

from __future__ import annotations

from types import MemberDescriptorType
from typing import Any

__all__ = ["AuditedLater", "is_filled", "pending"]

#: The fields a decision made by the engine fills on first read (audit only).
_AUDIT_FIELDS = ("decision_id", "facts_digest")


class _FilledOnRead:
    """
    A field's slot that, read while still unset, is filled from the owner's ``_audit``.

    It wraps the slot (a member descriptor) that ``__slots__`` made for the field: a set
    slot is read and written through it unchanged, so only the first read of an unset one
    costs more.  A data descriptor on the class, not a ``__getattr__``: a class with one
    reads *every* attribute through a slower hook the interpreter cannot specialize.
    """

    __slots__ = ("slot",)

    def __init__(self, slot: MemberDescriptorType) -> None:
        self.slot = slot

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self.slot
        try:
            return self.slot.__get__(obj, owner)
        except AttributeError:
            fill = _pending(obj)
            if fill is None:
                raise
        name = self.slot.__name__
        value = fill(obj, name)
        self.slot.__set__(obj, value)
        if all(is_filled(obj, field) for field in _AUDIT_FIELDS):
            object.__setattr__(obj, "_audit", None)  # let the inputs go
        return value

    def __set__(self, obj: object, value: object) -> None:
        self.slot.__set__(obj, value)

    def __delete__(self, obj: object) -> None:
        self.slot.__delete__(obj)


def _pending(obj: object) -> Any:
    """What fills *obj*'s audit fields, or ``None`` (none was given, or both are set)."""
    try:
        return object.__getattribute__(obj, "_audit")
    except AttributeError:
        return None


def pending(obj: object) -> object:
    """
    What *obj* would fill its audit fields from (the inputs it was made from), or ``None``.
    """
    return _pending(obj)


def is_filled(obj: object, name: str) -> bool:
    """
    Whether audit field *name* of *obj* holds its value (without filling it).
    """
    field = type(obj).__dict__.get(name)
    slot = field.slot if isinstance(field, _FilledOnRead) else field
    try:
        slot.__get__(obj, type(obj))  # type: ignore[union-attr]
    except AttributeError:
        return False
    return True


class AuditedLater:
    """
    A slot for what fills a decision's audit fields when they are first read.

    The engine leaves :attr:`Decision.decision_id` and :attr:`Decision.facts_digest` unset
    and puts in ``_audit`` a callable that computes either (``fill(decision, name)``) from
    the decision and the inputs it was made from; the first read of a field calls it and
    keeps the value in the field's slot, and the inputs are let go once both are set.
    Comparing, hashing, pickling and unstructuring a decision read the fields, so they see
    the same values as a decision built with them.

    The class a subclass's ``__slots__`` creates (attrs makes a slotted copy of the class)
    gets, for each audit field, a descriptor around the field's slot that does the filling
    (:class:`_FilledOnRead`); every other attribute stays a plain slot.
    """

    __slots__ = ("_audit",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in _AUDIT_FIELDS:
            slot = cls.__dict__.get(name)
            if isinstance(slot, MemberDescriptorType):
                setattr(cls, name, _FilledOnRead(slot))

    def _decided_from(self, contact: object) -> bool:
        """
        Whether this decision's pending audit was made from *contact* itself.

        The same (immutable) contact object has the same facts, so a caller checking that
        the facts did not change need not compute their digest.
        """
        fill = _pending(self)
        return fill is not None and getattr(fill, "contact", None) is contact
