"""
A lenient import of a contact: an unknown CRM stage is set aside, not the whole contact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._contacts import Contact
from .._stages import UNKNOWN_STAGE_FALLBACK, Stage
from ..exceptions import UnknownStageError
from ._converter import default

__all__ = ["structure_contact_leniently"]


def structure_contact_leniently(data: Any) -> tuple[Contact, tuple[str, ...]]:
    """
    A contact from JSON-ready *data*, keeping it when only its stage is unknown.

    A stage that is neither a :class:`~personal_touch.Stage` nor a known CRM alias
    (:meth:`Stage.parse_or_none <personal_touch.Stage.parse_or_none>`) is replaced by the
    earliest stage, whose ceilings are the lowest (fail closed), and its ``stage_since`` is
    dropped (it dated a stage we do not know); every other field is structured as strictly
    as :func:`structure` does.  Returns the contact and the problems set aside, each as
    ``"<what is wrong> @ $.path"`` (never the value).

    >>> from personal_touch import converters
    >>> contact, problems = converters.structure_contact_leniently(
    ...     {"id": "c-1", "stage": "cold storage", "created_at": "2026-01-01T00:00:00Z"}
    ... )
    >>> contact.stage, problems
    (<Stage.AWARENESS: 'awareness'>, ('stage: not a known funnel stage or CRM lifecycle name @ $.stage',))

    Raises:
        InvalidInputError: Another field is invalid (the stage is never among the problems).

    .. versionadded:: 0.4.0
    """
    problems: tuple[str, ...] = ()
    if (
        isinstance(data, Mapping)
        and data.get("stage") is not None
        and Stage.parse_or_none(data["stage"]) is None
    ):
        error = UnknownStageError()
        problems = (f"{error.field}: {error.problem} @ $.stage",)
        data = {k: v for k, v in data.items() if k != "stage_since"}
        data["stage"] = UNKNOWN_STAGE_FALLBACK.value
    contact: Contact = default().structure(data, Contact)
    return contact, problems
