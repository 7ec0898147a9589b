"""
The decision corpus: a fixed, seeded stream of varied decision requests.

``requests()`` yields :data:`COUNT` :class:`~personal_touch._policy._io.DecisionRequest`
values built with :class:`random.Random` seeded by :data:`SEED` and the library's public
constructors only (plus :func:`personal_touch.testing.synthetic_contacts` and
:func:`~personal_touch.testing.load_sample` as raw material), so the stream is the same on
every machine, whatever ``PYTHONHASHSEED`` or the installed hypothesis: nothing here iterates
a set or a dict whose order could vary, and nothing reads the clock.

Each request is a JSON document (:func:`document`, the form of
:mod:`personal_touch.converters`); :func:`request_digest` fingerprints it so the recorded
corpus can tell "the requests changed" apart from "the decisions changed".

``python tests/corpus/generate.py 42`` prints request 42 as JSON;
``python tests/corpus/generate.py --coverage`` prints what the corpus covers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs
import pendulum

import personal_touch as pt
from personal_touch import converters, packs
from personal_touch._policy._io import DecisionRequest
from personal_touch.testing import load_sample, synthetic_contacts
from personal_touch.values import (
    Authorship,
    DncRegistry,
    FrequencyLimit,
    GrantScope,
    Period,
    QuietHours,
    Register,
    SuppressionReason,
)

#: The seed of the corpus.  Changing it (or anything below) changes every request: re-record.
SEED = 20_261_202
#: How many requests the corpus holds.
COUNT = 10_000

# -- places --------------------------------------------------------------------------------

#: Zones per country, fixed here (not read from the installed CLDR/tz data) so generation
#: never depends on the machine.  Countries without an entry get a UTC contact zone.
_ZONES: dict[str, tuple[str, ...]] = {
    "US": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
           "America/Phoenix", "Pacific/Honolulu", "America/Anchorage"),
    "CA": ("America/Toronto", "America/Vancouver", "America/Halifax", "America/St_Johns",
           "America/Regina"),
    "GB": ("Europe/London",), "IE": ("Europe/Dublin",), "DE": ("Europe/Berlin",),
    "FR": ("Europe/Paris",), "ES": ("Europe/Madrid", "Atlantic/Canary"),
    "PT": ("Europe/Lisbon", "Atlantic/Azores"), "NL": ("Europe/Amsterdam",),
    "IT": ("Europe/Rome",), "PL": ("Europe/Warsaw",), "SE": ("Europe/Stockholm",),
    "FI": ("Europe/Helsinki",), "GR": ("Europe/Athens",), "IS": ("Atlantic/Reykjavik",),
    "BR": ("America/Sao_Paulo", "America/Manaus", "America/Noronha"),
    "AU": ("Australia/Sydney", "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane",
           "Australia/Lord_Howe"),
    "JP": ("Asia/Tokyo",), "MX": ("America/Mexico_City",), "CH": ("Europe/Zurich",),
    "NZ": ("Pacific/Auckland", "Pacific/Chatham"), "IN": ("Asia/Kolkata",),
    "NP": ("Asia/Kathmandu",), "KI": ("Pacific/Kiritimati",),
}  # fmt: skip
#: Jurisdictions no pack names: the default policy applies only its core rules.
_OTHER_PLACES = ("JP", "MX", "CH", "NZ", "IN", "NP", "KI")


@functools.cache
def _jurisdictions() -> tuple[str, ...]:
    """Every subdivision and country a built-in pack names, then a few no pack names."""
    names: list[str] = []
    for pack in packs.all_packs():
        for name in (*sorted(pack.subdivisions), *sorted(pack.countries)):
            if name not in names:
                names.append(name)
    names += [f"US-{s}" for s in ("NY", "IL", "HI")] + ["CA-ON", "CA-BC"]
    return (*names, *_OTHER_PLACES)


# -- instants ------------------------------------------------------------------------------

_YEAR_START = pendulum.datetime(2026, 1, 1, tz="UTC")
#: Local wall times where a quiet span (the default 21:00-08:00 or a contact's) starts or ends.
_EDGES = tuple((h, m) for h in (0, 5, 6, 7, 8, 9, 18, 19, 20, 21, 22, 23) for m in (0, 15, 30))
_YEAR_SECONDS = 366 * 24 * 3600
#: Local dates of daylight-saving transitions (either way) in the zones above, 2026-2027.
_DST_DATES = (
    (2026, 3, 8), (2026, 11, 1), (2026, 3, 29), (2026, 10, 25), (2026, 4, 5), (2026, 10, 4),
    (2026, 9, 27), (2027, 3, 14), (2027, 3, 28), (2027, 4, 4), (2027, 10, 31), (2027, 11, 7),
)  # fmt: skip


@functools.cache
def _transitions(zone: str) -> tuple[tuple[int, int, int], ...]:
    """The dates of :data:`_DST_DATES` on which *zone* changes its UTC offset."""
    out = []
    for y, m, d in _DST_DATES:
        noon = pendulum.datetime(y, m, d, 12, tz=zone)
        if noon.subtract(days=1).utcoffset() != noon.add(days=1).utcoffset():
            out.append((y, m, d))
    return tuple(out)


def _edge(
    rng: random.Random,
    at: pendulum.DateTime,
    value: pendulum.DateTime,
    tags: Counter[str],
    what: str,
) -> pendulum.DateTime:
    """*value*, or now and then exactly the decision instant *at* (end-exclusive bounds)."""
    if rng.random() < 0.08:
        tags[f"edge:{what}"] += 1
        return at
    return value


def _instant(rng: random.Random, zone: str, tags: Counter[str]) -> pendulum.DateTime:
    """The decision instant: any time of the year, a night, or a DST transition's night."""
    roll = rng.random()
    if roll < 0.1:  # on a boundary of quiet hours or of the day, or just before
        day = _YEAR_START.add(days=rng.randrange(366))
        hour, minute = rng.choice(_EDGES)
        local = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=zone)
        if rng.random() < 0.3:
            local = local.subtract(seconds=1)
        tags["at:edge"] += 1
    elif roll < 0.25:
        y, m, d = rng.choice(_transitions(zone) or _DST_DATES)
        tags["at:dst"] += 1
        local = pendulum.datetime(y, m, d, rng.randrange(0, 5), rng.randrange(0, 60), tz=zone)
    elif roll < 0.35:
        tags["at:night"] += 1
        day = _YEAR_START.add(days=rng.randrange(366))
        hour = rng.choice((21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7))
        local = pendulum.datetime(day.year, day.month, day.day, hour, rng.randrange(0, 60), tz=zone)
    else:
        tags["at:year"] += 1
        local = _YEAR_START.add(seconds=rng.randrange(_YEAR_SECONDS)).in_timezone(zone)
    form = rng.randrange(3)  # the same instant, written three ways
    if form == 0:
        return local.in_timezone("UTC")
    if form == 1:
        return local
    offset = local.utcoffset() or dt.timedelta(0)
    return pendulum.instance(local).in_timezone(pendulum.FixedTimezone(int(offset.total_seconds())))


