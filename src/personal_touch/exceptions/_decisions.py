"""
The error :func:`personal_touch.enforce` raises for a decision that does not allow sending.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from ._values import PersonalTouchError


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


class DecisionInputsError(PersonalTouchError, LookupError):
    """
    A decision no longer holds the inputs it was made from, so it cannot be re-decided.

    Raised by :meth:`personal_touch.Decision.what_if` for a decision made by hand, read
    from JSON or a pickle, or whose audit fields (``decision_id`` and ``facts_digest``)
    were both read, which lets its inputs go.  Ask before reading both, or decide again.

    Attributes:
        contact_id: The decision's contact (an id, never personal data).

    .. versionadded:: 0.3.0
    """

    def __init__(self, contact_id: str) -> None:
        self.contact_id = contact_id
        super().__init__(
            f"the decision for contact {contact_id} no longer holds the inputs it was made "
            "from: decide again, and ask what_if() before reading both decision_id and "
            "facts_digest"
        )
