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
    caps how personal a message may be by stage, and the default ceilings never fall as the
    stage rises.  A lapsed customer ranks below a customer (and a lapse is a move back:
    ``attrs.evolve(contact, stage=Stage.LAPSED_CUSTOMER, stage_since=at)``, since
    :meth:`Contact.advance_to <personal_touch.Contact.advance_to>` only moves forward); a
    supporter ranks just above a customer, with the same ceilings.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``LAPSED_CUSTOMER`` and ``SUPPORTER``.
    """

    #: They have noticed us: a follower, a subscriber, an e-book download.
    AWARENESS = "awareness"
    #: They are weighing what we offer: a lead, a marketing-qualified lead.
    CONSIDERATION = "consideration"
    #: They are about to choose: a sales-qualified lead, an open opportunity.
    DECISION = "decision"
    #: They bought from us, but not for a long while (a churned or dormant customer).
    #: Below a customer: attention from a relationship gone quiet reads as watching.
    LAPSED_CUSTOMER = "lapsed_customer"
    #: They bought from us once.
    CUSTOMER = "customer"
    #: They give to us, volunteer or are members (a charity's donor): a non-profit's
    #: customer, with a customer's ceilings.
    SUPPORTER = "supporter"
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
        ``"opportunity"``, ``"customer"``, ``"churned"``, ``"donor"``, ``"evangelist"``.

        Raises:
            UnknownStageError: *value* is not a stage or a known alias; it names the field
                (``stage``) and what is wrong, never *value* (it may be anything a CRM
                holds).  To keep the rest of a record whose stage is unknown, see
                :meth:`parse_or_none`.

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

    @classmethod
    def parse_or_none(cls, value: object) -> Self | None:
        """
        :meth:`parse` *value*, or ``None`` when it names no stage (nor alias).

        For lenient imports that keep the rest of a contact whose CRM stage is unknown and
        give it the lowest stage instead (:data:`UNKNOWN_STAGE_FALLBACK`): fail closed, as
        the earliest stage has the lowest ceilings.

        >>> Stage.parse_or_none("Donor"), Stage.parse_or_none("cold storage")
        (<Stage.SUPPORTER: 'supporter'>, None)

        .. versionadded:: 0.4.0
        """
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            return None
        alias = _ALIASES.get(_SEPARATORS.sub("", value.strip().lower()))
        return None if alias is None else cls(alias)


#: The stage a lenient import gives a contact whose stage is unknown: the earliest, whose
#: ceilings are the lowest (fail closed).
UNKNOWN_STAGE_FALLBACK = Stage.AWARENESS


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
    "lapsed": "lapsed_customer",
    "lapsedclient": "lapsed_customer",
    "churned": "lapsed_customer",
    "churnedcustomer": "lapsed_customer",
    "dormant": "lapsed_customer",
    "dormantcustomer": "lapsed_customer",
    "inactivecustomer": "lapsed_customer",
    "winback": "lapsed_customer",
    "customer": "customer",
    "client": "customer",
    "donor": "supporter",
    "member": "supporter",
    "volunteer": "supporter",
    "regulargiver": "supporter",
    "friend": "supporter",
    "repeat": "repeat_customer",
    "repeatclient": "repeat_customer",
    "loyalcustomer": "repeat_customer",
    "evangelist": "advocate",
    "promoter": "advocate",
    "ambassador": "advocate",
}