# -- facts ---------------------------------------------------------------------------------

_KEYS = (
    "interests", "interests.sports", "interests.sports.team", "interests.hobbies",
    "interests.segment", "travel.next_trip", "travel.home_airport", "purchases.last",
    "purchases.count", "account.customer_since", "account.plan", "family.kids",
    "family.wedding_anniversary", "family.parent_care", "health.pregnancy", "health.allergies",
    "dates.birthday", "company.name", "company.role", "content.downloads", "location.home",
    "finances.income_band", "beliefs.religion",
)  # fmt: skip
_SENSITIVE_KEYS = {
    "family.parent_care": pt.Sensitivity.HEALTH,
    "health.pregnancy": pt.Sensitivity.REPRODUCTIVE_HEALTH,
    "health.allergies": pt.Sensitivity.HEALTH,
    "location.home": pt.Sensitivity.PRECISE_LOCATION,
    "finances.income_band": pt.Sensitivity.FINANCES,
    "beliefs.religion": pt.Sensitivity.RELIGION,
}
_PROVENANCES = tuple(pt.Provenance)
_SENSITIVITIES = tuple(pt.Sensitivity)
_VALUES: tuple[object, ...] = (
    "Lisbon", 3, 2.5, True, dt.date(2026, 6, 1), ["chess", "jazz"],
    {"name": "Harbour City FC", "sport": "football"}, {"destination": "Tokyo", "nights": 5},
)  # fmt: skip


