"""
Automate the personal touch without becoming creepy.

``import personal_touch as pt`` reaches every public name.  The contact, consent and fact
values load with the package; decisions, messages, templates, moments, planning, the policy
engine and the packs load on first use of one of their names, so importing the package stays
cheap for every CLI call, worker start and cold start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

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
from ._facts import Fact, FactValue, Provenance, Sensitivity
from ._frozen import FrozenMap
from ._levels import Authorship, Level
from ._stages import Stage

if TYPE_CHECKING:
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
    from ._interactions import Interaction, InteractionKind
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

    __version__: str

#: Names resolved on first access (PEP 562), by the module that defines them.
_LAZY: dict[str, str] = {
    "ApprovedFact": "._decision",
    "Decision": "._decision",
    "Disclosure": "._decision",
    "DisclosureCode": "._decision",
    "Effect": "._decision",
    "GrantRef": "._decision",
    "Reason": "._decision",
    "Verdict": "._decision",
    "WithheldFact": "._decision",
    "Interaction": "._interactions",
    "InteractionKind": "._interactions",
    "ContentFlags": "._message",
    "Message": "._message",
    "MessagePurpose": "._message",
    "SenderProfile": "._sender",
    "Suppression": "._suppression",
    "SuppressionList": "._suppression",
    "SuppressionReason": "._suppression",
    "FollowUpCadence": "._moments._followups",
    "schedule_follow_ups": "._moments._followups",
    "Gesture": "._moments._gestures",
    "GestureKind": "._moments._gestures",
    "suggest_gestures": "._moments._gestures",
    "AnniversaryMoment": "._moments._model",
    "BirthdayMoment": "._moments._model",
    "CustomMoment": "._moments._model",
    "DataProblem": "._moments._model",
    "Event": "._moments._model",
    "EventKind": "._moments._model",
    "FollowUpMoment": "._moments._model",
    "LeapDay": "._moments._model",
    "LifeEventMoment": "._moments._model",
    "Moment": "._moments._model",
    "MomentKind": "._moments._model",
    "Outcome": "._moments._model",
    "PurchaseMoment": "._moments._model",
    "SourceFact": "._moments._model",
    "TeamResultMoment": "._moments._model",
    "Tone": "._moments._model",
    "TripMoment": "._moments._model",
    "Window": "._moments._model",
    "MomentOptions": "._moments._options",
    "AutomatedTask": "._moments._plan",
    "HumanTask": "._moments._plan",
    "Mention": "._moments._plan",
    "Plan": "._moments._plan",
    "Skip": "._moments._plan",
    "Writer": "._moments._plan",
    "moment_priority": "._moments._plan",
    "plan": "._moments._plan",
    "MomentScan": "._moments._scan",
    "ScanSummary": "._moments._scan",
    "detect_moments": "._moments._scan",
    "scan_moments": "._moments._scan",
    "decide": "._policy._engine",
    "DecisionRequest": "._policy._io",
    "default_policy": "._policy._engine",
    "enforce": "._policy._engine",
    "Policy": "._policy._policy",
    "StageTable": "._policy._policy",
    "Fallback": "._templates",
    "FallbackKind": "._templates",
    "LintFinding": "._templates",
    "Rendered": "._templates",
    "Requirements": "._templates",
    "SmsCost": "._templates",
    "SmsEncoding": "._templates",
    "Template": "._templates",
    "TemplateCatalog": "._templates",
    "TemplateLimits": "._templates",
    "TemplatePart": "._templates",
    "disclosure_text": "._templates",
    "lint": "._templates",
    "locale_chain": "._templates",
    "measure_sms": "._templates",
    "message_for": "._templates",
}

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

#: Public submodules reachable as attributes (``pt.packs``) without importing them first.
_SUBMODULES = frozenset({"converters", "filters", "packs", "rules", "testing"})


def __getattr__(name: str) -> object:
    """Import a lazily exported name on first use and keep it here (PEP 562)."""
    if name in _LAZY:
        value: object = getattr(import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = import_module(f".{name}", __name__)
    elif name == "__version__":
        value = _version()
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The names already loaded and every public one, loaded or not."""
    return sorted({*globals(), *__all__})


def _version() -> str:
    # importlib.metadata is slow to import: read the version only when asked for.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("personal-touch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0+unknown"  # not installed: no metadata to read the version from
