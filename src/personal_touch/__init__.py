"""
Automate the personal touch without becoming creepy.

``import personal_touch as pt`` reaches every public name.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._channels import Channel, Format
from ._consent import (
    ConsentGrant,
    ConsentLedger,
    Evidence,
    GrantStatus,
    LawfulBasis,
    Purpose,
    Scope,
)
from ._contacts import (
    Contact,
    ContactPoint,
    DncRegistry,
    FrequencyLimit,
    Jurisdiction,
    Name,
    Period,
    Preferences,
    PrivacySignals,
    QuietHours,
    Register,
)
from ._decision import (
    Decision,
    Disclosure,
    DisclosureCode,
    Effect,
    GrantRef,
    Reason,
    Verdict,
    WithheldFact,
)
from ._facts import Fact, FactValue, Provenance, Sensitivity
from ._frozen import FrozenMap
from ._interactions import Interaction, InteractionKind
from ._levels import Authorship, Level
from ._message import ContentFlags, Message, MessagePurpose
from ._policy._engine import decide, default_policy, enforce
from ._policy._policy import Policy, StageTable
from ._stages import Stage

try:
    __version__ = version("personal-touch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Authorship",
    "Channel",
    "ConsentGrant",
    "ConsentLedger",
    "Contact",
    "ContactPoint",
    "ContentFlags",
    "Decision",
    "Disclosure",
    "DisclosureCode",
    "DncRegistry",
    "Effect",
    "Evidence",
    "Fact",
    "FactValue",
    "Format",
    "FrequencyLimit",
    "FrozenMap",
    "GrantRef",
    "GrantStatus",
    "Interaction",
    "InteractionKind",
    "Jurisdiction",
    "LawfulBasis",
    "Level",
    "Message",
    "MessagePurpose",
    "Name",
    "Period",
    "Policy",
    "Preferences",
    "PrivacySignals",
    "Provenance",
    "Purpose",
    "QuietHours",
    "Reason",
    "Register",
    "Scope",
    "Sensitivity",
    "Stage",
    "StageTable",
    "Verdict",
    "WithheldFact",
    "__version__",
    "decide",
    "default_policy",
    "enforce",
]
