"""
The root error and the errors about values and serialized input.
"""

from __future__ import annotations

from collections.abc import Sequence


class PersonalTouchError(Exception):
    """
    Root of every error raised by personal_touch.

    .. versionadded:: 0.1.0
    """


class InvalidFieldError(PersonalTouchError, ValueError):
    """
    A field was given a value it cannot hold.

    Attributes:
        field: The name of the offending field.
        problem: What is wrong, in words that contain no personal data.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class NaiveDateTimeError(InvalidFieldError):
    """
    A datetime without a time zone was given where an aware one is required.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str) -> None:
        super().__init__(field, "datetime must be time-zone aware (it has no tzinfo)")


class UnknownTimezoneError(InvalidFieldError, LookupError):
    """
    A time zone name is not an IANA time zone known to pendulum.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str) -> None:
        super().__init__(field, "not a known IANA time zone name")


class UnknownLocaleError(InvalidFieldError, LookupError):
    """
    A locale identifier is not known to babel.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str) -> None:
        super().__init__(field, "not a locale identifier known to babel")


class UnknownStageError(InvalidFieldError):
    """
    A funnel stage name is neither a :class:`~personal_touch.Stage` nor a known CRM alias.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str = "stage") -> None:
        super().__init__(field, "not a known funnel stage or CRM lifecycle name")


class UnknownPurposeError(InvalidFieldError, LookupError):
    """
    A purpose is not in the documented vocabulary (a typo such as ``marketing.emial``).

    The message lists the valid choices; it never repeats the value given.

    Attributes:
        choices: Every valid purpose, sorted.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, choices: Sequence[str], *, summary: str | None = None) -> None:
        self.choices = tuple(choices)
        super().__init__(
            field, f"not a known purpose; expected one of: {summary or ', '.join(self.choices)}"
        )


class UnknownChannelError(InvalidFieldError, LookupError):
    """
    A channel is not a :class:`~personal_touch.Channel`.

    The message lists the valid choices; it never repeats the value given.

    Attributes:
        choices: Every valid channel, sorted.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, choices: Sequence[str]) -> None:
        self.choices = tuple(choices)
        super().__init__(field, f"not a known channel; expected one of: {', '.join(self.choices)}")


class ConsentStateError(PersonalTouchError, ValueError):
    """
    A consent transition is impossible, e.g. withdrawing a grant twice.

    Attributes:
        grant_id: The id of the grant (never personal data).
        problem: What is wrong.

    .. versionadded:: 0.1.0
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

    .. versionadded:: 0.1.0
    """

    def __init__(self, errors: Sequence[str], *, what: str = "input") -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"invalid {what} ({len(self.errors)} problem(s)):\n{lines}")


class InvalidFactError(InvalidFieldError):
    """
    A fact's value does not fit the kind its key promises.

    For example a birthday that is not a date, or a trip that returns before it departs.

    Attributes:
        contact_id: Whose fact it is (an id, never personal data).
        field: The fact key.
        problem: What is wrong, without the value.

    .. versionadded:: 0.1.0
    """

    def __init__(self, contact_id: str, key: str, problem: str) -> None:
        self.contact_id = contact_id
        super().__init__(key, problem)


class HistoryHorizonError(PersonalTouchError, ValueError):
    """
    A rule reads further back than a :class:`~personal_touch.HistorySummary` keeps.

    A summary keeps every interaction within its horizon of the latest one it holds (and the
    latest of each kind, channel and purpose before that); a rule asking about an older
    window, or about an instant before the horizon, cannot be answered from it.  Decide
    from the whole history, or keep a longer horizon.

    Attributes:
        needed_from: The epoch seconds the window asked about starts at.
        kept_from: The epoch seconds from which the summary keeps every interaction.

    .. versionadded:: 0.2.0
    """

    def __init__(self, needed_from: float, kept_from: float) -> None:
        self.needed_from = needed_from
        self.kept_from = kept_from
        days = (kept_from - needed_from) / 86_400.0
        super().__init__(
            f"history: a rule reads {days:.2f} days further back than the summary's horizon"
        )
