"""
What a consent banner recorded, read into what the policy uses: grants, opt-outs and GPC.

The mapping is deliberately narrow; a banner speaks of websites and advertising, not of e-mail:

* TCF purposes 5 and 6 (profiles to personalise content) both consented give a
  ``personalization.behaviour`` grant; purposes 3 and 4 (profiles for personalised
  advertising) give an ``advertising.custom_audience`` grant.  A TC string never grants
  marketing on any channel.
* GPP US sections and the US Privacy string: an opt-out of sale (``data.sale``), of sharing
  (``data.sharing``) or of targeted advertising (``advertising.custom_audience``), a limit on
  sensitive data when any sensitive category is opted out of, and the section's GPC flag.
* Consent Mode: ``ad_personalization`` granted or denied is ``advertising.custom_audience``,
  ``ad_user_data`` is ``data.sharing``.
* ``Sec-GPC: 1`` is the Global Privacy Control signal.

An opt-out always wins over a grant for the same purpose (fail closed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

from .._consent import ConsentGrant, Evidence, Purpose
from .._time import aware
from ..exceptions import ConsentStringError
from ._gpp import GppString, UsPrivacy, decode_gpp
from ._sections import UsSection
from ._tcf import TCString, decode_tc_string

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    import pendulum

__all__ = ["ConsentModeSignal", "WebConsent", "has_gpc", "read_consent_mode", "read_web_consent"]

_BEHAVIOUR = Purpose.PERSONALIZATION_BEHAVIOUR
_AUDIENCE = Purpose.CUSTOM_AUDIENCE
_TCF_GRANTS = ((frozenset({5, 6}), _BEHAVIOUR), (frozenset({3, 4}), _AUDIENCE))
_US_OPT_OUTS = (
    ("SaleOptOut", Purpose.DATA_SALE),
    ("SharingOptOut", Purpose.DATA_SHARING),
    ("TargetedAdvertisingOptOut", _AUDIENCE),
)
_OPTED_OUT = 1  # GPP US sections: 0 not applicable, 1 opted out, 2 did not opt out
_MODE_KEYS = ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization")
_MODE_OTHER = frozenset(
    {
        "functionality_storage",
        "personalization_storage",
        "security_storage",
        "wait_for_update",
        "region",
    }
)


def has_gpc(headers: Mapping[str, str]) -> bool:
    """
    Whether request *headers* carry the Global Privacy Control signal (``Sec-GPC: 1``).

    Header names are matched without regard to case, as HTTP requires.

    >>> has_gpc({"sec-gpc": "1"}), has_gpc({"Sec-GPC": "0"}), has_gpc({})
    (True, False, False)

    .. versionadded:: 0.4.0
    """
    for name, value in headers.items():
        if name.lower() == "sec-gpc":
            return str(value).strip() == "1"
    return False


@attrs.frozen(kw_only=True)
class ConsentModeSignal:
    """
    Google Consent Mode v2 states: ``True`` granted, ``False`` denied, ``None`` not set.

    .. versionadded:: 0.4.0
    """

    ad_storage: bool | None = None
    analytics_storage: bool | None = None
    ad_user_data: bool | None = None
    ad_personalization: bool | None = None


def read_consent_mode(params: Mapping[str, object]) -> ConsentModeSignal:
    """
    Read Consent Mode parameters as a page passes them to ``gtag('consent', ...)``.

    >>> read_consent_mode({"ad_personalization": "denied", "ad_user_data": "granted"})
    ConsentModeSignal(ad_storage=None, analytics_storage=None, ad_user_data=True, ad_personalization=False)

    Raises:
        ConsentStringError: When a state is not ``"granted"`` or ``"denied"``, or a key is
            not a Consent Mode parameter (naming the key).

    .. versionadded:: 0.4.0
    """
    states: dict[str, bool] = {}
    for key, value in params.items():
        if key in _MODE_OTHER:
            continue
        if key not in _MODE_KEYS:
            raise ConsentStringError(f"consent_mode.{key}", "is not a Consent Mode parameter")
        if value not in ("granted", "denied"):
            raise ConsentStringError(f"consent_mode.{key}", 'must be "granted" or "denied"')
        states[key] = value == "granted"
    return ConsentModeSignal(**states)


@attrs.frozen(kw_only=True)
class WebConsent:
    """
    What the web signals say about one person, in the policy's terms.

    Attributes:
        grants: Grants the signals support, each with its evidence.
        opted_out: Purposes the person opted out of (an opt-out wins over a grant).
        gpc: Whether a Global Privacy Control signal was present.
        limit_sensitive_data: Whether they opted out of processing some sensitive data.
        sources: Which signals were read (``"tcf"``, ``"gpp"``, ``"gpc"``, ``"consent_mode"``).

    .. versionadded:: 0.4.0
    """

    grants: tuple[ConsentGrant, ...] = ()
    opted_out: frozenset[str] = frozenset()
    gpc: bool = False
    limit_sensitive_data: bool = False
    sources: tuple[str, ...] = ()


class _Builder:
    def __init__(self, contact_id: str, at: pendulum.DateTime) -> None:
        self.contact_id, self.at = contact_id, at
        self.grants: dict[str, ConsentGrant] = {}
        self.opted_out: set[str] = set()
        self.gpc = self.limit_sensitive = False
        self.sources: list[str] = []

    def grant(self, purpose: str, given: pendulum.DateTime, evidence: Evidence) -> None:
        source = evidence.source.split(" ", 1)[0].lower()
        self.grants[purpose] = ConsentGrant(
            id=f"{source}:{self.contact_id}:{purpose}",
            contact_id=self.contact_id,
            purpose=purpose,
            granted_at=given,
            evidence=evidence,
            recorded_at=self.at,
        )

    def tcf(self, tc: TCString) -> None:
        evidence = Evidence(
            source=f"IAB TCF CMP {tc.cmp_id}",
            method="consent banner",
            notice_id=f"IAB GVL {tc.vendor_list_version}",
            notice_version=f"TCF policy {tc.policy_version}",
            locale=tc.consent_language.lower(),
            captured_by=f"cmp {tc.cmp_id} v{tc.cmp_version}",
        )
        for needed, purpose in _TCF_GRANTS:
            if needed <= tc.purpose_consents:
                self.grant(purpose, tc.last_updated, evidence)

    def us(self, section: UsSection | UsPrivacy) -> None:
        if isinstance(section, UsPrivacy):
            if section.opt_out_sale == "Y":
                self.opted_out.add(Purpose.DATA_SALE)
            return
        values = dict(section.fields)
        for field, purpose in _US_OPT_OUTS:
            if values.get(field) == _OPTED_OUT:
                self.opted_out.add(purpose)
        sensitive = values.get("SensitiveDataProcessing", ())
        if isinstance(sensitive, tuple) and _OPTED_OUT in sensitive:
            self.limit_sensitive = True
        self.gpc = self.gpc or bool(section.gpc)

    def mode(self, signal: ConsentModeSignal) -> None:
        evidence = Evidence(source="Google Consent Mode", method="consent banner")
        for state, purpose in (
            (signal.ad_personalization, _AUDIENCE),
            (signal.ad_user_data, Purpose.DATA_SHARING),
        ):
            if state is True:
                self.grant(purpose, self.at, evidence)
            elif state is False:
                self.opted_out.add(purpose)

    def build(self) -> WebConsent:
        grants = tuple(g for p, g in sorted(self.grants.items()) if p not in self.opted_out)
        # An opt-out wins over a grant for the same purpose, whichever signal carried it.
        return WebConsent(
            grants=grants,
            opted_out=frozenset(str(p) for p in self.opted_out),
            gpc=self.gpc,
            limit_sensitive_data=self.limit_sensitive,
            sources=tuple(self.sources),
        )


def read_web_consent(
    contact_id: str,
    *,
    at: dt.datetime,
    tc_string: str | TCString | None = None,
    gpp: str | GppString | None = None,
    headers: Mapping[str, str] | None = None,
    consent_mode: Mapping[str, object] | ConsentModeSignal | None = None,
) -> WebConsent:
    """
    Read every web signal given for one person into a :class:`WebConsent`.

    *at* is when the signals were received: the recorded time of every grant, and the grant
    time of Consent Mode grants (which carry no time of their own).

    >>> import pendulum
    >>> web = read_web_consent(
    ...     "c-1",
    ...     at=pendulum.datetime(2026, 5, 1, tz="UTC"),
    ...     gpp="DBABzw~1YYN~CAAUAAAAAABA.QA",
    ...     headers={"Sec-GPC": "1"},
    ... )
    >>> sorted(web.opted_out), web.gpc
    (['data.sale', 'data.sharing'], True)

    .. versionadded:: 0.4.0
    """
    when = aware(at, "at")
    out = _Builder(contact_id, when)
    if tc_string is not None:
        out.sources.append("tcf")
        out.tcf(tc_string if isinstance(tc_string, TCString) else decode_tc_string(tc_string))
    if gpp is not None:
        out.sources.append("gpp")
        for section in (gpp if isinstance(gpp, GppString) else decode_gpp(gpp)).sections:
            if isinstance(section, TCString):
                out.tcf(section)
            elif isinstance(section, UsSection | UsPrivacy):
                out.us(section)
    if headers is not None and has_gpc(headers):
        out.sources.append("gpc")
        out.gpc = True
    if consent_mode is not None:
        out.sources.append("consent_mode")
        signal = (
            consent_mode
            if isinstance(consent_mode, ConsentModeSignal)
            else read_consent_mode(consent_mode)
        )
        out.mode(signal)
    return out.build()


#: The states Consent Mode knows.
ConsentState = Literal["granted", "denied"]