def _fact(rng: random.Random, at: pendulum.DateTime, tags: Counter[str], key: str) -> pt.Fact:
    """One fact under *key*: any provenance and sensitivity, past, expired or future."""
    provenance = rng.choice(_PROVENANCES)
    sensitivity = _SENSITIVE_KEYS.get(key, pt.Sensitivity.ORDINARY)
    if rng.random() < 0.15:
        sensitivity = rng.choice(_SENSITIVITIES)
    when = rng.random()
    valid_until = None
    if when < 0.1:  # recorded after the decision instant
        recorded = at.add(hours=rng.randrange(1, 2000))
        tags["fact:future"] += 1
    else:
        recorded = at.subtract(hours=rng.randrange(1, 30_000))
        if when < 0.3:  # expired before the instant
            valid_until = recorded.add(hours=rng.randrange(0, at.diff(recorded).in_hours() + 1))
            tags["fact:expired"] += 1
        elif when < 0.45:  # still valid, ends later
            valid_until = _edge(rng, at, at.add(days=rng.randrange(1, 90)), tags, "fact")
    tags[f"provenance:{provenance.value}"] += 1
    tags[f"sensitivity:{sensitivity.value}"] += 1
    return pt.Fact(
        key=key,
        value=rng.choice(_VALUES),
        provenance=provenance,
        recorded_at=recorded,
        sensitivity=sensitivity,
        valid_until=valid_until,
        source=rng.choice((None, "call notes", "preference center", "orders", "model")),
        confidence=round(rng.random(), 2) if provenance is pt.Provenance.INFERRED else None,
    )


def _facts(rng: random.Random, at: pendulum.DateTime, tags: Counter[str]) -> list[pt.Fact]:
    facts: list[pt.Fact] = []
    for _ in range(rng.choice((0, 0, 1, 2, 3, 4, 6, 8))):
        key = rng.choice(_KEYS)
        facts.append(_fact(rng, at, tags, key))
        if rng.random() < 0.25:  # several facts under one key
            facts.append(_fact(rng, at, tags, key))
            tags["fact:same_key"] += 1
    return facts


# -- preferences and privacy ---------------------------------------------------------------

_CHANNELS = tuple(pt.Channel)
_FORMATS = tuple(pt.Medium)
_LEVELS = tuple(pt.Level)


def _subset(rng: random.Random, pool: tuple[Any, ...], most: int) -> list[Any]:
    return rng.sample(pool, rng.randrange(0, most + 1))


