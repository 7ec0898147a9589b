"""
A rule shape limiting how often a person may be asked for consent (POPIA s. 69(2)).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._interactions import InteractionKind
from .._message import MessagePurpose
from .._validators import integer
from ._legal import LegalRule, optional_purposes

if TYPE_CHECKING:
    from .._policy._model import Outcome, Request

__all__ = ["ConsentRequestLimit"]

_ASKED = frozenset({InteractionKind.SENT, InteractionKind.CALLED})


@attrs.frozen(kw_only=True)
class ConsentRequestLimit(LegalRule):
    """
    Deny a request for consent once the person has been asked *limit* times.

    Counts earlier consent requests sent or called to the contact (on the guarded channels)
    up to the request's instant, whatever their outcome: a person who was asked and did not
    consent may not be asked again.

    .. versionadded:: 0.4.0
    """

    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=frozenset({MessagePurpose.CONSENT_REQUEST}), converter=optional_purposes
    )
    limit: int = attrs.field(default=1, validator=integer("limit", low=1))

    def asked(self, request: Request) -> int:
        """
        How many consent requests the contact was sent before the request's instant.
        """
        n = 0
        for i in request.history:
            if i.at > request.at:
                break
            if (
                i.kind in _ASKED
                and i.purpose is MessagePurpose.CONSENT_REQUEST
                and (self.channels is None or i.channel is None or i.channel in self.channels)
            ):
                n += 1
        return n

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if self.asked(request) < self.limit:
            return ()
        return (
            self.deny(
                "consent_already_requested",
                f"the person was already asked for consent {self.limit} time"
                f"{'s' if self.limit != 1 else ''}; the law allows no further request",
                "wait for the person to opt in on their own initiative",
            ),
        )
