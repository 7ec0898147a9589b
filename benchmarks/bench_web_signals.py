"""
TC string decoding, against the ``iab-tcf`` package on the same strings.

Distinct strings (each decoded once per round, as a server decodes its requests' cookies):
2,000 TC strings in the shapes CMPs write, vendors consented from a few dozen to about a
thousand (bitfields and ranges, as the encoder chooses), legitimate interests, a disclosed
vendors segment, publisher restrictions on a third, each with its own times and CMP.  Ours:
:func:`personal_touch.web_signals.decode_tc_string` (a frozen value with vendor sets and aware
times).  Peer: ``iab_tcf.decode`` (its one decoding call; it reads every segment at once,
bitfields into dicts of vendor flags, ranges kept as a list of pairs, less work than our sets).  Outputs are checked equal on the fields both decode before timing.
Interleaved rounds, the garbage collector on for both; above 1: we are faster.  The issue's
floor: at least 1x.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pendulum

from _timing import interleave
from personal_touch.web_signals import (
    PublisherRestriction,
    TCString,
    decode_tc_string,
    encode_tc_string,
)

try:
    import iab_tcf
except ImportError:  # pragma: no cover - the bench extra installs it
    iab_tcf = None


def tc_strings(n: int, *, seed: int = 7) -> list[str]:
    """*n* distinct TC strings shaped as CMPs write them."""
    rng = random.Random(seed)
    epoch = pendulum.datetime(2023, 1, 1, tz="UTC")
    out = []
    for i in range(n):
        top = rng.randint(40, 1100)
        share = rng.choice((0.2, 0.6, 0.95))
        consents = frozenset(v for v in range(1, top + 1) if rng.random() < share)
        interests = frozenset(v for v in range(1, top + 1) if rng.random() < 0.1)
        day = epoch + dt.timedelta(days=rng.randint(0, 900))
        restrictions = (
            (PublisherRestriction(purpose=2, restriction=0, vendors=frozenset(range(5, 40))),)
            if i % 3 == 0
            else ()
        )
        tc = TCString(
            created=day,
            last_updated=day,
            cmp_id=rng.randint(2, 400),
            cmp_version=rng.randint(1, 60),
            vendor_list_version=rng.randint(100, 250),
            purpose_consents=frozenset(p for p in range(1, 11) if rng.random() < 0.8),
            purpose_legitimate_interests=frozenset({2, 7, 8, 9, 10}),
            special_feature_opt_ins=frozenset({1}) if rng.random() < 0.5 else frozenset(),
            publisher_country_code="DE",
            vendor_consents=consents,
            vendor_legitimate_interests=interests,
            publisher_restrictions=restrictions,
            disclosed_vendors=consents | interests,
        )
        out.append(encode_tc_string(tc))
    return out


def ours(strings: list[str]) -> int:
    n = 0
    for s in strings:
        n += decode_tc_string(s).cmp_id
    return n


def peer(strings: list[str]) -> int:
    n = 0
    for s in strings:
        n += iab_tcf.decode(s).cmp_id
    return n


def _same(s: str) -> bool:
    a, b = decode_tc_string(s), iab_tcf.decode(s)
    top = max(a.vendor_consents | a.vendor_legitimate_interests, default=0) + 2
    return (
        a.cmp_id == b.cmp_id
        and a.vendor_list_version == b.vendor_list_version
        and a.purpose_consents == {k for k, v in b.purposes_consent.items() if v}
        and a.vendor_consents == {v for v in range(1, top) if b.is_vendor_allowed(v)}
        and a.vendor_legitimate_interests == {v for v in range(1, top) if b.is_interest_allowed(v)}
    )


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the TC string decoding record (none when ``iab-tcf`` is not installed)."""
    if iab_tcf is None:
        return
    strings = tc_strings(300 if quick else 2000)
    assert all(_same(s) for s in strings)
    assert ours(strings) == peer(strings)
    timed = interleave(
        {"ours": lambda: lambda: ours(strings), "peer": lambda: lambda: peer(strings)},
        rounds=7 if quick else 11,
    )
    yield {
        "name": "web signals: decode distinct TC strings",
        "peer": "iab_tcf.decode",
        "strings": len(strings),
        **timed.record("ours", "peer", len(strings)),
    }
