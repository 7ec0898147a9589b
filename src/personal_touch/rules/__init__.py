"""
The policy engine's building blocks, for writing and arranging rules.

A rule is any object with an ``id`` and a ``__call__(request)`` returning outcomes
(:class:`Permit`, :class:`Deny`, :class:`Defer`, :class:`Cap`, :class:`Withhold`,
:class:`Disclose`, :class:`Note`); :func:`rule` turns a function into one.  The core rules
here are jurisdiction-neutral; the law lives in :mod:`personal_touch.packs`, written with the
rule shapes below (:class:`ConsentRequired`, :class:`CallingHours`, :class:`CallCap`...):
frozen attrs values whose fields are their parameters, behind one shared guard
(:class:`LegalRule`).  Subclass :class:`LegalRule` to write a shape of your own.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from .._channels import Channel
from .._history import HistoryIndex
from .._policy._clock import next_wall_time, wall_instant
from .._policy._core._asks import DontAskAgain
from .._policy._core._relevance import Relevance, Strictness
from .._policy._model import (
    Cap,
    Defer,
    Deny,
    Disclose,
    FunctionRule,
    Note,
    Outcome,
    Pack,
    Permit,
    Request,
    Rule,
    Withhold,
    rule,
)
from .._policy._policy import (
    DEFAULT_DIAL_BACK,
    DEFAULT_FACT_MAX_AGE,
    DEFAULT_STAGE_TABLE,
    DialBack,
    StageTable,
)
from .._policy._rules import (
    CORE_RULES,
    CUSTOMIZATION_TOPICS,
    PREFERENCE_TOPICS,
    UNTIMED_CHANNELS,
    answers_inquiry,
    consent,
    dial_back,
    dont_ask_again,
    exposed_facts,
    fact_level,
    facts,
    frequency,
    honesty,
    personalization,
    preferences,
    relevance,
    stage_ceiling,
    timing,
)
from .._purposes import (
    CONSENT_BASES,
    MARKETING_PURPOSES,
    PARENTAL_BASES,
    PURPOSE_KEYS,
    purpose_key,
)
from .._questions import DEFAULT_FRESHNESS, Freshness
from .._standard import Standard

# issue 14 item 8: new packs (Art. 22, one consent request, movable holidays)
from ._automated_shapes import AutomatedDecision
from ._calendar import (
    CallingWindow,
    HolidayCalendar,
    RelationshipWindow,
    Span,
    add_months,
    add_years,
    easter_sunday,
)
from ._call_shapes import (
    CALLS,
    CALLS_AND_TEXTS,
    CallCap,
    CallingHours,
    RegistryCheck,
    listed_registries,
)
from ._child_shapes import (
    PROFILING_PROVENANCE,
    VERIFIED_PARENT,
    ChildDirectedService,
    ChildProfiling,
    is_child,
    is_verified,
    verification_set,
)
from ._consent_shapes import (
    ConsentRequired,
    DocumentedConsent,
    Objection,
    OptOut,
    ProofRetention,
)
from ._content_shapes import (
    CONTENT_UNDECLARED,
    ContentRequirement,
    GlobalPrivacyControl,
    Requirement,
    shares_data,
    sharing_undeclared,
    undeclared,
)
from ._holiday_rules import MovableHolidayCalendar, nth_weekday
from ._legal import (
    Alternative,
    LegalRule,
    ScopedRule,
    basis_set,
    hidden,
    kind_set,
    label,
    marketing_purposes,
    names,
)
from ._minor_shapes import MinorCap, MinorRule
from ._opt_out_regimes import LAW_PERMITS_CODE, OPT_OUT_REGIME_PURPOSES, OptOutRegime
from ._permit_shapes import BasisPermit, ImpliedPermit
from ._request_shapes import ConsentRequestLimit
from ._requests import (
    age,
    event_day,
    facts_used,
    grants,
    implied_grants,
    in_force_on,
    last_event,
    local_day,
    local_now,
    matching,
    special_facts,
    within_window,
)
from ._revocation_shapes import PriorExpressConsent, RevokeAll
from ._sensitive_shapes import SensitiveDataLimit, SpecialCategories, category_set
from ._soft import CharitableSoftOptIn, SoftOptIn, soft_opt_in_failures
from ._third_party_shapes import IndirectConsent, sender_name

#: Channels ePrivacy, PECR, CASL and the Spam Act call "electronic mail" or "electronic
#: messages" (push notifications included by engine convention).
ELECTRONIC = frozenset({Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.SOCIAL, Channel.CHAT})

__all__ = [
    "CALLS",
    "CALLS_AND_TEXTS",
    "CONSENT_BASES",
    "CONTENT_UNDECLARED",
    "CORE_RULES",
    "CUSTOMIZATION_TOPICS",
    "DEFAULT_DIAL_BACK",
    "DEFAULT_FACT_MAX_AGE",
    "DEFAULT_FRESHNESS",
    "DEFAULT_STAGE_TABLE",
    "ELECTRONIC",
    "LAW_PERMITS_CODE",
    "MARKETING_PURPOSES",
    "OPT_OUT_REGIME_PURPOSES",
    "PARENTAL_BASES",
    "PREFERENCE_TOPICS",
    "PROFILING_PROVENANCE",
    "PURPOSE_KEYS",
    "UNTIMED_CHANNELS",
    "VERIFIED_PARENT",
    "Alternative",
    "AutomatedDecision",
    "BasisPermit",
    "CallCap",
    "CallingHours",
    "CallingWindow",
    "Cap",
    "CharitableSoftOptIn",
    "ChildDirectedService",
    "ChildProfiling",
    "ConsentRequestLimit",
    "ConsentRequired",
    "ContentRequirement",
    "Defer",
    "Deny",
    "DialBack",
    "Disclose",
    "DocumentedConsent",
    "DontAskAgain",
    "Freshness",
    "FunctionRule",
    "GlobalPrivacyControl",
    "HistoryIndex",
    "HolidayCalendar",
    "ImpliedPermit",
    "IndirectConsent",
    "LegalRule",
    "MinorCap",
    "MinorRule",
    "MovableHolidayCalendar",
    "Note",
    "Objection",
    "OptOut",
    "OptOutRegime",
    "Outcome",
    "Pack",
    "Permit",
    "PriorExpressConsent",
    "ProofRetention",
    "RegistryCheck",
    "RelationshipWindow",
    "Relevance",
    "Request",
    "Requirement",
    "RevokeAll",
    "Rule",
    "ScopedRule",
    "SensitiveDataLimit",
    "SoftOptIn",
    "Span",
    "SpecialCategories",
    "StageTable",
    "Standard",
    "Strictness",
    "Withhold",
    "add_months",
    "add_years",
    "age",
    "answers_inquiry",
    "basis_set",
    "category_set",
    "consent",
    "dial_back",
    "dont_ask_again",
    "easter_sunday",
    "event_day",
    "exposed_facts",
    "fact_level",
    "facts",
    "facts_used",
    "frequency",
    "grants",
    "hidden",
    "honesty",
    "implied_grants",
    "in_force_on",
    "is_child",
    "is_verified",
    "kind_set",
    "label",
    "last_event",
    "listed_registries",
    "local_day",
    "local_now",
    "marketing_purposes",
    "matching",
    "names",
    "next_wall_time",
    "nth_weekday",
    "personalization",
    "preferences",
    "purpose_key",
    "relevance",
    "rule",
    "sender_name",
    "shares_data",
    "sharing_undeclared",
    "soft_opt_in_failures",
    "special_facts",
    "stage_ceiling",
    "timing",
    "undeclared",
    "verification_set",
    "wall_instant",
    "within_window",
]
