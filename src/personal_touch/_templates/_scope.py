"""
The state of one render.

The inputs, the permissions derived from the decision, and what the render used and fell
back from.
"""

from __future__ import annotations

import sys
import zoneinfo
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._formats import register_for, zone

if TYPE_CHECKING:
    from .._contacts import Contact, Register
    from .._decision import Decision
    from .._facts import Fact
    from .._sender import SenderProfile
    from ._formats import LocaleFormats


_NONE: frozenset[str] = frozenset()
_EMPTY: Mapping[str, Any] = {}


class Scope:
    """
    Mutable per-render state; never escapes :meth:`Template.render`.

    The contact's time zone and register are found on first use (only some filters need
    them).
    """

    __slots__ = (
        "_register",
        "_tz",
        "contact",
        "decision",
        "extra",
        "facts",
        "fallbacks",
        "fmt",
        "granted",
        "keys",
        "max_output",
        "sender",
        "size",
        "template",
        "top",
        "used_facts",
        "withheld",
        "withheld_roots",
    )

    def __init__(  # noqa: PLR0917
        self,
        contact: Contact,
        decision: Decision,
        extra: Mapping[str, Any] | None,
        fmt: LocaleFormats,
        facts: dict[str, Fact],
        sender: SenderProfile | None = None,
        max_output: int = sys.maxsize,
        template: str | None = None,
    ) -> None:
        self.contact = contact
        self.decision = decision
        self.extra = _EMPTY if extra is None else extra
        self.fmt = fmt
        self.sender = sender
        self.granted = decision.level.rank
        withheld = decision.withheld_facts
        if withheld:
            self.withheld = keys = tuple([w.key for w in withheld])
            # The first part of each withheld key: a path starting elsewhere is not affected.
            self.withheld_roots = frozenset([k.partition(".")[0] for k in keys])
        else:
            self.withheld = ()
            self.withheld_roots = _NONE
        # The fact instances the decision approved, by key (:meth:`Decision.check_facts`):
        # never the contact's latest fact per key, so a fact the decision did not approve (a
        # newer one under the same key, an expired one, a child key) is not here.
        self.facts = facts
        self.keys: frozenset[str] | None = None
        self.used_facts: list[str] = []
        self.fallbacks: list[Any] = []
        self.top = 0
        # Characters rendered so far in the current part (body or subject), and the bound.
        self.size = 0
        self.max_output = max_output
        self.template = template
        self._tz: zoneinfo.ZoneInfo | None = None
        self._register: Register | None = None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """
        The zone dates are shown in: the contact's calendar zone.
        """
        tz = self._tz
        if tz is None:
            tz = self._tz = zone(self.contact.calendar_zone)
        return tz

    @property
    def register(self) -> Register:
        """
        The register to address the contact in (theirs if they said, else by stage).
        """
        register = self._register
        if register is None:
            contact = self.contact
            register = self._register = register_for(contact.stage, contact.preferences.register)
        return register

    def known_keys(self) -> frozenset[str]:
        """
        The keys of all the contact's facts (keys only, to tell "not usable" from "missing").
        """
        keys = self.keys
        if keys is None:
            keys = self.keys = frozenset(f.key for f in self.contact.known_facts)
        return keys
