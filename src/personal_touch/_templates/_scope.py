"""
The state of one render.

The inputs, the permissions derived from the decision, and what the render used and fell
back from.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._contacts import Contact, Register
    from .._decision import Decision
    from .._facts import Fact
    from .._sender import SenderProfile
    from ._formats import LocaleFormats


class Scope:
    """
    Mutable per-render state; never escapes :meth:`Template.render`.
    """

    __slots__ = (
        "contact",
        "decision",
        "extra",
        "facts",
        "fallbacks",
        "fmt",
        "granted",
        "register",
        "sender",
        "top",
        "tz",
        "usable",
        "used_facts",
        "withheld",
    )

    def __init__(  # noqa: PLR0917
        self,
        contact: Contact,
        decision: Decision,
        extra: Mapping[str, Any],
        fmt: LocaleFormats,
        tz: zoneinfo.ZoneInfo,
        register: Register,
        *,
        sender: SenderProfile | None = None,
    ) -> None:
        self.contact = contact
        self.decision = decision
        self.extra = extra
        self.fmt = fmt
        self.tz = tz
        self.register = register
        self.sender = sender
        self.granted = decision.level.rank
        self.usable = decision.usable_facts
        self.withheld = tuple(w.key for w in decision.withheld_facts)
        self.facts: dict[str, Fact] | None = None
        self.used_facts: list[str] = []
        self.fallbacks: list[Any] = []
        self.top = 0

    def index_facts(self) -> dict[str, Fact]:
        """
        The contact's latest fact per key, indexed once per render on first use.
        """
        index: dict[str, Fact] = {}
        for f in self.contact.facts:
            old = index.get(f.key)
            if old is None or f.recorded_at >= old.recorded_at:
                index[f.key] = f
        self.facts = index
        return index
