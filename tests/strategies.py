"""
Hypothesis strategies for every public model type (shared: append yours below).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import Any

import pendulum
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE
from personal_touch import listening
from personal_touch.values import (
    ApprovedFact,
    Authorship,
    Disclosure,
    DisclosureCode,
    DncListing,
    DncRegistry,
    Effect,
    FrequencyLimit,
    FrozenMap,
    GrantRef,
    GrantScope,
    Period,
    QuietHours,
    Register,
    Standard,
    SuppressionReason,
    WithheldFact,
)

ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "Pacific/Apia",
)
LOCALES = ("en", "en_US", "de_AT", "fr_CA", "pt_BR", "es", "ja", "ar_EG")
JURISDICTIONS = ("US-FL", "US-CA", "US-WA", "DE", "FR", "GB", "CA-QC", "BR", "AU", "IE")

keys = st.from_regex(r"\A[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){0,2}\Z")
ids = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12)
texts = st.text(max_size=20)
opt_texts = st.none() | st.text(min_size=1, max_size=20).filter(str.strip)


@st.composite
def aware_datetimes(draw: st.DrawFn, *, zones: tuple[str, ...] = ZONES) -> pendulum.DateTime:
    """Aware pendulum datetimes, in named zones or fixed offsets, folds included."""
    naive = draw(
        st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31))
    )
    kind = draw(st.sampled_from(("zone", "zone", "offset")))
    if kind == "zone":
        tz = pendulum.timezone(draw(st.sampled_from(zones)))
        return pendulum.instance(naive.replace(tzinfo=tz, fold=draw(st.sampled_from((0, 1)))))
    minutes = draw(st.integers(-14 * 60, 14 * 60))
    return pendulum.instance(naive.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))))


def after(start: pendulum.DateTime) -> st.SearchStrategy[pendulum.DateTime]:
    """Datetimes no earlier than *start*."""
    return st.integers(0, 10**9).map(lambda s: start.add(seconds=s))


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
scalar_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
    | dates
    | aware_datetimes()
)
mapping_keys = st.text(max_size=6) | st.sampled_from(("$date", "$datetime", "$map", "$x"))
fact_values: st.SearchStrategy[Any] = st.recursive(
    scalar_values,
    lambda inner: (
        st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(mapping_keys, inner, max_size=3).map(FrozenMap)
    ),
    max_leaves=8,
)


@st.composite
def facts(draw: st.DrawFn, *, value: st.SearchStrategy[Any] = fact_values) -> pt.Fact:
    """Facts of every value shape, with consistent timestamps."""
    recorded = draw(aware_datetimes())
    return pt.Fact(
        key=draw(keys),
        value=draw(value),
        provenance=draw(st.sampled_from(pt.Provenance)),
        recorded_at=recorded,
        sensitivity=draw(st.sampled_from(pt.Sensitivity)),
        valid_until=draw(st.none() | after(recorded)),
        source=draw(st.none() | texts),
        confidence=draw(st.none() | st.floats(0, 1)),
    )


def names(text: st.SearchStrategy[str | None] = opt_texts) -> st.SearchStrategy[pt.Name]:
    """Names, parts optional."""
    return st.builds(pt.Name, text, text, preferred=text, honorific=text)


def contact_points(text: st.SearchStrategy[str] = ids) -> st.SearchStrategy[pt.ContactPoint]:
    """Contact points on any channel."""
    return st.builds(pt.ContactPoint, st.sampled_from(pt.Channel), text, verified=st.booleans())


jurisdictions = st.sampled_from(JURISDICTIONS).map(pt.Jurisdiction.parse)
quiet_hours = st.builds(
    QuietHours,
    st.times(),
    st.times(),
)
frequency_limits = st.builds(
    FrequencyLimit,
    st.integers(0, 50),
    st.sampled_from(Period),
    st.none() | st.sampled_from(pt.Channel),
)
preferences = st.builds(
    pt.Preferences,
    preferred_channels=st.lists(st.sampled_from(pt.Channel), max_size=3),
    blocked_channels=st.frozensets(st.sampled_from(pt.Channel), max_size=3),
    preferred_formats=st.lists(st.sampled_from(pt.Medium), max_size=2),
    max_level=st.none() | st.sampled_from(pt.Level),
    excluded_topics=st.frozensets(keys, max_size=2),
    excluded_sensitivities=st.frozensets(st.sampled_from(pt.Sensitivity), max_size=2),
    quiet_hours=st.none() | quiet_hours,
    paused_until=st.none() | aware_datetimes(),
    frequency_limits=st.lists(frequency_limits, max_size=2),
    register=st.none() | st.sampled_from(Register),
)
privacy_signals = st.builds(
    pt.PrivacySignals,
    global_privacy_control=st.booleans(),
    dnc_registries=st.frozensets(st.sampled_from(DncRegistry), max_size=2),
    limit_sensitive_data=st.booleans(),
    objected_to_marketing_at=st.none() | aware_datetimes(),
    global_privacy_control_seen_at=st.none() | aware_datetimes(),
    limit_sensitive_data_requested_at=st.none() | aware_datetimes(),
    dnc_listings=st.lists(
        st.builds(DncListing, registry=st.sampled_from(DncRegistry), listed_at=aware_datetimes()),
        max_size=3,
    ),
)


@st.composite
def contacts(
    draw: st.DrawFn,
    *,
    text: st.SearchStrategy[str | None] = opt_texts,
    fact: st.SearchStrategy[pt.Fact] | None = None,
) -> pt.Contact:
    """Contacts with every part filled or left at its default."""
    return pt.Contact(
        id=draw(ids),
        name=draw(names(text)),
        locale=draw(st.sampled_from(LOCALES)),
        timezone=draw(st.none() | st.sampled_from(ZONES)),
        created_at=draw(aware_datetimes()),
        jurisdiction=draw(st.none() | jurisdictions),
        stage=draw(st.sampled_from(pt.Stage)),
        stage_since=draw(st.none() | aware_datetimes()),
        birth_date=draw(st.none() | dates),
        company=draw(text),
        contact_points=draw(st.lists(contact_points(), max_size=3)),
        facts=draw(st.lists(fact if fact is not None else facts(), max_size=3)),
        preferences=draw(preferences),
        privacy=draw(privacy_signals),
    )


evidence = st.builds(
    pt.Evidence,
    source=texts,
    method=texts,
    notice_id=st.none() | texts,
    notice_version=st.none() | texts,
    locale=st.none() | st.sampled_from(LOCALES),
    captured_by=st.none() | texts,
)
scopes = st.builds(
    GrantScope,
    fact_keys=st.frozensets(keys, max_size=2),
    sensitivities=st.frozensets(st.sampled_from(pt.Sensitivity), max_size=2),
    product_categories=st.frozensets(texts, max_size=2),
)
purposes = st.sampled_from(pt.Purpose.choices())


@st.composite
def consent_grants(draw: st.DrawFn, *, contact_id: str | None = None) -> pt.ConsentGrant:
    """Grants whose expiry, withdrawal and confirmation follow the grant."""
    granted = draw(aware_datetimes())
    purpose = draw(purposes)
    last = purpose.rpartition(".")[2]
    channel_named = last in {c.value for c in pt.Channel}
    channels = (
        frozenset({pt.Channel(last)})
        if channel_named
        else draw(st.frozensets(st.sampled_from(pt.Channel), max_size=3))
    )
    return pt.ConsentGrant(
        id=draw(ids),
        contact_id=contact_id if contact_id is not None else draw(ids),
        purpose=purpose,
        channels=channels if draw(st.booleans()) else frozenset(),
        basis=draw(st.sampled_from(pt.LawfulBasis)),
        granted_at=granted,
        scope=draw(st.none() | scopes),
        expires_at=draw(st.none() | after(granted)),
        withdrawn_at=draw(st.none() | after(granted)),
        requires_confirmation=draw(st.booleans()),
        confirmed_at=draw(st.none() | after(granted)),
        evidence=draw(st.none() | evidence),
    )


@st.composite
def consent_ledgers(draw: st.DrawFn) -> pt.ConsentLedger:
    """Ledgers of one contact's grants, ids sometimes repeated (new versions)."""
    contact_id = draw(ids)
    # Versions of one grant given at the same instant must agree on what it covers.
    grants = draw(
        st.lists(
            consent_grants(contact_id=contact_id),
            max_size=4,
            unique_by=lambda g: (g.id, g.granted_at.timestamp()),
        )
    )
    return pt.ConsentLedger(contact_id, tuple(grants))


