"""
Synthetic contacts and consent ledgers for tests and benchmarks.

Contacts are assembled from pools of already-validated parts (names, facts, preferences,
time zone/locale/jurisdiction triples) built once, so streaming a million of them is fast and
holds only the pools in memory.  A contact's parts are chosen with a seeded
:class:`random.Random`, so the same seed always yields the same contacts.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import zlib
from collections.abc import Iterator

import pendulum

from ._channels import Channel, Medium
from ._consent import ConsentGrant, ConsentLedger, Evidence, LawfulBasis, Purpose, Scope
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
from ._facts import Fact, Provenance, Sensitivity
from ._levels import Level
from ._stages import Stage
from .exceptions import InvalidFieldError

# (IANA zone, locale, jurisdiction, phone prefix): consistent triples from every UTC offset
# band, including UTC-10 (Honolulu), UTC+14 (Kiritimati), half- and quarter-hour offsets and
# zones with and without daylight saving time.
_PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("Pacific/Honolulu", "en_US", "US-HI", "+1 808"),
    ("America/Anchorage", "en_US", "US-AK", "+1 907"),
    ("America/Los_Angeles", "en_US", "US-CA", "+1 415"),
    ("America/Los_Angeles", "en_US", "US-WA", "+1 206"),
    ("America/Denver", "en_US", "US-CO", "+1 303"),
    ("America/Chicago", "en_US", "US-TX", "+1 512"),
    ("America/New_York", "en_US", "US-NY", "+1 212"),
    ("America/New_York", "en_US", "US-FL", "+1 305"),
    ("America/New_York", "es_US", "US-FL", "+1 786"),
    ("America/Mexico_City", "es_MX", "MX", "+52 55"),
    ("America/Toronto", "en_CA", "CA-ON", "+1 416"),
    ("America/Toronto", "fr_CA", "CA-QC", "+1 514"),
    ("America/Vancouver", "en_CA", "CA-BC", "+1 604"),
    ("America/St_Johns", "en_CA", "CA-NL", "+1 709"),
    ("America/Sao_Paulo", "pt_BR", "BR", "+55 11"),
    ("America/Argentina/Buenos_Aires", "es_AR", "AR", "+54 11"),
    ("Atlantic/Reykjavik", "is_IS", "IS", "+354"),
    ("Europe/London", "en_GB", "GB", "+44 20"),
    ("Europe/Dublin", "en_IE", "IE", "+353 1"),
    ("Europe/Lisbon", "pt_PT", "PT", "+351 21"),
    ("Europe/Madrid", "es_ES", "ES", "+34 91"),
    ("Europe/Paris", "fr_FR", "FR", "+33 1"),
    ("Europe/Brussels", "nl_BE", "BE", "+32 2"),
    ("Europe/Amsterdam", "nl_NL", "NL", "+31 20"),
    ("Europe/Berlin", "de_DE", "DE", "+49 30"),
    ("Europe/Vienna", "de_AT", "AT", "+43 1"),
    ("Europe/Zurich", "de_CH", "CH", "+41 44"),
    ("Europe/Rome", "it_IT", "IT", "+39 06"),
    ("Europe/Warsaw", "pl_PL", "PL", "+48 22"),
    ("Europe/Stockholm", "sv_SE", "SE", "+46 8"),
    ("Europe/Helsinki", "fi_FI", "FI", "+358 9"),
    ("Europe/Athens", "el_GR", "GR", "+30 21"),
    ("Europe/Istanbul", "tr_TR", "TR", "+90 212"),
    ("Africa/Lagos", "en_NG", "NG", "+234 1"),
    ("Africa/Johannesburg", "en_ZA", "ZA", "+27 11"),
    ("Asia/Dubai", "ar_AE", "AE", "+971 4"),
    ("Asia/Kolkata", "hi_IN", "IN", "+91 22"),
    ("Asia/Kathmandu", "ne_NP", "NP", "+977 1"),
    ("Asia/Singapore", "en_SG", "SG", "+65"),
    ("Asia/Tokyo", "ja_JP", "JP", "+81 3"),
    ("Asia/Seoul", "ko_KR", "KR", "+82 2"),
    ("Australia/Adelaide", "en_AU", "AU", "+61 8"),
    ("Australia/Sydney", "en_AU", "AU", "+61 2"),
    ("Pacific/Auckland", "en_NZ", "NZ", "+64 9"),
    ("Pacific/Chatham", "en_NZ", "NZ", "+64 3"),
    ("Pacific/Kiritimati", "en_KI", "KI", "+686"),
)

_GIVEN = (
    "Ada", "Aiko", "Amara", "Ana", "Arjun", "Astrid", "Ben", "Chen", "Chloé", "Dara", "Diego",
    "Elif", "Emma", "Farah", "Finn", "Grace", "Hana", "Ines", "Ivan", "Jamal", "Jonas", "Kai",
    "Léa", "Liam", "Lucía", "Malik", "Maya", "Mei", "Nia", "Noah", "Olu", "Priya", "Rafael",
    "Sakura", "Sofia", "Tariq", "Thandiwe", "Tom", "Yara", "Zoe",
)  # fmt: skip
_FAMILY = (
    "Abe", "Adeyemi", "Almeida", "Bauer", "Brown", "Chen", "Costa", "Dubois", "Eriksson",
    "Fischer", "García", "Gupta", "Haddad", "Ivanova", "Jensen", "Kim", "Kowalski", "Lee",
    "Martin", "Müller", "Nakamura", "Novak", "O'Brien", "Okafor", "Papadopoulos", "Park",
    "Rossi", "Santos", "Schmidt", "Singh", "Smith", "Tanaka", "Tremblay", "Van Dijk", "Wang",
    "Yilmaz",
)  # fmt: skip
_HONORIFICS = (None, None, None, "Dr.", "Mx.", "Ms.", "Mr.")
_TEAMS = (
    ("Harbour City FC", "football"),
    ("Riverside Rovers", "football"),
    ("Northside Hawks", "basketball"),
    ("Bay Breakers", "baseball"),
    ("Maple Blades", "ice hockey"),
    ("Southern Waves", "rugby"),
    ("Capital Comets", "cricket"),
    ("Lakeside Lynx", "volleyball"),
)
_CITIES = (
    "New York", "Lisbon", "Tokyo", "Nairobi", "Montréal", "Sydney", "Reykjavík", "Mexico City",
    "Berlin", "Singapore", "Honolulu", "Buenos Aires",
)  # fmt: skip
_PRODUCTS = (
    ("outdoor", "tent"), ("outdoor", "trail shoes"), ("home", "espresso machine"),
    ("instruments", "digital piano"), ("books", "cookbook"), ("garden", "pruning shears"),
    ("electronics", "headphones"), ("sports", "road bike"),
)  # fmt: skip
_HOBBIES = ("ceramics", "cycling", "chess", "birding", "baking", "climbing", "jazz", "surfing")

#: First and last instant synthetic contacts are created in.
_EPOCH = pendulum.datetime(2015, 1, 1, tz="UTC")
_LATEST = pendulum.datetime(2026, 11, 1, tz="UTC")
_POOL = 997
_SHORT = 4  # given names longer than this may have a preferred short form
_FACT_KINDS = (
    "team", "trip", "purchase", "purchase", "wedding", "since", "hobbies", "pregnancy",
    "parent_care", "segment",
)  # fmt: skip  # a prime: pool indices drift against one another


def _stable(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@functools.cache
def _pools() -> _Pools:
    return _Pools()


class _Pools:
    """
    Validated parts, built once per process.
    """

    def __init__(self) -> None:
        rng = random.Random(20261130)
        span = int((_LATEST - _EPOCH).total_seconds())
        self.instants = tuple(_EPOCH.add(seconds=rng.randrange(span)) for _ in range(_POOL))
        self.places = tuple(
            (tz, loc, Jurisdiction.parse(j), phone) for tz, loc, j, phone in _PLACES
        )
        self.names = tuple(
            Name(
                g,
                f,
                preferred=g[:3] if (i % 11 == 0 and len(g) > _SHORT) else None,
                honorific=_HONORIFICS[i % len(_HONORIFICS)],
            )
            for i, (g, f) in enumerate((g, f) for g in _GIVEN for f in _FAMILY)
        )
        self.handles = tuple(f"{g}.{f}".lower().replace("'", "").replace(" ", "") for g, f in (
            (n.given or "x", n.family or "x") for n in self.names
        ))  # fmt: skip
        births: list[dt.date | None] = [None] * 20
        for _ in range(300):
            births.append(
                dt.date(rng.randrange(1940, 2009), rng.randrange(1, 13), rng.randrange(1, 29))
            )
        births += [dt.date(y, 2, 29) for y in (1948, 1972, 1988, 1996, 2000, 2004)]
        births += [dt.date(1990, 12, 31), dt.date(1985, 1, 1), dt.date(2008, 11, 30)]
        self.births = tuple(births)
        self.stages = tuple(Stage)
        self.facts = tuple(self._facts(rng))
        self.preferences = tuple(self._preferences())
        self.privacy = (
            *(PrivacySignals(),) * 6,
            PrivacySignals(global_privacy_control=True),
            PrivacySignals(limit_sensitive_data=True, global_privacy_control=True),
            PrivacySignals(dnc_registries=[DncRegistry.US_NATIONAL_DNC]),
            PrivacySignals(dnc_registries=[DncRegistry.UK_TPS]),
            PrivacySignals(objected_to_marketing_at=pendulum.datetime(2025, 5, 5, tz="UTC")),
        )

    @staticmethod
    def _facts(rng: random.Random) -> list[tuple[Fact, ...]]:
        """
        Fact bundles: each contact gets one bundle (zero to four facts).
        """
        singles: list[Fact] = []
        for i in range(_POOL):
            at = _EPOCH.add(days=rng.randrange(4300), minutes=rng.randrange(1440))
            kind = _FACT_KINDS[i % len(_FACT_KINDS)]
            if kind == "team":
                team, sport = _TEAMS[i % len(_TEAMS)]
                singles.append(
                    Fact(
                        key="interests.sports.team",
                        value={"name": team, "sport": sport},
                        provenance=Provenance.STATED,
                        recorded_at=at,
                        source="preference center",
                    )
                )
            elif kind == "trip":
                departs = at.add(days=rng.randrange(3, 60)).date()
                returns = departs + dt.timedelta(days=rng.randrange(2, 15))
                singles.append(
                    Fact(
                        key="travel.next_trip",
                        value={
                            "destination": _CITIES[i % len(_CITIES)],
                            "departs": departs,
                            "returns": returns,
                        },
                        provenance=Provenance.STATED,
                        recorded_at=at,
                        valid_until=pendulum.datetime(
                            returns.year, returns.month, returns.day, 23, 59, tz="UTC"
                        ),
                        source="call notes",
                    )
                )
            elif kind == "purchase":
                category, item = _PRODUCTS[i % len(_PRODUCTS)]
                singles.append(
                    Fact(
                        key="purchases.last",
                        value={"category": category, "item": item, "on": at.date()},
                        provenance=Provenance.OBSERVED,
                        recorded_at=at,
                        source="orders",
                    )
                )
            elif kind == "wedding":
                singles.append(
                    Fact(
                        key="family.wedding_anniversary",
                        value=dt.date(rng.randrange(1970, 2025), rng.randrange(1, 13), 1 + i % 28),
                        provenance=Provenance.STATED,
                        recorded_at=at,
                        source="gift registry form",
                    )
                )
            elif kind == "since":
                singles.append(
                    Fact(
                        key="account.customer_since",
                        value=at.date(),
                        provenance=Provenance.SYSTEM,
                        recorded_at=at,
                        source="crm",
                    )
                )
            elif kind == "hobbies":
                singles.append(
                    Fact(
                        key="interests.hobbies",
                        value=[_HOBBIES[i % 8], _HOBBIES[(i // 8) % 8]],
                        provenance=Provenance.STATED,
                        recorded_at=at,
                        source="profile page",
                    )
                )
            elif kind == "pregnancy":
                singles.append(
                    Fact(
                        key="health.pregnancy",
                        value={"predicted": True},
                        provenance=Provenance.INFERRED,
                        sensitivity=Sensitivity.REPRODUCTIVE_HEALTH,
                        recorded_at=at,
                        source="purchase propensity model",
                        confidence=round(0.5 + rng.random() / 2, 2),
                    )
                )
            elif kind == "parent_care":
                singles.append(
                    Fact(
                        key="family.parent_care",
                        value="looking at retirement communities",
                        provenance=Provenance.STATED,
                        sensitivity=Sensitivity.HEALTH,
                        recorded_at=at,
                        source="call notes",
                    )
                )
            else:
                singles.append(
                    Fact(
                        key="interests.segment",
                        value=rng.choice(("runners", "home cooks", "gardeners", "gamers")),
                        provenance=Provenance.THIRD_PARTY,
                        recorded_at=at,
                        source="data broker",
                        confidence=0.6,
                    )
                )
        bundles: list[tuple[Fact, ...]] = [()] * 50
        for i in range(_POOL):
            size = 1 + i % 4
            bundles.append(tuple(singles[(i * 7 + k * 131) % _POOL] for k in range(size)))
        return bundles

    @staticmethod
    def _preferences() -> list[Preferences]:
        return [
            *(Preferences(),) * 8,
            Preferences(preferred_channels=[Channel.EMAIL], register=Register.FORMAL),
            Preferences(
                preferred_channels=[Channel.SMS, Channel.EMAIL], register=Register.INFORMAL
            ),
            Preferences(blocked_channels=[Channel.PHONE], preferred_formats=[Medium.TEXT]),
            Preferences(max_level=Level.CONTEXTUAL, excluded_topics=["family"]),
            Preferences(
                excluded_sensitivities=[Sensitivity.HEALTH, Sensitivity.REPRODUCTIVE_HEALTH]
            ),
            Preferences(quiet_hours=QuietHours("22:00", "07:30")),
            Preferences(
                frequency_limits=[FrequencyLimit(2, Period.WEEK, Channel.EMAIL)],
                preferred_formats=[Medium.VIDEO, Medium.TEXT],
            ),
            Preferences(paused_until=pendulum.datetime(2027, 1, 15, tz="UTC")),
            Preferences(max_level=Level.INDIVIDUAL, preferred_formats=[Medium.CALL]),
        ]


def synthetic_contacts(n: int, *, seed: int) -> Iterator[Contact]:
    """
    Yield *n* varied, valid contacts; the same *seed* always yields the same contacts.

    A generator streaming in constant memory (a million is fine).  Contacts spread over
    time zones from UTC-10 to UTC+14 (with and without daylight saving time), locales,
    jurisdictions, stages and birth dates (February 29 included), and carry zero to four
    facts: teams, trips, purchases, anniversaries, and a few inferred or sensitive ones that
    a policy must refuse to use.  Ids are ``"s<seed>-<n>"``.

    Args:
        n: How many contacts to yield.
        seed: Chooses the contacts.

    Raises:
        InvalidFieldError: *n* is negative.

    >>> contacts = list(synthetic_contacts(3, seed=1))
    >>> [c.id for c in contacts]
    ['s1-0', 's1-1', 's1-2']
    >>> contacts == list(synthetic_contacts(3, seed=1))
    True

    .. versionadded:: 0.1.0
    """
    if not isinstance(n, int) or n < 0:
        raise InvalidFieldError("n", "must be a non-negative integer")
    return _generate(n, seed)


def _generate(n: int, seed: int) -> Iterator[Contact]:
    p = _pools()
    rng = random.Random(seed)
    bits = rng.getrandbits
    instants, places, names, handles = p.instants, p.places, p.names, p.handles
    births, stages, facts, prefs, privacy = p.births, p.stages, p.facts, p.preferences, p.privacy
    n_inst, n_places, n_names, n_births = len(instants), len(places), len(names), len(births)
    n_stages, n_facts, n_prefs, n_priv = len(stages), len(facts), len(prefs), len(privacy)
    email, sms, phone, social = Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.SOCIAL
    for i in range(n):
        r = bits(64)
        tz, loc, jurisdiction, prefix = places[r % n_places]
        r //= n_places
        name_i = r % n_names
        r //= n_names
        cid = f"s{seed}-{i}"
        mix = r & 7
        r >>= 3
        points: tuple[ContactPoint, ...]
        handle = handles[name_i]
        if mix == 0:
            points = (ContactPoint(social, f"@{handle}{i}"),)
        elif mix < 4:  # noqa: PLR2004 - three in eight: e-mail only
            points = (ContactPoint(email, f"{handle}.{i}@example.com", verified=mix != 1),)
        else:
            points = (
                ContactPoint(email, f"{handle}.{i}@example.com", verified=True),
                ContactPoint(sms if mix & 1 else phone, f"{prefix} 555 {i % 10000:04d}"),
            )
        stage = stages[r % n_stages]
        r //= n_stages
        created = instants[r % n_inst]
        r //= n_inst
        yield Contact(
            id=cid,
            name=names[name_i],
            locale=loc,
            timezone=tz,
            created_at=created,
            jurisdiction=jurisdiction,
            stage=stage,
            birth_date=births[r % n_births],
            contact_points=points,
            facts=facts[(r // n_births) % n_facts],
            preferences=prefs[(r // 7) % n_prefs],
            privacy=privacy[(r // 13) % n_priv],
        )


_PURPOSES = (
    (Purpose.MARKETING_EMAIL, LawfulBasis.CONSENT),
    (Purpose.MARKETING_SMS, LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT),
    (Purpose.PERSONALIZATION_PROFILE, LawfulBasis.CONSENT),
    (Purpose.RELATIONSHIP, LawfulBasis.LEGITIMATE_INTEREST),
    (Purpose.sensitive(Sensitivity.HEALTH), LawfulBasis.EXPLICIT_CONSENT),
)


def synthetic_ledger(contact: Contact, *, seed: int) -> ConsentLedger:
    """
    A plausible consent ledger of five grants for *contact*, the same for the same *seed*.

    Grants start after the contact was created: e-mail marketing (sometimes awaiting its
    double opt-in), SMS marketing with prior express written consent (sometimes withdrawn),
    profile personalization (sometimes expired), relationship messages on legitimate
    interest, and explicit consent for health facts scoped to ``family.parent_care``.

    >>> contact = next(synthetic_contacts(1, seed=7))
    >>> len(synthetic_ledger(contact, seed=7))
    5

    .. versionadded:: 0.1.0
    """
    rng = random.Random(seed * 1_000_003 + _stable(contact.id))
    start = contact.created_at
    grants: list[ConsentGrant] = []
    for k, (purpose, basis) in enumerate(_PURPOSES):
        granted = start.add(days=rng.randrange(0, 400), minutes=rng.randrange(1440))
        roll = rng.random()
        grants.append(
            ConsentGrant(
                id=f"{contact.id}-g{k}",
                contact_id=contact.id,
                purpose=purpose,
                basis=basis,
                granted_at=granted,
                requires_confirmation=k == 0,
                confirmed_at=(granted.add(minutes=7) if k == 0 and roll > 0.1 else None),  # noqa: PLR2004
                withdrawn_at=(granted.add(days=200) if k == 1 and roll < 0.3 else None),  # noqa: PLR2004
                expires_at=(granted.add(years=2) if k == 2 else None),  # noqa: PLR2004
                scope=(
                    Scope(fact_keys=["family.parent_care"], sensitivities=[Sensitivity.HEALTH])
                    if k == 4  # noqa: PLR2004
                    else None
                ),
                evidence=Evidence(
                    source="synthetic",
                    method="double_opt_in" if k == 0 else "checkbox",
                    notice_id="privacy-notice",
                    notice_version=f"{1 + k}.0",
                    locale=contact.locale,
                    captured_by="synthetic",
                ),
            )
        )
    return ConsentLedger(contact.id, tuple(grants))
