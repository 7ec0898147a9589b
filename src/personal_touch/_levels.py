"""
How personal a message is, and who wrote it.
"""

from __future__ import annotations

from ._ordered import OrderedStrEnum
from ._validators import StrictStrEnum


class Level(OrderedStrEnum):
    """
    How personal a message is, from the same-for-everyone to the written-for-you.

    Levels are ordered: ``Level.GENERIC < Level.INDIVIDUAL``.  A decision grants the highest
    level the rules permit; templates render only the parts that need no more than it.

    .. versionadded:: 0.1.0
    """

    #: The same for everyone: "Our spring collection is here."
    GENERIC = "generic"
    #: Chosen by audience, not by person: "Tips for new runners" sent to the running segment.
    SEGMENTED = "segmented"
    #: Substitution strings: "Hi Anna, news from Acme for Globex." Customization,
    #: not personalization.
    CUSTOMIZED = "customized"
    #: The person's own behaviour or stated preferences with us: "The size 38 boots you
    #: looked at are back in stock."
    CONTEXTUAL = "contextual"
    #: Personal facts and moments: "Hope the trip to New York goes well!"
    PERSONAL = "personal"
    #: Written one to one by a human being, for this person alone.
    INDIVIDUAL = "individual"


class Authorship(StrictStrEnum):
    """
    Who wrote a message.  Never fake 1:1 attention: automated messages say so.

    .. versionadded:: 0.1.0
    """

    #: Generated and sent by software without a person reading it first.
    AUTOMATED = "automated"
    #: Drafted by software, reviewed and sent by a person.
    ASSISTED = "assisted"
    #: Written one to one by a person.
    HUMAN = "human"


def optional_level(value: Level | str | None) -> Level | None:
    """
    Convert for attrs: a :class:`Level` or ``None``.
    """
    return None if value is None else Level(value)


def optional_authorship(value: Authorship | str | None) -> Authorship | None:
    """
    Convert for attrs: an :class:`Authorship` or ``None``.
    """
    return None if value is None else Authorship(value)
