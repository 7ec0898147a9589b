"""
Typed errors raised by personal_touch.

Every error subclasses :class:`PersonalTouchError` and the builtin it resembles, so
callers can catch either.  Messages name the field and what is wrong with its value; they
never contain the value itself, so they are safe to log.  Nothing chained to them carries it
either: errors raised for bad input have no ``__cause__`` or ``__context__`` holding a
builtin error that would repeat the input (``logging.exception`` prints the whole chain).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

__all__ = [
    "ConsentStateError",
    "DecisionDeniedError",
    "FilterValueError",
    "InvalidFactError",
    "InvalidFieldError",
    "InvalidInputError",
    "MissingDisclosureError",
    "MissingValueError",
    "NaiveDateTimeError",
    "PersonalTouchError",
    "RenderError",
    "StaleDecisionError",
    "TemplateError",
    "TemplateLimitError",
    "TemplateSyntaxError",
    "UnknownChannelError",
    "UnknownFilterError",
    "UnknownLocaleError",
    "UnknownPurposeError",
    "UnknownStageError",
    "UnknownTimezoneError",
    "UnknownVariableError",
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


class TemplateError(PersonalTouchError):
    """
    Something is wrong with a template or with rendering it.

    Attributes:
        problem: What is wrong, in words that contain no personal data.
        line: The 1-based line in the template source, if known.
        column: The 1-based column in the template source, if known.
        template: The template's name, if it has one.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        template: str | None = None,
    ) -> None:
        self.problem = problem
        self.line = line
        self.column = column
        self.template = template
        where = template or "template"
        if line is not None:
            where += f", line {line}, column {column}"
        super().__init__(f"{where}: {problem}")


class TemplateSyntaxError(TemplateError, ValueError):
    """
    A template's source is malformed: an unclosed tag, a stray ``{% endif %}``, a bad path.

    .. versionadded:: 0.1.0
    """


class UnknownFilterError(TemplateSyntaxError, LookupError):
    """
    A template uses a filter that does not exist.

    Attributes:
        filter: The filter's name (template text, not personal data).

    .. versionadded:: 0.1.0
    """

    def __init__(self, name: str, *, line: int, column: int, template: str | None = None) -> None:
        self.filter = name
        super().__init__(f"unknown filter {name!r}", line=line, column=column, template=template)


class UnknownVariableError(TemplateSyntaxError, LookupError):
    """
    A template reads a variable outside the allow-list.

    The allow-list: ``contact.name.given`` and the other name parts, ``contact.company``,
    ``contact.birth_date``, ``facts.*``, ``extra.*``, ``register.*``, ``disclosures.<code>``.

    Attributes:
        path: The dotted path as written in the template.

    .. versionadded:: 0.1.0
    """

    def __init__(self, path: str, *, line: int, column: int, template: str | None = None) -> None:
        self.path = path
        super().__init__(
            f"{path!r} is not a variable templates may read",
            line=line,
            column=column,
            template=template,
        )


class TemplateLimitError(TemplateError, ValueError):
    """
    A template or its output exceeds a limit (source size, nesting depth, output size).

    Attributes:
        limit: The name of the limit, e.g. ``"max_depth"``.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        limit: str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        template: str | None = None,
    ) -> None:
        self.limit = limit
        super().__init__(problem, line=line, column=column, template=template)


class RenderError(TemplateError):
    """
    A template could not be rendered for this contact and decision.

    .. versionadded:: 0.1.0
    """


class StaleDecisionError(RenderError, ValueError):
    """
    A decision is used for a contact or a fact set it was not made for.

    Raised when rendering or briefing with a decision made for another contact, or after
    the contact's facts changed (an approved fact is gone, or the fact set differs from the
    one decided on).  Decide again.

    Attributes:
        contact_id: The contact it was used for (an id, never personal data).
        field: What differs: ``"contact_id"`` or ``"facts"``.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, contact_id: str, field: str, problem: str, *, template: str | None = None
    ) -> None:
        self.contact_id = contact_id
        self.field = field
        super().__init__(f"{field}: {problem} (contact {contact_id})", template=template)


class MissingValueError(RenderError, LookupError):
    """
    A value the template requires is unavailable and the template gives no fallback.

    The value is missing, withheld or not permitted: rendering fails closed instead of
    sending "Hi ,".

    Attributes:
        path: The dotted path as written in the template.
        reason: A machine code: ``"missing"``, ``"withheld"``, ``"not_usable"`` or ``"level"``.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        line: int,
        column: int,
        template: str | None = None,
    ) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path!r} is required but {_REASON_WORDS.get(reason, reason)} and has no fallback",
            line=line,
            column=column,
            template=template,
        )


class MissingDisclosureError(RenderError, LookupError):
    """
    The decision requires disclosures the rendered message would not carry.

    Neither the template nor the :class:`~personal_touch.SenderProfile` passed to render
    supplies them (no sender name, postal address or opt-out mechanism): rendering fails
    closed instead of sending a message the law forbids.

    Attributes:
        codes: The :class:`~personal_touch.DisclosureCode` values that are missing, sorted.

    .. versionadded:: 0.1.0
    """

    def __init__(self, codes: Sequence[str], *, template: str | None = None) -> None:
        self.codes = tuple(sorted({str(c) for c in codes}))
        super().__init__(
            "the decision requires disclosures the message does not carry and no sender "
            f"profile supplies: {', '.join(self.codes)}",
            template=template,
        )


_REASON_WORDS = {
    "missing": "missing",
    "withheld": "withheld by the decision",
    "not_usable": "not among the decision's usable facts",
    "level": "needs a higher level than the decision grants",
}


class FilterValueError(RenderError, ValueError):
    """
    A filter was given a value it cannot format (a date filter on text, say).

    Attributes:
        filter: The filter's name.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        name: str,
        problem: str,
        *,
        line: int,
        column: int,
        template: str | None = None,
    ) -> None:
        self.filter = name
        super().__init__(f"filter {name!r}: {problem}", line=line, column=column, template=template)


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


class _Reason(Protocol):
    """
    What the error reads of a decision's decisive reason.
    """

    @property
    def rule(self) -> str: ...

    @property
    def code(self) -> str: ...


class _Verdict(Protocol):
    """
    What the error reads of a verdict.
    """

    @property
    def value(self) -> str: ...


class _Decision(Protocol):
    """
    What the error reads of a :class:`~personal_touch.Decision`.

    Structural, so that this bottom module knows no value above it.
    """

    @property
    def decision_id(self) -> str: ...

    @property
    def verdict(self) -> _Verdict: ...

    @property
    def not_before(self) -> dt.datetime | None: ...

    @property
    def decisive_reason(self) -> _Reason | None: ...


class DecisionDeniedError(PersonalTouchError, PermissionError):
    """
    A decision does not allow sending now; raised by :func:`personal_touch.enforce`.

    The message names the decision id, the verdict and its decisive rule and code;
    like the decision's reasons it holds no personal data.

    Attributes:
        decision: The :class:`~personal_touch.Decision` (typed by what the error reads of
            it, so that this module imports nothing above it: narrow with
            ``isinstance(error.decision, Decision)`` to read the rest).

    .. versionadded:: 0.1.0
    """

    def __init__(self, decision: _Decision) -> None:
        self.decision = decision
        first = decision.decisive_reason
        why = f": {first.rule}/{first.code}" if first is not None else ""
        nb = decision.not_before
        when = f" until {nb.isoformat()}" if nb is not None else ""
        super().__init__(f"decision {decision.decision_id} is {decision.verdict.value}{when}{why}")