interactions = st.builds(
    pt.Interaction,
    contact_id=ids,
    kind=st.sampled_from(pt.InteractionKind),
    at=aware_datetimes(),
    channel=st.none() | st.sampled_from(pt.Channel),
    purpose=st.none() | st.sampled_from(pt.MessagePurpose),
    level=st.none() | st.sampled_from(pt.Level),
    authorship=st.none() | st.sampled_from(Authorship),
    facts_used=st.frozensets(keys, max_size=3),
    topic=st.none() | texts,
    message_id=st.none() | ids,
    moment_id=st.none() | ids,
)
signals = st.builds(
    pt.Signal,
    contact_id=ids,
    kind=st.sampled_from(pt.SignalKind),
    at=aware_datetimes(),
    subject=st.none() | texts,
    category=st.none() | keys,
    value=st.none() | fact_values,
    source=st.none() | ids,
    id=st.none() | ids,
)
content_flags = st.builds(
    pt.ContentFlags,
    sender_identified=st.none() | st.booleans(),
    unsubscribe_offered=st.none() | st.booleans(),
    postal_address=st.none() | st.booleans(),
    accurate_subject=st.none() | st.booleans(),
    identified_as_ad=st.none() | st.booleans(),
    third_party_disclosure=st.none() | st.booleans(),
    custom_audience=st.none() | st.booleans(),
)
messages = st.builds(
    pt.Message,
    purpose=st.sampled_from(pt.MessagePurpose),
    channel=st.sampled_from(pt.Channel),
    authorship=st.sampled_from(Authorship),
    level=st.sampled_from(pt.Level),
    content_facts=st.frozensets(keys, max_size=3),
    targeting_facts=st.frozensets(keys, max_size=2),
    product_category=st.none() | texts,
    topic=st.none() | texts,
    in_reply_to_inquiry=st.booleans(),
    content=content_flags,
    authorship_claims=st.frozensets(texts, max_size=2),
    moment_id=st.none() | ids,
    id=st.none() | ids,
    asks=st.frozensets(keys, max_size=2),
)
questions = st.builds(
    listening.Question,
    keys,
    max_age=st.none() | st.integers(0, 5000),
    text_id=st.none() | ids,
)
forms = st.builds(
    listening.Form,
    st.lists(questions, max_size=4, unique_by=lambda q: q.key),
    id=st.none() | ids,
)
reasons = st.builds(
    pt.Reason,
    rule=ids,
    effect=st.sampled_from(Effect),
    code=ids,
    message=texts,
    citation=st.none() | texts,
    level=st.none() | st.sampled_from(pt.Level),
    hint=st.none() | texts,
    standard=st.none() | st.sampled_from(Standard),
)
withheld_facts = st.builds(WithheldFact, key=keys, code=ids, reason=texts)
grant_refs = st.builds(
    GrantRef,
    id=ids,
    purpose=purposes,
    basis=st.sampled_from([b.value for b in pt.LawfulBasis]),
    notice_id=st.none() | texts,
    notice_version=st.none() | texts,
)
disclosures = st.builds(
    Disclosure,
    st.sampled_from(DisclosureCode),
    st.dictionaries(st.text(max_size=5), texts, max_size=2),
)
approved_facts = st.builds(
    ApprovedFact,
    key=keys,
    recorded_at=aware_datetimes(),
    digest=st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
)
decisions = st.builds(
    pt.Decision,
    approved_facts=st.lists(approved_facts, max_size=2, unique_by=lambda a: a.key),
    facts_digest=st.none() | st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    decision_id=ids,
    contact_id=ids,
    message=messages,
    at=aware_datetimes(),
    verdict=st.sampled_from(pt.Verdict),
    level=st.sampled_from(pt.Level),
    withheld_facts=st.lists(withheld_facts, max_size=2),
    disclosures=st.lists(disclosures, max_size=2),
    not_before=st.none() | aware_datetimes(),
    reasons=st.lists(reasons, max_size=3),
    grants=st.lists(grant_refs, max_size=2),
    policy=ids,
    policy_version=ids,
)

