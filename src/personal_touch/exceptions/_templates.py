"""
Errors of the template engine: syntax, limits and rendering.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._values import PersonalTouchError


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
        codes: The :class:`~personal_touch.values.DisclosureCode` values that are missing, sorted.

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