def _preferences(rng: random.Random, at: pendulum.DateTime, tags: Counter[str]) -> pt.Preferences:
    if rng.random() < 0.4:
        return pt.Preferences()
    paused = None
    if rng.random() < 0.15:
        paused = _edge(rng, at, at.add(days=rng.randrange(-30, 60)), tags, "paused")
        tags["pref:paused"] += 1
    quiet = None
    if rng.random() < 0.3:
        quiet = QuietHours(
            dt.time(rng.randrange(18, 24), rng.choice((0, 30))),
            dt.time(rng.randrange(5, 10), rng.choice((0, 15))),
        )
        tags["pref:quiet_hours"] += 1
    blocked = _subset(rng, _CHANNELS, 2) if rng.random() < 0.3 else []
    if blocked:
        tags["pref:blocked"] += 1
    limits = [
        FrequencyLimit(
            rng.randrange(0, 4), rng.choice(tuple(Period)), rng.choice((None, *_CHANNELS))
        )
        for _ in range(rng.choice((0, 0, 1, 2)))
    ]
    return pt.Preferences(
        preferred_channels=_subset(rng, _CHANNELS, 3),
        blocked_channels=blocked,
        preferred_formats=_subset(rng, _FORMATS, 2),
        max_level=rng.choice((None, None, *_LEVELS)),
        excluded_topics=_subset(rng, ("family", "health", "travel", "interests.sports"), 2),
        excluded_sensitivities=_subset(rng, _SENSITIVITIES[1:], 3),
        quiet_hours=quiet,
        paused_until=paused,
        frequency_limits=limits,
        register=rng.choice((None, *Register)),
    )


def _privacy(rng: random.Random, at: pendulum.DateTime, tags: Counter[str]) -> pt.PrivacySignals:
    if rng.random() < 0.6:
        return pt.PrivacySignals()
    tags["privacy:signals"] += 1
    objected = None
    if rng.random() < 0.1:
        objected = _edge(rng, at, at.add(days=rng.randrange(-400, 30)), tags, "objected")
    return pt.PrivacySignals(
        global_privacy_control=rng.random() < 0.4,
        dnc_registries=_subset(rng, tuple(DncRegistry), 2),
        limit_sensitive_data=rng.random() < 0.3,
        objected_to_marketing_at=objected,
    )


# -- contacts ------------------------------------------------------------------------------

#: The stages drawn from, in the order of the first recording (so adding a stage does not
#: reshuffle every request); the stages added later are given to every
#: ``_LATER_STAGE_EVERY``-th contact instead, without drawing from the stream.
_STAGES = tuple(
    pt.Stage(s)
    for s in (
        "awareness",
        "consideration",
        "decision",
        "customer",
        "repeat_customer",
        "advocate",
    )
)
_LATER_STAGES = tuple(s for s in pt.Stage if s not in _STAGES)
_LATER_STAGE_EVERY = 37