suppressions = st.builds(
    pt.Suppression,
    contact_id=ids,
    address_digest=st.none() | st.emails().map(pt.Suppression.digest),
    channel=st.none() | st.sampled_from(pt.Channel),
    purposes=st.frozensets(st.sampled_from(pt.MessagePurpose), max_size=3),
    reason=st.sampled_from(SuppressionReason),
    since=aware_datetimes(),
    subscription=st.none() | st.sampled_from(["newsletter", "newsletter.weekly", "offers"]),
)
suppression_lists = st.builds(pt.SuppressionList, st.lists(suppressions, max_size=3))

# Decision cases: one contact ``c-1`` with its grants, message and history around
# builders.AT, for the properties of decide() (determinism, monotonicity, no personal data).

#: Distinctive values that must never show up in reasons or explanations.
SECRET_VALUES = ("Zyxwv-Trip-Qq", "Plmok-Band-Jj", "Secret-Diagnosis-77")
SECRET_NAME = ("Quetzalia", "Brightwater")
SECRET_ADDRESS = "quetzalia.brightwater@example.org"
#: The fact keys a case's contact may hold and its message may use.
CASE_FACT_KEYS = ("travel.next_trip", "interests.music", "purchases.last", "health.condition")
#: Zones with quiet hours in every offset shape: whole hours, DST both ways, a 45-minute one.
CASE_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kathmandu")
#: Grant purposes, weighted towards marketing.
CASE_PURPOSES = (
    "marketing",
    "marketing",
    "marketing.email",
    "marketing.email",
    "marketing.sms",
    "marketing.phone",
    "relationship",
    "fundraising",
    "personalization.profile",
    "personalization.behaviour",
    "personalization.sensitive.health",
    "personalization.third_party",
)
#: Lawful bases, weighted towards consent.
CASE_BASES = (
    "consent",
    "consent",
    "consent",
    "explicit_consent",
    "legitimate_interest",
    "soft_opt_in",
    "implied_existing_business",
    "prior_express_written_consent",
)
#: The core rules alone, and the default policy with every pack.
CASE_POLICIES = (CORE, pt.default_policy())

