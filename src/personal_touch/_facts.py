"""
What we know about a person, where we learned it and how sensitive it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import warnings
from collections.abc import Mapping
from typing import TypeAlias, Union

import attrs
import pendulum

from ._frozen import FrozenMap
from ._time import aware, check_aware, check_aware_or_none, to_datetime, to_datetime_or_none
from ._validators import StrictStrEnum, number, optional_text
from .exceptions import InvalidFieldError


class Provenance(StrictStrEnum):
    """
    How we came to know a fact.

    .. versionadded:: 0.1.0
    """

    #: The person told us (a form, a call, an e-mail).
    STATED = "stated"
    #: Their own behaviour with us (purchases, clicks, visits).
    OBSERVED = "observed"
    #: We derived or predicted it.  Never used to address a person by default.
    INFERRED = "inferred"
    #: Bought or enriched from someone else.
    THIRD_PARTY = "third_party"
    #: Operational records (account created, plan renewed).
    SYSTEM = "system"


class Sensitivity(StrictStrEnum):
    """
    How sensitive a fact is.

    Every member except :attr:`ORDINARY` is a *special category* that needs explicit,
    scoped consent before it may be used to address someone.  The names follow GDPR
    Art. 9(1) and the CPRA's "sensitive personal information" (Cal. Civ. Code
    §1798.140(ae)); which list a category is on is the law's, kept in its pack
    (:data:`personal_touch.packs.eu.ART9_CATEGORIES`,
    :data:`personal_touch.packs.us_states.CPRA_SPI`).  Categories on neither list
    (bereavement, finances outside the CPRA's account credentials) are ones a person must
    still never be surprised by.

    .. versionadded:: 0.1.0
    """

    ORDINARY = "ordinary"
    #: GDPR Art. 9 "data concerning health"; CPRA "health".
    HEALTH = "health"
    #: Pregnancy, fertility, contraception, abortion (GDPR health; CPRA health;
    #: Washington My Health My Data Act).
    REPRODUCTIVE_HEALTH = "reproductive_health"
    #: GDPR "sex life or sexual orientation"; CPRA "sex life or sexual orientation".
    SEX_LIFE = "sex_life"
    #: GDPR "religious or philosophical beliefs"; CPRA "religious or philosophical beliefs".
    RELIGION = "religion"
    #: GDPR "political opinions" (not a CPRA category).
    POLITICAL_OPINIONS = "political_opinions"
    #: GDPR "racial or ethnic origin"; CPRA "racial or ethnic origin".
    RACIAL_ETHNIC_ORIGIN = "racial_ethnic_origin"
    #: GDPR "genetic data"; CPRA "genetic data".
    GENETIC = "genetic"
    #: GDPR "biometric data for the purpose of uniquely identifying"; CPRA "biometric".
    BIOMETRIC = "biometric"
    #: GDPR "trade union membership"; CPRA "union membership".
    TRADE_UNION = "trade_union"
    #: GDPR Art. 10 "criminal convictions and offences" (a separate article, same care).
    CRIMINAL_RECORD = "criminal_record"
    #: CPRA "account log-in, financial account, debit or credit card number"; income,
    #: debts and the like.
    FINANCES = "finances"
    #: CPRA "precise geolocation" (within a radius of 1,850 feet).
    PRECISE_LOCATION = "precise_location"
    #: Data about children (GDPR Art. 8, COPPA, LGPD Art. 14).
    CHILDREN = "children"
    #: CPRA "citizenship or immigration status".
    IMMIGRATION_STATUS = "immigration_status"
    #: CPRA "social security, driver's license, state identification card, or passport".
    GOVERNMENT_ID = "government_id"
    #: A death in the family: on neither list, but never to be surprised by.
    BEREAVEMENT = "bereavement"

    @property
    def is_special(self) -> bool:
        """
        Whether it is anything but :attr:`ORDINARY`.
        """
        return self is not Sensitivity.ORDINARY

    @property
    def gdpr_article_9(self) -> bool:
        """
        Whether GDPR Art. 9(1) lists it as a special category.

        .. deprecated:: 0.2.0
           The law lives in its pack: test membership of
           :data:`personal_touch.packs.eu.ART9_CATEGORIES`.  Removed in 0.3.0.
        """
        _deprecated("gdpr_article_9", "personal_touch.packs.eu.ART9_CATEGORIES")
        return self.value in _GDPR_ART_9

    @property
    def cpra_sensitive(self) -> bool:
        """
        Whether the CPRA lists it as sensitive personal information.

        .. deprecated:: 0.2.0
           The law lives in its pack: test membership of
           :data:`personal_touch.packs.us_states.CPRA_SPI`.  Removed in 0.3.0.
        """
        _deprecated("cpra_sensitive", "personal_touch.packs.us_states.CPRA_SPI")
        return self.value in _CPRA_SPI


def _deprecated(name: str, instead: str) -> None:
    warnings.warn(
        f"Sensitivity.{name} is deprecated and will be removed in 0.3.0; use {instead}",
        DeprecationWarning,
        stacklevel=3,
    )


# Kept only for the deprecated properties above (removed in 0.3.0); the law is written in
# the packs, and tests/test_packs_table.py checks these frozen copies still match it.
_GDPR_ART_9 = frozenset(
    ("health", "reproductive_health", "sex_life", "religion", "political_opinions")  # noqa: RUF005
    + ("racial_ethnic_origin", "genetic", "biometric", "trade_union")
)
_CPRA_SPI = frozenset(
    ("health", "reproductive_health", "sex_life", "religion", "racial_ethnic_origin")  # noqa: RUF005
    + ("genetic", "biometric", "trade_union", "finances", "precise_location")
    + ("immigration_status", "government_id")
)

#: A JSON-able fact value: text, number, boolean, date, aware datetime, a tuple of
#: values, or a string-keyed mapping of values.
FactValue: TypeAlias = Union[  # noqa: UP007 - a recursive alias needs Union
    str,
    int,
    float,
    bool,
    dt.date,
    dt.datetime,
    tuple["FactValue", ...],
    FrozenMap["FactValue"],
    None,
]

_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


def validate_key(key: str, field: str = "key") -> str:
    """
    Return *key* if it is a dotted lower-case fact key such as ``travel.next_trip``.
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise InvalidFieldError(field, "must be a dotted lower-case key like 'travel.next_trip'")
    return key


#: How deeply a fact value may nest arrays and objects (a bound against stack exhaustion).
MAX_DEPTH = 64
#: How many decimal digits an integer in a fact value may have (Python refuses to turn
#: integers of more than 4,300 digits into text, so they could be neither saved nor said).
MAX_INT_DIGITS = 4000
_INT_BOUND = 10**MAX_INT_DIGITS


def check_int(value: int, field: str) -> int:
    """
    Return *value* if it has at most :data:`MAX_INT_DIGITS` digits.
    """
    if -_INT_BOUND < value < _INT_BOUND:
        return value
    raise InvalidFieldError(field, f"integers may have at most {MAX_INT_DIGITS} digits")


def freeze_value(value: object, field: str = "value", *, depth: int = 0) -> FactValue:
    """
    Make a JSON-like value immutable: lists become tuples, dicts :class:`FrozenMap`.

    Raises:
        InvalidFieldError: *value* holds something that is not JSON-able, a non-finite
            float or a naive datetime, an integer of more than :data:`MAX_INT_DIGITS`
            digits, or nests deeper than :data:`MAX_DEPTH` levels.
    """
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return check_int(value, field)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFieldError(field, "numbers must be finite")
        return value
    if isinstance(value, dt.datetime):
        return aware(value, field)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (list, tuple, Mapping)) and depth >= MAX_DEPTH:
        raise InvalidFieldError(field, f"nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, (list, tuple)):
        return tuple(freeze_value(v, field, depth=depth + 1) for v in value)
    if isinstance(value, Mapping):
        items: dict[str, FactValue] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise InvalidFieldError(field, "mapping keys must be strings")
            items[k] = freeze_value(v, field, depth=depth + 1)
        return FrozenMap(items)
    raise InvalidFieldError(field, f"{type(value).__name__} is not a JSON-able fact value")


def _freeze(value: object) -> FactValue:
    return freeze_value(value)


_check_confidence = number("confidence", low=0.0, high=1.0)


def _confidence(
    instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None:
        _check_confidence(instance, attribute, value)


@attrs.frozen(kw_only=True, repr=False)
class Fact:
    """
    One piece of knowledge about a contact, with where it came from.

    Args:
        key: Dotted key, e.g. ``"travel.next_trip"`` or ``"interests.sports.team"``.
        value: A JSON-able value; lists become tuples and dicts :class:`FrozenMap`.
        provenance: How we learned it.
        recorded_at: When we learned it (aware).
        sensitivity: Its special category, if any.
        valid_until: When it stops being true, if known (a trip's return).
        source: Where it was recorded, e.g. ``"call notes"`` or ``"signup form v3"``.
        confidence: For inferred facts, how sure the inference is (0 to 1).

    The ``repr`` shows the key and metadata but never the value.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=lambda _i, _a, v: validate_key(v))
    value: FactValue = attrs.field(converter=_freeze)
    provenance: Provenance = attrs.field(converter=Provenance)
    recorded_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    sensitivity: Sensitivity = attrs.field(default=Sensitivity.ORDINARY, converter=Sensitivity)
    valid_until: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    source: str | None = attrs.field(default=None, validator=optional_text("source"))
    confidence: float | None = attrs.field(default=None, validator=_confidence)

    @valid_until.validator
    def _check_valid_until(self, _: object, value: pendulum.DateTime | None) -> None:
        if value is not None and value < self.recorded_at:
            raise InvalidFieldError("valid_until", "must not be before recorded_at")

    def __repr__(self) -> str:
        return (
            f"Fact(key={self.key!r}, provenance={self.provenance.value}, "
            f"sensitivity={self.sensitivity.value})"
        )

    @property
    def topic(self) -> str:
        """
        The first segment of the key: ``"travel"`` for ``"travel.next_trip"``.
        """
        return self.key.partition(".")[0]

    @property
    def is_inferred(self) -> bool:
        """
        Whether we derived or predicted it rather than being told or seeing it.
        """
        return self.provenance is Provenance.INFERRED

    def is_under(self, prefix: str) -> bool:
        """
        Whether the key is *prefix* or lies below it.

        ``interests`` covers ``interests.sports.team``; ``interest`` does not.
        """
        return self.key == prefix or self.key.startswith(prefix + ".")

    def is_valid_at(self, at: pendulum.DateTime) -> bool:
        """
        Whether it had been recorded and had not expired at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return self.recorded_at <= at and (self.valid_until is None or at < self.valid_until)


def _canon(value: object) -> object:
    # A JSON shape that keeps every distinction a render can show: dates and datetimes are
    # tagged (never equal to a string), mappings are sorted by key.
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return [_canon(v) for v in value]
    if isinstance(value, Mapping):
        return {"$map": [[k, _canon(value[k])] for k in sorted(value)]}
    raise InvalidFieldError("value", f"{type(value).__name__} is not a JSON-able fact value")


_SCALARS = {str: "s", int: "i", bool: "b", float: "f"}


def _value_text(value: FactValue) -> str:
    tag = _SCALARS.get(value.__class__)
    if tag is not None:
        return tag + (value if tag == "s" else repr(value))  # type: ignore[operator]
    return "j" + json.dumps(_canon(value), sort_keys=True, separators=(",", ":"))


def value_digest(value: FactValue) -> str:
    """
    A stable digest of a fact value: BLAKE2b (128 bits) of its canonical JSON.

    Equal values have equal digests whatever the process (no ``hash()``, mappings sorted);
    a date and the string of its ISO form differ, and so do ``1``, ``1.0`` and ``True``.

    .. versionadded:: 0.1.0
    """
    return hashlib.blake2b(_value_text(value).encode(), digest_size=16).hexdigest()


_DIGESTS: dict[int, tuple[Fact, str]] = {}
_DIGESTS_MAX = 4096


def fact_digest(fact: Fact) -> str:
    """
    :func:`value_digest` of *fact*'s value, memoised by the fact's identity (facts are frozen).

    .. versionadded:: 0.1.0
    """
    hit = _DIGESTS.get(id(fact))
    if hit is not None and hit[0] is fact:
        return hit[1]
    digest = value_digest(fact.value)
    if len(_DIGESTS) >= _DIGESTS_MAX:
        _DIGESTS.clear()
    _DIGESTS[id(fact)] = (fact, digest)
    return digest


_STAMPS: dict[int, tuple[Fact, float, float]] = {}


def fact_stamps(f: Fact) -> tuple[Fact, float, float]:
    """
    A fact with its ``recorded_at`` and ``valid_until`` (``inf`` if open) in epoch seconds.

    Memoised by the fact's identity (facts are frozen).
    """
    hit = _STAMPS.get(id(f))
    if hit is not None and hit[0] is f:
        return hit
    until = math.inf if f.valid_until is None else f.valid_until.timestamp()
    info = (f, f.recorded_at.timestamp(), until)
    if len(_STAMPS) >= _DIGESTS_MAX:
        _STAMPS.clear()
    _STAMPS[id(f)] = info
    return info


def _fact_canon(f: Fact) -> str:
    _, rec, until = fact_stamps(f)
    return (
        f"{f.key}\x1f{rec!r}\x1f{until!r}\x1f{f.provenance._value_}\x1f{f.sensitivity._value_}"
        f"\x1f{f.source!r}\x1f{f.confidence!r}\x1f{_value_text(f.value)}"
    )


_SETS: dict[int, tuple[tuple[Fact, ...], str]] = {}


def facts_digest(facts: tuple[Fact, ...]) -> str:
    """
    A digest of a whole fact set, independent of its order (memoised by the tuple's identity).

    Covers every field of every fact, the value through :func:`value_digest`.

    .. versionadded:: 0.1.0
    """
    hit = _SETS.get(id(facts))
    if hit is not None and hit[0] is facts:
        return hit[1]
    text = "\x1e".join(sorted(_fact_canon(f) for f in facts))
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    if len(_SETS) >= _DIGESTS_MAX:
        _SETS.clear()
    _SETS[id(facts)] = (facts, digest)
    return digest