def _contact(
    rng: random.Random, base: pt.Contact, index: int, tags: Counter[str]
) -> tuple[pt.Contact, pendulum.DateTime]:
    """*base* (a synthetic contact) moved to a drawn place, with drawn facts and wishes."""
    jurisdictions = _jurisdictions()
    roll = rng.random()
    jurisdiction: str | None
    if roll < 0.08:
        jurisdiction = None
    elif roll < 0.15:  # keep the synthetic contact's own place
        jurisdiction = str(base.jurisdiction) if base.jurisdiction else None
    else:
        jurisdiction = rng.choice(jurisdictions)
    country = jurisdiction.partition("-")[0] if jurisdiction else None
    zone = rng.choice(_ZONES.get(country or "", ("UTC",)))
    if jurisdiction is None and roll < 0.04:  # unknown place, known zone
        zone = rng.choice(_ZONES[rng.choice(sorted(_ZONES))])
    has_zone = rng.random() < 0.75
    tags[f"jurisdiction:{jurisdiction or 'unknown'}"] += 1
    tags[f"timezone:{'known' if has_zone else 'unknown'}"] += 1
    at = _instant(rng, zone, tags)
    created = at.subtract(days=rng.randrange(0, 3000), seconds=rng.randrange(86_400))
    stage = rng.choice(_STAGES)
    if index % _LATER_STAGE_EVERY == 0 and _LATER_STAGES:
        stage = _LATER_STAGES[(index // _LATER_STAGE_EVERY) % len(_LATER_STAGES)]
    tags[f"stage:{stage.value}"] += 1
    birth: dt.date | None = base.birth_date
    if rng.random() < 0.12:  # a minor
        birth = at.date() - dt.timedelta(days=rng.randrange(4 * 365, 18 * 365))
        tags["birth:minor"] += 1
    elif rng.random() < 0.2:
        birth = None
    facts = list(base.facts) if rng.random() < 0.5 else []
    facts += _facts(rng, at, tags)
    rng.shuffle(facts)
    contact = attrs.evolve(
        base,
        id=f"k{index}",
        timezone=zone if has_zone else None,
        jurisdiction=jurisdiction,
        created_at=created,
        stage=stage,
        stage_since=created.add(days=rng.randrange(0, 60)) if rng.random() < 0.3 else None,
        birth_date=birth,
        company=rng.choice((None, None, "Globex", "Initech")),
        facts=facts,
        preferences=_preferences(rng, at, tags),
        privacy=_privacy(rng, at, tags),
    )
    return contact, at


# -- consent -------------------------------------------------------------------------------

_MESSAGE_PURPOSES = ("marketing", "relationship", "fundraising", "consent_request", "survey")
_BASES = tuple(pt.LawfulBasis)


def _purpose(rng: random.Random, message: pt.Message) -> str:
    roll = rng.random()
    if roll < 0.3 and message.purpose.value in _MESSAGE_PURPOSES:  # on point
        head: str = message.purpose.value
        return head if rng.random() < 0.5 else f"{head}.{message.channel.value}"
    if roll < 0.4:
        return rng.choice((pt.Purpose.PERSONALIZATION_PROFILE, pt.Purpose.sensitive("health")))
    if roll < 0.45:
        head = rng.choice(_MESSAGE_PURPOSES)
        return head if rng.random() < 0.4 else f"{head}.{rng.choice(_CHANNELS).value}"
    if roll < 0.7:
        return rng.choice(
            (pt.Purpose.PERSONALIZATION_PROFILE, pt.Purpose.PERSONALIZATION_BEHAVIOUR)
        )
    return rng.choice(pt.Purpose.choices())


def _expiry(
    rng: random.Random, at: pendulum.DateTime, granted: pendulum.DateTime, tags: Counter[str]
) -> pendulum.DateTime | None:
    if rng.random() >= 0.2:
        return None
    expires = granted.add(days=rng.randrange(1, 900))
    return _edge(rng, at, expires, tags, "expires") if granted <= at else expires


def _grant(
    rng: random.Random,
    request: tuple[pt.Contact, pt.Message, pendulum.DateTime],
    k: int,
    tags: Counter[str],
) -> list[pt.ConsentGrant]:
    """One grant, and sometimes its later versions (confirmed, renewed, withdrawn)."""
    contact, message, at = request
    purpose = _purpose(rng, message)
    basis = rng.choice(_BASES) if rng.random() < 0.5 else pt.LawfulBasis.CONSENT
    granted = at.subtract(hours=rng.randrange(-500, 40_000))
    head, _, last = purpose.rpartition(".")
    channels: list[pt.Channel] = []
    if not (head and last in {c.value for c in _CHANNELS}) and rng.random() < 0.3:
        channels = _subset(rng, _CHANNELS, 2)
    scope = None
    if rng.random() < 0.2:
        scope = GrantScope(
            fact_keys=_subset(rng, _KEYS, 2),
            sensitivities=_subset(rng, _SENSITIVITIES[1:], 2),
            product_categories=_subset(rng, ("outdoor", "books", "home"), 1),
        )
    needs_confirmation = rng.random() < 0.25
    grant = pt.ConsentGrant(
        id=f"{contact.id}-g{k}",
        contact_id=contact.id,
        purpose=purpose,
        channels=channels,
        basis=basis,
        granted_at=granted,
        scope=scope,
        expires_at=_expiry(rng, at, granted, tags),
        requires_confirmation=needs_confirmation,
        evidence=(
            pt.Evidence(
                source="web form",
                method=rng.choice(("checkbox", "double_opt_in", "call")),
                notice_id="privacy-notice",
                notice_version=f"{rng.randrange(1, 4)}.0",
            )
            if rng.random() < 0.6
            else None
        ),
    )
    versions = [grant]
    if needs_confirmation and rng.random() < 0.6:
        grant = grant.confirm(at=granted.add(minutes=rng.randrange(1, 20_000)))
        versions.append(grant)
    if grant.expires_at is not None and rng.random() < 0.4:
        until = grant.expires_at.add(days=rng.randrange(1, 400))
        grant = grant.renew(until=rng.choice((None, until)))
        versions.append(grant)
        tags["grant:renewed"] += 1
    if rng.random() < 0.2:
        withdrawn = granted.add(hours=rng.randrange(0, 40_000))
        grant = grant.withdraw(
            at=_edge(rng, at, withdrawn, tags, "withdrawn") if granted <= at else withdrawn
        )
        versions.append(grant)
    tags[f"basis:{basis.value}"] += 1
    tags[f"grant_purpose:{purpose}"] += 1
    tags[f"grant:{grant.status_at(at).value}"] += 1
    if len(versions) > 1:
        tags["grant:versions"] += 1
    return versions


def _grants(
    rng: random.Random,
    request: tuple[pt.Contact, pt.Message, pendulum.DateTime],
    tags: Counter[str],
) -> list[pt.ConsentGrant]:
    grants: list[pt.ConsentGrant] = []
    for k in range(rng.choice((0, 1, 1, 2, 2, 3, 4, 6))):
        grants += _grant(rng, request, k, tags)
    rng.shuffle(grants)  # versions out of order: the ledger must not care
    return grants


# -- history and suppressions --------------------------------------------------------------

#: Interaction kinds, neutral ones more often than the negative reactions that end a talk.
_KINDS = tuple(k for k in pt.InteractionKind for _ in range(1 if k.is_negative else 8))
_AUTHORSHIPS = tuple(Authorship)


def _history(
    rng: random.Random, contact: pt.Contact, at: pendulum.DateTime, tags: Counter[str]
) -> list[pt.Interaction]:
    roll = rng.random()
    size = 0 if roll < 0.3 else rng.randrange(1, 9)
    if roll > 0.98:  # a long relationship
        size = rng.randrange(40, 150)
        tags["history:long"] += 1
    out = []
    for _ in range(size):
        kind = rng.choice(_KINDS)
        tags[f"interaction:{kind.value}"] += 1
        sent = kind.is_touch
        out.append(
            pt.Interaction(
                contact_id=contact.id,
                kind=kind,
                at=at.subtract(minutes=rng.randrange(-600, 400_000)),
                channel=rng.choice((None, *_CHANNELS)),
                purpose=rng.choice((*_MESSAGE_PURPOSES, "transactional")) if sent else None,
                level=rng.choice(_LEVELS) if sent and rng.random() < 0.5 else None,
                authorship=rng.choice(_AUTHORSHIPS) if sent and rng.random() < 0.5 else None,
                facts_used=_subset(rng, _KEYS, 2) if sent else (),
                topic=rng.choice((None, None, "renewal", "travel", "family")),
                message_id=rng.choice((None, "m-1", "m-2")),
                moment_id=rng.choice((None, None, "mo-1", "mo-2")),
            )
        )
    return out


_REASONS = tuple(SuppressionReason)


def _suppressions(
    rng: random.Random, contact: pt.Contact, at: pendulum.DateTime, tags: Counter[str]
) -> pt.SuppressionList:
    if rng.random() < 0.8:
        return pt.SuppressionList()
    entries = []
    for _ in range(rng.randrange(1, 3)):
        reason = rng.choice(_REASONS)
        tags[f"suppression:{reason.value}"] += 1
        since = _edge(rng, at, at.add(days=rng.randrange(-300, 20)), tags, "suppressed")
        purposes = rng.choice(((), ("marketing",), ("marketing", "fundraising", "consent_request")))
        channel = rng.choice((None, *_CHANNELS))
        if contact.contact_points and rng.random() < 0.5:
            point = rng.choice(contact.contact_points)
            entries.append(
                pt.Suppression.for_address(
                    point.address, since=since, channel=channel, purposes=purposes, reason=reason
                )
            )
        else:
            entries.append(
                pt.Suppression(
                    contact_id=contact.id if rng.random() < 0.9 else "someone-else",
                    channel=channel,
                    purposes=purposes,
                    reason=reason,
                    since=since,
                )
            )
    return pt.SuppressionList(entries)


# -- messages ------------------------------------------------------------------------------

_FLAG_NAMES = tuple(a.name for a in attrs.fields(pt.ContentFlags))


def _content(rng: random.Random, tags: Counter[str]) -> pt.ContentFlags:
    roll = rng.random()
    if roll < 0.3:
        tags["content:undeclared"] += 1
        return pt.ContentFlags()
    if roll < 0.6:
        tags["content:declared"] += 1
        return pt.ContentFlags.declared(
            third_party_disclosure=rng.random() < 0.1,
            custom_audience=rng.random() < 0.1,
        )
    tags["content:mixed"] += 1
    return pt.ContentFlags(**{n: rng.choice((None, True, True, False)) for n in _FLAG_NAMES})


def _keys(rng: random.Random, contact: pt.Contact) -> list[str]:
    known = sorted({f.key for f in contact.facts})
    pool = (*known, *known, *_KEYS)
    return sorted(set(rng.sample(pool, min(len(pool), rng.choice((0, 0, 1, 2, 3, 5))))))


def _message(rng: random.Random, contact: pt.Contact, tags: Counter[str]) -> pt.Message:
    purpose = rng.choice(tuple(pt.MessagePurpose))
    points = [p.channel for p in contact.contact_points]
    channel = rng.choice(points) if points and rng.random() < 0.5 else rng.choice(_CHANNELS)
    level = rng.choice(_LEVELS)
    authorship = rng.choice(_AUTHORSHIPS)
    tags[f"purpose:{purpose.value}"] += 1
    tags[f"channel:{channel.value}"] += 1
    tags[f"level:{level.value}"] += 1
    tags[f"authorship:{authorship.value}"] += 1
    return pt.Message(
        purpose=purpose,
        channel=channel,
        authorship=authorship,
        level=level,
        content_facts=_keys(rng, contact),
        targeting_facts=_keys(rng, contact) if rng.random() < 0.3 else (),
        product_category=rng.choice((None, None, "outdoor", "books")),
        topic=rng.choice((None, None, "renewal", "travel", "family")),
        in_reply_to_inquiry=rng.random() < 0.1,
        content=_content(rng, tags),
        authorship_claims=(
            _subset(rng, ("personal_attention", "personal_authorship"), 2)
            if rng.random() < 0.1
            else ()
        ),
        moment_id=rng.choice((None, None, "mo-1")),
        id=rng.choice((None, "m-1", "m-3")),
    )


# -- warm relationships --------------------------------------------------------------------

#: The share of requests turned into a warm relationship that may go personal.
_WARM = 0.3
_LATE_STAGES = tuple(s for s in _STAGES if s >= pt.Stage.CUSTOMER)
_WARM_LEVELS = (pt.Level.CONTEXTUAL, pt.Level.PERSONAL, pt.Level.INDIVIDUAL)


def _warm(
    rng: random.Random,
    request: tuple[pt.Contact, pt.Message, pendulum.DateTime],
    grants: list[pt.ConsentGrant],
    tags: Counter[str],
) -> tuple[pt.Contact, pt.Message, list[pt.ConsentGrant]]:
    """
    A customer who asked for it: a late stage, no pause, block or objection, a human-written
    or assisted message asking for a personal level with declared content, and grants in
    force for the message and for personalization (so fact rules, not consent, decide).
    """
    contact, message, at = request
    stage = rng.choice(_LATE_STAGES)
    tags[f"stage:{contact.stage.value}"] -= 1
    tags[f"stage:{stage.value}"] += 1
    tags["warm"] += 1
    contact = attrs.evolve(
        contact,
        stage=stage,
        preferences=attrs.evolve(
            contact.preferences, max_level=None, paused_until=None, blocked_channels=()
        ),
        privacy=pt.PrivacySignals(),
    )
    message = attrs.evolve(
        message,
        level=rng.choice(_WARM_LEVELS),
        authorship=rng.choice((Authorship.HUMAN, Authorship.ASSISTED)),
        content=pt.ContentFlags.declared(),
        authorship_claims=(),
    )
    since = at.subtract(days=rng.randrange(1, 700))
    purposes = [pt.Purpose.PERSONALIZATION_PROFILE]
    if message.purpose is not pt.MessagePurpose.TRANSACTIONAL:
        purposes.append(f"{message.purpose.value}.{message.channel.value}")
    extra = [
        pt.ConsentGrant(
            id=f"{contact.id}-w{k}",
            contact_id=contact.id,
            purpose=purpose,
            basis=rng.choice((pt.LawfulBasis.CONSENT, pt.LawfulBasis.EXPLICIT_CONSENT)),
            granted_at=since,
        )
        for k, purpose in enumerate(purposes)
    ]
    grants = [*grants, *extra]
    rng.shuffle(grants)
    return contact, message, grants


# -- the corpus ----------------------------------------------------------------------------

#: One in this many requests is a bundled sample contact, with its own grants and history.
_SAMPLE_EVERY = 25


def generate(
    count: int = COUNT, seed: int = SEED, tags: Counter[str] | None = None
) -> Iterator[DecisionRequest]:
    """
    Yield *count* requests; the same *seed* always yields the same requests.

    *tags*, if given, counts what the requests cover (``"stage:customer"``...).
    """
    tags = Counter() if tags is None else tags
    rng = random.Random(seed)
    sample = load_sample()
    bases = synthetic_contacts(count, seed=seed)
    for index, base in enumerate(bases):
        if index % _SAMPLE_EVERY == 0:
            yield _sample_request(rng, sample, tags)
            continue
        contact, at = _contact(rng, base, index, tags)
        message = _message(rng, contact, tags)
        grants = _grants(rng, (contact, message, at), tags)
        if rng.random() < _WARM:
            contact, message, grants = _warm(rng, (contact, message, at), grants, tags)
        yield DecisionRequest(
            contact=contact,
            message=message,
            at=at,
            consents=grants,
            history=_history(rng, contact, at, tags),
            suppressions=_suppressions(rng, contact, at, tags),
        )


def _sample_request(rng: random.Random, sample: Any, tags: Counter[str]) -> DecisionRequest:
    contact = rng.choice(sample.contacts)
    tags["sample"] += 1
    at = sample.at.add(minutes=rng.randrange(-20_000, 20_000))
    return DecisionRequest(
        contact=contact,
        message=_message(rng, contact, tags),
        at=at,
        consents=tuple(sample.ledger_for(contact.id).entries),
        history=sample.history_for(contact.id),
    )


def document(request: DecisionRequest) -> dict[str, Any]:
    """The JSON document of *request* (the form of :mod:`personal_touch.converters`)."""
    doc: dict[str, Any] = converters.unstructure(request)
    return doc


def canonical(value: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(value: object) -> str:
    """BLAKE2b (64 bits) of the canonical JSON of *value*."""
    return hashlib.blake2b(canonical(value), digest_size=8).hexdigest()


def request_digest(request: DecisionRequest) -> str:
    """The fingerprint of *request*'s JSON document."""
    return digest(document(request))


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("index", nargs="*", type=int, help="print these requests as JSON")
    parser.add_argument("--coverage", action="store_true", help="print what the corpus covers")
    args = parser.parse_args(argv)
    tags: Counter[str] = Counter()
    wanted = set(args.index)
    for i, request in enumerate(generate(tags=tags)):
        if i in wanted:
            print(json.dumps(document(request), indent=2, ensure_ascii=False, sort_keys=True))
    if args.coverage:
        for tag, n in sorted(tags.items()):
            print(f"{n:7d}  {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