#: Instants within about 400 days of AT, on the hour.
around_at = st.integers(-400 * 24, 400 * 24).map(lambda h: AT.add(hours=h))


@st.composite
def case_facts(draw: st.DrawFn) -> tuple[pt.Fact, ...]:
    """Some of the case fact keys, each holding a secret value, recorded before AT."""
    out = []
    for key, value in zip(CASE_FACT_KEYS, (*SECRET_VALUES, "x"), strict=True):
        if draw(st.booleans()):
            out.append(
                pt.Fact(
                    key=key,
                    value=value,
                    provenance=draw(st.sampled_from(list(pt.Provenance))),
                    sensitivity="health" if key.startswith("health") else "ordinary",
                    recorded_at=AT.subtract(days=draw(st.integers(1, 500))),
                )
            )
    return tuple(out)


@st.composite
def case_contacts(draw: st.DrawFn) -> pt.Contact:
    """Contact ``c-1`` with a secret name and address, any stage, zone, limits and signals."""
    return pt.Contact(
        id="c-1",
        name=pt.Name(*SECRET_NAME),
        timezone=draw(st.sampled_from(CASE_ZONES)),
        created_at=AT.subtract(years=3),
        jurisdiction=draw(st.sampled_from((None, *JURISDICTIONS))),
        stage=draw(st.sampled_from(list(pt.Stage))),
        birth_date=draw(st.none() | st.dates(pendulum.date(1950, 1, 1), pendulum.date(2020, 1, 1))),
        contact_points=(pt.ContactPoint("email", SECRET_ADDRESS),),
        facts=draw(case_facts()),
        preferences=pt.Preferences(
            max_level=draw(st.none() | st.sampled_from(list(pt.Level))),
            excluded_topics=draw(st.sampled_from([(), ("travel",)])),
        ),
        privacy=pt.PrivacySignals(
            global_privacy_control=draw(st.booleans()),
            limit_sensitive_data=draw(st.booleans()),
        ),
    )


