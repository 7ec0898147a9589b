"""
The pools synthetic contacts are assembled from: validated names, places, facts, preferences.

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
from collections.abc import Callable

import pendulum

from .._channels import Channel, Medium
from .._contacts import (
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
from .._facts import Fact, Provenance, Sensitivity
from .._levels import Level
from .._stages import Stage

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


def stable(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


@functools.cache
def pools() -> _Pools:
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
        # The stages of the first release, in their order, so that adding a stage leaves
        # every synthetic contact as it was; the later ones are dealt out separately.
        self.stages = tuple(
            Stage(s)
            for s in (
                "awareness",
                "consideration",
                "decision",
                "customer",
                "repeat_customer",
                "advocate",
            )
        )
        self.later_stages = tuple(s for s in Stage if s not in self.stages)
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
            singles.append(_FACT_MAKERS[_FACT_KINDS[i % len(_FACT_KINDS)]](i, at, rng))
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


# -- one fact of each kind: the i-th of the pool, recorded at *at* ---------------------------


def _team(i: int, at: pendulum.DateTime, _rng: random.Random) -> Fact:
    team, sport = _TEAMS[i % len(_TEAMS)]
    return Fact(
        key="interests.sports.team",
        value={"name": team, "sport": sport},
        provenance=Provenance.STATED,
        recorded_at=at,
        source="preference center",
    )


def _trip(i: int, at: pendulum.DateTime, rng: random.Random) -> Fact:
    departs = at.add(days=rng.randrange(3, 60)).date()
    returns = departs + dt.timedelta(days=rng.randrange(2, 15))
    return Fact(
        key="travel.next_trip",
        value={"destination": _CITIES[i % len(_CITIES)], "departs": departs, "returns": returns},
        provenance=Provenance.STATED,
        recorded_at=at,
        valid_until=pendulum.datetime(returns.year, returns.month, returns.day, 23, 59, tz="UTC"),
        source="call notes",
    )


def _purchase(i: int, at: pendulum.DateTime, _rng: random.Random) -> Fact:
    category, item = _PRODUCTS[i % len(_PRODUCTS)]
    return Fact(
        key="purchases.last",
        value={"category": category, "item": item, "on": at.date()},
        provenance=Provenance.OBSERVED,
        recorded_at=at,
        source="orders",
    )


def _wedding(i: int, at: pendulum.DateTime, rng: random.Random) -> Fact:
    return Fact(
        key="family.wedding_anniversary",
        value=dt.date(rng.randrange(1970, 2025), rng.randrange(1, 13), 1 + i % 28),
        provenance=Provenance.STATED,
        recorded_at=at,
        source="gift registry form",
    )


def _since(_i: int, at: pendulum.DateTime, _rng: random.Random) -> Fact:
    return Fact(
        key="account.customer_since",
        value=at.date(),
        provenance=Provenance.SYSTEM,
        recorded_at=at,
        source="crm",
    )


def _hobbies(i: int, at: pendulum.DateTime, _rng: random.Random) -> Fact:
    return Fact(
        key="interests.hobbies",
        value=[_HOBBIES[i % 8], _HOBBIES[(i // 8) % 8]],
        provenance=Provenance.STATED,
        recorded_at=at,
        source="profile page",
    )


def _pregnancy(_i: int, at: pendulum.DateTime, rng: random.Random) -> Fact:
    return Fact(
        key="health.pregnancy",
        value={"predicted": True},
        provenance=Provenance.INFERRED,
        sensitivity=Sensitivity.REPRODUCTIVE_HEALTH,
        recorded_at=at,
        source="purchase propensity model",
        confidence=round(0.5 + rng.random() / 2, 2),
    )


def _parent_care(_i: int, at: pendulum.DateTime, _rng: random.Random) -> Fact:
    return Fact(
        key="family.parent_care",
        value="looking at retirement communities",
        provenance=Provenance.STATED,
        sensitivity=Sensitivity.HEALTH,
        recorded_at=at,
        source="call notes",
    )


def _segment(_i: int, at: pendulum.DateTime, rng: random.Random) -> Fact:
    return Fact(
        key="interests.segment",
        value=rng.choice(("runners", "home cooks", "gardeners", "gamers")),
        provenance=Provenance.THIRD_PARTY,
        recorded_at=at,
        source="data broker",
        confidence=0.6,
    )


#: How to make a fact of each kind in ``_FACT_KINDS`` (each draws from the pools' generator
#: in a fixed order, so the pools, and every seed's contacts, stay the same).
_FACT_MAKERS: dict[str, Callable[[int, pendulum.DateTime, random.Random], Fact]] = {
    "team": _team,
    "trip": _trip,
    "purchase": _purchase,
    "wedding": _wedding,
    "since": _since,
    "hobbies": _hobbies,
    "pregnancy": _pregnancy,
    "parent_care": _parent_care,
    "segment": _segment,
}
