"""
The JSON form of a decision request, for the command line and other edges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from .._consent import ConsentGrant
from .._contacts import Contact
from .._interactions import Interaction
from .._message import Message
from .._suppression import SuppressionList
from .._time import check_aware, to_datetime
from .._validators import instance_of, tuple_of
from ._engine import decide

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._decision import Decision
    from ._policy import Policy

__all__ = ["DecisionRequest"]


def _grants(values: Iterable[ConsentGrant]) -> tuple[ConsentGrant, ...]:
    return tuple_of(ConsentGrant, values, "consents")


def _interactions(values: Iterable[Interaction]) -> tuple[Interaction, ...]:
    return tuple_of(Interaction, values, "history")


@attrs.frozen(kw_only=True)
class DecisionRequest:
    """
    Everything decide() needs, as one value with a JSON form.

    Everything :func:`~personal_touch.decide` needs, as one value with a JSON form:
    ``{"contact": ..., "message": ..., "at": ..., "consents": [...], "history": [...],
    "suppressions": {"entries": [...]}}`` (``suppressions`` may be left out).

    .. versionadded:: 0.1.0
    """

    contact: Contact = attrs.field(validator=instance_of(Contact, "contact"))
    message: Message = attrs.field(validator=instance_of(Message, "message"))
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    consents: tuple[ConsentGrant, ...] = attrs.field(default=(), converter=_grants)
    history: tuple[Interaction, ...] = attrs.field(default=(), converter=_interactions)
    suppressions: SuppressionList = attrs.field(factory=SuppressionList)

    def decide(self, *, policy: Policy | None = None) -> Decision:
        """
        The decision for this request.
        """
        return decide(
            self.contact,
            self.message,
            consents=self.consents,
            history=self.history,
            suppressions=self.suppressions,
            at=self.at,
            policy=policy,
        )