@st.composite
def case_grants(draw: st.DrawFn) -> tuple[pt.ConsentGrant, ...]:
    """Up to five grants for ``c-1`` given around AT, some expiring."""
    out = []
    for i in range(draw(st.integers(0, 5))):
        granted = draw(around_at)
        out.append(
            pt.ConsentGrant(
                id=f"g{i}",
                contact_id="c-1",
                purpose=draw(st.sampled_from(CASE_PURPOSES)),
                basis=draw(st.sampled_from(CASE_BASES)),
                granted_at=granted,
                expires_at=draw(
                    st.none() | around_at.filter(functools.partial(operator.le, granted))
                ),
            )
        )
    return tuple(out)


case_messages = st.builds(
    pt.Message,
    purpose=st.sampled_from(list(pt.MessagePurpose)),
    channel=st.sampled_from(["email", "sms", "phone", "post"]),
    authorship=st.sampled_from(list(Authorship)),
    level=st.sampled_from(list(pt.Level)),
    content_facts=st.sets(st.sampled_from(CASE_FACT_KEYS)),
    targeting_facts=st.sets(st.sampled_from(CASE_FACT_KEYS), max_size=1),
    in_reply_to_inquiry=st.booleans(),
    asks=st.sets(st.sampled_from(CASE_FACT_KEYS), max_size=1),
)


@st.composite
def case_histories(draw: st.DrawFn) -> tuple[pt.Interaction, ...]:
    """Up to four marketing e-mail interactions of ``c-1`` in the 200 days before AT."""
    kinds = ["sent", "opened", "complained", "felt_intrusive", "inquired", "purchased"]
    return tuple(
        pt.Interaction(
            contact_id="c-1",
            kind=draw(st.sampled_from(kinds)),
            at=AT.subtract(hours=draw(st.integers(1, 24 * 200))),
            channel="email",
            purpose="marketing",
        )
        for _ in range(draw(st.integers(0, 4)))
    )


#: The keyword arguments of one pt.decide() call (contact and message included).
decision_cases = st.fixed_dictionaries(
    {
        "contact": case_contacts(),
        "message": case_messages,
        "consents": case_grants(),
        "history": case_histories(),
        "at": st.integers(-72, 72).map(lambda h: AT.add(hours=h, minutes=17)),
        "policy": st.sampled_from(CASE_POLICIES),
    }
)

#: Every public model type with a strategy for it.
BY_TYPE: dict[type, st.SearchStrategy[Any]] = {
    pt.Fact: facts(),
    pt.Name: names(),
    pt.ContactPoint: contact_points(),
    pt.Jurisdiction: jurisdictions,
    QuietHours: quiet_hours,
    FrequencyLimit: frequency_limits,
    pt.Preferences: preferences,
    pt.PrivacySignals: privacy_signals,
    pt.Contact: contacts(),
    pt.Evidence: evidence,
    GrantScope: scopes,
    pt.ConsentGrant: consent_grants(),
    pt.ConsentLedger: consent_ledgers(),
    pt.Interaction: interactions,
    pt.Signal: signals,
    pt.ContentFlags: content_flags,
    pt.Message: messages,
    listening.Question: questions,
    listening.Form: forms,
    pt.Reason: reasons,
    WithheldFact: withheld_facts,
    GrantRef: grant_refs,
    Disclosure: disclosures,
    pt.Decision: decisions,
    pt.Suppression: suppressions,
    pt.SuppressionList: suppression_lists,
    ApprovedFact: approved_facts,
}
