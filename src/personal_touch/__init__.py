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
    ApprovedFact,
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
from ._moments._followups import FollowUpCadence, schedule_follow_ups
from ._moments._gestures import Gesture, GestureKind, suggest_gestures
from ._moments._model import (
    AnniversaryMoment,
    BirthdayMoment,
    CustomMoment,
    DataProblem,
    Event,
    EventKind,
    FollowUpMoment,
    LeapDay,
    LifeEventMoment,
    Moment,
    MomentKind,
    Outcome,
    PurchaseMoment,
    SourceFact,
    TeamResultMoment,
    Tone,
    TripMoment,
    Window,
)
from ._moments._options import MomentOptions
from ._moments._plan import (
    AutomatedTask,
    HumanTask,
    Mention,
    Plan,
    Skip,
    Writer,
    moment_priority,
    plan,
)
from ._moments._scan import MomentScan, ScanSummary, detect_moments, scan_moments
from ._policy._engine import decide, default_policy, enforce
from ._policy._policy import Policy, StageTable
from ._sender import SenderProfile
from ._stages import Stage
from ._suppression import Suppression, SuppressionList, SuppressionReason
from ._templates import (
    Fallback,
    FallbackKind,
    LintFinding,
    Rendered,
    Requirements,
    SmsCost,
    SmsEncoding,
    Template,
    TemplateCatalog,
    TemplateLimits,
    TemplatePart,
    disclosure_text,
    lint,
    locale_chain,
    measure_sms,
    message_for,
)

try:
    __version__ = version("personal-touch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"  # not installed: no metadata to read the version from

__all__ = [
    "AnniversaryMoment",
    "ApprovedFact",
    "Authorship",
    "AutomatedTask",
    "BirthdayMoment",
    "Channel",
    "ConsentGrant",
    "ConsentLedger",
    "Contact",
    "ContactPoint",
    "ContentFlags",
    "CustomMoment",
    "DataProblem",
    "Decision",
    "Disclosure",
    "DisclosureCode",
    "DncRegistry",
    "Effect",
    "Event",
    "EventKind",
    "Evidence",
    "Fact",
    "FactValue",
    "Fallback",
    "FallbackKind",
    "FollowUpCadence",
    "FollowUpMoment",
    "Format",
    "FrequencyLimit",
    "FrozenMap",
    "Gesture",
    "GestureKind",
    "GrantRef",
    "GrantStatus",
    "HumanTask",
    "Interaction",
    "InteractionKind",
    "Jurisdiction",
    "LawfulBasis",
    "LeapDay",
    "Level",
    "LifeEventMoment",
    "LintFinding",
    "Mention",
    "Message",
    "MessagePurpose",
    "Moment",
    "MomentKind",
    "MomentOptions",
    "MomentScan",
    "Name",
    "Outcome",
    "Period",
    "Plan",
    "Policy",
    "Preferences",
    "PrivacySignals",
    "Provenance",
    "PurchaseMoment",
    "Purpose",
    "QuietHours",
    "Reason",
    "Register",
    "Rendered",
    "Requirements",
    "ScanSummary",
    "Scope",
    "SenderProfile",
    "Sensitivity",
    "Skip",
    "SmsCost",
    "SmsEncoding",
    "SourceFact",
    "Stage",
    "StageTable",
    "Suppression",
    "SuppressionList",
    "SuppressionReason",
    "TeamResultMoment",
    "Template",
    "TemplateCatalog",
    "TemplateLimits",
    "TemplatePart",
    "Tone",
    "TripMoment",
    "Verdict",
    "Window",
    "WithheldFact",
    "Writer",
    "__version__",
    "decide",
    "default_policy",
    "detect_moments",
    "disclosure_text",
    "enforce",
    "lint",
    "locale_chain",
    "measure_sms",
    "message_for",
    "moment_priority",
    "plan",
    "scan_moments",
    "schedule_follow_ups",
    "suggest_gestures",
]
