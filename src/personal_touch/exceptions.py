"""
Typed errors raised by personal_touch.

Every error subclasses :class:`PersonalTouchError` and the builtin it resembles, so
callers can catch either.  Messages name the field and what is wrong with its value; they
never contain the value itself, so they are safe to log.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ConsentStateError",
    "InvalidFieldError",
    "InvalidInputError",
    "NaiveDateTimeError",
    "PersonalTouchError",
    "UnknownLocaleError",
    "UnknownStageError",
    "UnknownTimezoneError",
]


class PersonalTouchError(Exception):
    """
    Root of every error raised by personal_touch.
    """


class InvalidFieldError(PersonalTouchError, ValueError):
    """
    A field was given a value it cannot hold.

    Attributes:
        field: The name of the offending field.
        problem: What is wrong, in words that contain no personal data.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class NaiveDateTimeError(InvalidFieldError):
    """
    A datetime without a time zone was given where an aware one is required.
    """

    def __init__(self, field: str) -> None:
        super().__init__(field, "datetime must be time-zone aware (it has no tzinfo)")


class UnknownTimezoneError(InvalidFieldError, LookupError):
    """
    A time zone name is not an IANA time zone known to pendulum.
    """

    def __init__(self, field: str) -> None:
        super().__init__(field, "not a known IANA time zone name")


class UnknownLocaleError(InvalidFieldError, LookupError):
    """
    A locale identifier is not known to babel.
    """

    def __init__(self, field: str) -> None:
        super().__init__(field, "not a locale identifier known to babel")


class UnknownStageError(InvalidFieldError):
    """
    A funnel stage name is neither a :class:`~personal_touch.Stage` nor a known CRM alias.
    """

    def __init__(self, field: str = "stage") -> None:
        super().__init__(field, "not a known funnel stage or CRM lifecycle name")


class ConsentStateError(PersonalTouchError, ValueError):
    """
    A consent transition is impossible, e.g. withdrawing a grant twice.

    Attributes:
        grant_id: The id of the grant (never personal data).
        problem: What is wrong.
    """

    def __init__(self, grant_id: str, problem: str) -> None:
        self.grant_id = grant_id
        self.problem = problem
        super().__init__(f"consent grant {grant_id!r}: {problem}")


class InvalidInputError(PersonalTouchError, ValueError):
    """
    Serialized input could not be turned into personal_touch values.

    Attributes:
        errors: Every problem found, each as ``"<what is wrong> @ $.path"``.
    """

    def __init__(self, errors: Sequence[str], *, what: str = "input") -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"invalid {what} ({len(self.errors)} problem(s)):\n{lines}")
