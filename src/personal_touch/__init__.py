"""
Automate the personal touch without becoming creepy.

``import personal_touch as pt`` reaches what you type in the first hour: the core values, the
verbs (:func:`decide`, :func:`prepare`, :func:`plan`, :func:`detect_moments`, :func:`lint`) and
:class:`Template`.  Families of rarer names live in public submodules you import by name:
:mod:`personal_touch.values` (the parts of the core values), :mod:`personal_touch.templates`,
:mod:`personal_touch.moments`, :mod:`personal_touch.listening`, :mod:`personal_touch.rules`,
:mod:`personal_touch.packs`, :mod:`personal_touch.converters`, :mod:`personal_touch.filters`,
:mod:`personal_touch.triggers`, :mod:`personal_touch.experiments`,
:mod:`personal_touch.exceptions` and :mod:`personal_touch.testing`.

The contact and fact values load with the package; consent, decisions, messages, templates,
moments, planning, the policy engine and the packs load on first use of one of their names, so
importing the package stays cheap for every CLI call, worker start and cold start.
"""

import typing as _typing
import warnings as _warnings
from importlib import import_module as _import_module

from ._channels import Channel, Medium
from ._contacts import Contact, ContactPoint, Jurisdiction, Name, Preferences, PrivacySignals
from ._facts import Fact, Provenance, Sensitivity
from ._levels import Level
from ._stages import Stage

if _typing.TYPE_CHECKING:
    from ._consent import ConsentGrant, ConsentLedger, Evidence, LawfulBasis, Purpose
    from ._decision import Decision, Reason, Verdict
    from ._interactions import Interaction, InteractionKind
    from ._message import ContentFlags, Message, MessagePurpose
    from ._moments._model import Moment
    from ._moments._scan import detect_moments, scan_moments
    from ._planning._plan import Plan
    from ._planning._planner import plan
    from ._policy._engine import decide, decide_many, default_policy, enforce
    from ._policy._io import DecisionRequest
    from ._policy._policy import Policy
    from ._policy._prepared import Prepared, prepare
    from ._relevance import rank
    from ._sender import SenderProfile
    from ._signals import Signal, SignalKind, learn
    from ._suppression import Suppression, SuppressionList
    from ._templates import Template, TemplateCatalog, lint, message_for

    __version__: str

#: Names resolved on first access (PEP 562), by the module that defines them.
_LAZY: dict[str, str] = {
    "ConsentGrant": "._consent",
    "ConsentLedger": "._consent",
    "Evidence": "._consent",
    "LawfulBasis": "._consent",
    "Purpose": "._consent",
    "Decision": "._decision",
    "Reason": "._decision",
    "Verdict": "._decision",
    "Interaction": "._interactions",
    "InteractionKind": "._interactions",
    "ContentFlags": "._message",
    "Message": "._message",
    "MessagePurpose": "._message",
    "SenderProfile": "._sender",
    "Signal": "._signals",
    "SignalKind": "._signals",
    "learn": "._signals",
    "Suppression": "._suppression",
    "SuppressionList": "._suppression",
    "Moment": "._moments._model",
    "Plan": "._planning._plan",
    "plan": "._planning._planner",
    "detect_moments": "._moments._scan",
    "scan_moments": "._moments._scan",
    "decide": "._policy._engine",
    "decide_many": "._policy._engine",
    "DecisionRequest": "._policy._io",
    "default_policy": "._policy._engine",
    "enforce": "._policy._engine",
    "Policy": "._policy._policy",
    "Prepared": "._policy._prepared",
    "prepare": "._policy._prepared",
    "rank": "._relevance",
    "Template": "._templates",
    "TemplateCatalog": "._templates",
    "lint": "._templates",
    "message_for": "._templates",
}

