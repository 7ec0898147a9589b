"""
Funnel stages, ordered from the first glance to the loudest fan.
"""

from __future__ import annotations

import re
from typing import Self

from ._ordered import OrderedStrEnum
from .exceptions import UnknownStageError


class Stage(OrderedStrEnum):
    """
    Where a person stands in their relationship with us.

    Stages are ordered: ``Stage.AWARENESS < Stage.CUSTOMER``.  The earlier the stage, the
    creepier personal attention feels (the *consent-creep correlation*), so the policy engine
    caps how personal a message may be by stage.

    .. versionadded:: 0.1.0
    """

    #: They have noticed us: a follower, a subscriber, an e-book download.
    AWARENESS = "awareness"
    #: They are weighing what we offer: a lead, a marketing-qualified lead.
    CONSIDERATION = "consideration"
    #: They are about to choose: a sales-qualified lead, an open opportunity.
    DECISION = "decision"
    #: They bought from us once.
    CUSTOMER = "customer"
    #: They came back and bought again.
    REPEAT_CUSTOMER = "repeat_customer"
    #: They recommend us to others.
    ADVOCATE = "advocate"

    @classmethod
    def parse(cls, value: str | Stage) -> Self:
        """
        Parse a stage or a common CRM lifecycle name; idempotent for members.

        Accepts our own values and HubSpot/Salesforce style names in any case, with
        spaces, hyphens or none: ``"subscriber"``, ``"lead"``,
        ``"marketing qualified lead"`` (``"MQL"``), ``"salesqualifiedlead"`` (``"SQL"``),
        ``"opportunity"``, ``"customer"``, ``"evangelist"``.

        Raises:
            UnknownStageError: *value* is not a stage or a known alias.

        >>> Stage.parse("Marketing Qualified Lead")
        <Stage.CONSIDERATION: 'consideration'>
        """
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise UnknownStageError
        key = _SEPARATORS.sub("", value.strip().lower())
        alias = _ALIASES.get(key)
        if alias is None:
            raise UnknownStageError
        return cls(alias)


_SEPARATORS = re.compile(r"[\s_\-]+")

_ALIASES: dict[str, str] = {
    # our own values, separators removed
    **{_SEPARATORS.sub("", s.value): s.value for s in Stage},
    "visitor": "awareness",
    "prospect": "awareness",
    "subscriber": "awareness",
    "follower": "awareness",
    "lead": "consideration",
    "marketingqualifiedlead": "consideration",
    "mql": "consideration",
    "salesqualifiedlead": "decision",
    "sql": "decision",
    "opportunity": "decision",
    "customer": "customer",
    "client": "customer",
    "repeat": "repeat_customer",
    "repeatclient": "repeat_customer",
    "loyalcustomer": "repeat_customer",
    "evangelist": "advocate",
    "promoter": "advocate",
    "ambassador": "advocate",
}