#: Names that left the top level, deprecated here for one release: old name -> (home, name).
_MOVED: dict[str, tuple[str, str]] = {
    **{
        name: ("values", name)
        for name in (
            "ApprovedFact", "Authorship", "Disclosure", "DisclosureCode", "DncRegistry",
            "Effect", "FactValue", "FrequencyLimit", "FrozenMap", "GrantRef", "GrantStatus",
            "Period", "QuietHours", "Register", "SuppressionReason", "WithheldFact",
        )
    },
    **{
        name: ("templates", name)
        for name in (
            "Fallback", "FallbackKind", "LintFinding", "Rendered", "Requirements", "SmsCost",
            "SmsEncoding", "TemplateLimits", "TemplatePart", "disclosure_text", "locale_chain",
            "measure_sms",
        )
    },
    **{
        name: ("moments", name)
        for name in (
            "AnniversaryMoment", "AutomatedTask", "BirthdayMoment", "CustomMoment",
            "DataProblem", "Event", "EventKind", "FollowUpCadence", "FollowUpMoment",
            "Gesture", "GestureKind", "HumanTask", "LeapDay", "LifeEventMoment", "Mention",
            "MomentKind", "MomentOptions", "MomentScan", "PurchaseMoment", "ScanSummary",
            "Skip", "SourceFact", "TeamResultMoment", "Tone", "TripMoment", "Window",
            "Writer", "moment_priority", "schedule_follow_ups", "suggest_gestures",
        )
    },
    "StageTable": ("rules", "StageTable"),
    # Renamed: the old names misled.
    "Format": ("", "Medium"),
    "Outcome": ("moments", "MatchResult"),
    "Scope": ("values", "GrantScope"),
}  # fmt: skip

__all__ = [
    "Channel",
    "ConsentGrant",
    "ConsentLedger",
    "Contact",
    "ContactPoint",
    "ContentFlags",
    "Decision",
    "DecisionRequest",
    "Evidence",
    "Fact",
    "Interaction",
    "InteractionKind",
    "Jurisdiction",
    "LawfulBasis",
    "Level",
    "Medium",
    "Message",
    "MessagePurpose",
    "Moment",
    "Name",
    "Plan",
    "Policy",
    "Preferences",
    "Prepared",
    "PrivacySignals",
    "Provenance",
    "Purpose",
    "Reason",
    "SenderProfile",
    "Sensitivity",
    "Signal",
    "SignalKind",
    "Stage",
    "Suppression",
    "SuppressionList",
    "Template",
    "TemplateCatalog",
    "Verdict",
    "decide",
    "decide_many",
    "default_policy",
    "detect_moments",
    "enforce",
    "learn",
    "lint",
    "message_for",
    "plan",
    "prepare",
    "rank",
    "scan_moments",
]

#: Public submodules reachable as attributes (``pt.packs``) without importing them first.
_SUBMODULES = frozenset(
    {"converters", "exceptions", "experiments", "filters", "listening", "moments", "packs",
     "rules", "templates", "testing", "triggers", "values"}
)  # fmt: skip


def __getattr__(name: str) -> object:
    """Import a lazily exported name on first use and keep it here (PEP 562)."""
    if name in _MOVED:
        return _moved(name)
    if name in _LAZY:
        value: object = getattr(_import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = _import_module(f".{name}", __name__)
    elif name == "__version__":
        value = _version()
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The names already loaded and every public name and submodule, loaded or not."""
    return sorted({*globals(), *__all__, *_SUBMODULES})


def _moved(name: str) -> object:
    """A name that left the top level: warn (on every access) and return it from its home."""
    home, new = _MOVED[name]
    where = f"{__name__}.{home}" if home else __name__
    _warnings.warn(
        f"{__name__}.{name} is deprecated and will be removed in the next release; "
        f"use {where}.{new}",
        DeprecationWarning,
        stacklevel=3,
    )
    return getattr(_import_module(where), new)


def _version() -> str:
    # importlib.metadata is slow to import: read the version only when asked for.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("personal-touch")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0+unknown"  # not installed: no metadata to read the version from
