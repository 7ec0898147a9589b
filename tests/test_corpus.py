"""
The decision corpus: 10,000 seeded, varied requests decide exactly as recorded.

``tests/corpus/generate.py`` regenerates the same requests from a fixed seed (no hypothesis,
no ``PYTHONHASHSEED`` dependence); ``tests/corpus/expected.jsonl.xz`` holds each request's
digest and its decision's JSON (without ``decision_id``).  A refactor or a speed-up of the
policy engine must leave every decision identical: a failure here lists the first requests
whose decision changed, with a diff of the decision JSON (``python
tests/corpus/generate.py <index>`` prints the request).

When decisions change on purpose (a new rule, a fixed bug), re-record and review the
summary the recorder prints (counts of changed verdicts, levels, decisive codes, fields):

    PYTHONPATH=src python tests/corpus/record.py

The coverage tests keep the corpus from silently shrinking: it must keep reaching every
jurisdiction pack, verdict, stage, provenance, sensitivity, basis, grant status, interaction
kind, suppression reason and message shape it claims to.  See ``tests/corpus/README.md``.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

import personal_touch as pt
from corpus import generate, record
from personal_touch import converters, packs
from personal_touch._policy._io import DecisionRequest
from personal_touch.values import Authorship, GrantStatus, SuppressionReason

RECORD = "PYTHONPATH=src python tests/corpus/record.py"
#: How many mismatches a failure shows in full.
SHOWN = 5


@attrs.frozen
class Corpus:
    requests: list[DecisionRequest]
    tags: Counter[str]
    lines: list[dict[str, Any]]
    head: dict[str, Any]
    recorded: list[dict[str, Any]]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    tags: Counter[str] = Counter()
    requests = list(generate.generate(tags=tags))
    head, recorded = record.read()
    return Corpus(requests, tags, list(record.entries(requests)), head, recorded)


def _pretty(decision: dict[str, Any]) -> list[str]:
    return json.dumps(decision, indent=1, sort_keys=True, ensure_ascii=False).splitlines()


def _mismatch(i: int, was: dict[str, Any], now: dict[str, Any]) -> str:
    diff = difflib.unified_diff(_pretty(was), _pretty(now), "recorded", "now", lineterm="", n=2)
    return (
        f"request {i} (python tests/corpus/generate.py {i}): "
        f"{record.brief(was)} -> {record.brief(now)}\n" + "\n".join(diff)
    )


class TestRecorded:
    def test_full_size(self, corpus: Corpus) -> None:
        """The recorded file is of this generator's seed and holds every request."""
        assert generate.COUNT >= 10_000
        assert {"format": record.FORMAT, "seed": generate.SEED, "count": generate.COUNT} == (
            corpus.head
        )
        assert generate.COUNT == len(corpus.requests) == len(corpus.recorded)
        assert list(range(generate.COUNT)) == [line["i"] for line in corpus.recorded]

    def test_requests_unchanged(self, corpus: Corpus) -> None:
        """The generator yields the requests that were recorded (else nothing compares)."""
        changed, _, _ = record.compare(corpus.recorded, corpus.lines)
        assert not changed, (
            f"{len(changed)} requests differ from the recorded ones (first: {changed[:SHOWN]}):"
            " the generator or the requests' JSON form changed.  Decisions can only be "
            f"compared on the same requests; if the change is deliberate, re-record: {RECORD}"
        )

    def test_decisions_unchanged(self, corpus: Corpus) -> None:
        """Every decision's JSON, decision_id aside, is exactly the recorded one."""
        _, changed, counts = record.compare(corpus.recorded, corpus.lines)
        if not changed:
            return
        shown = "\n\n".join(
            _mismatch(i, corpus.recorded[i]["decision"], corpus.lines[i]["decision"])
            for i in changed[:SHOWN]
        )
        tally = "\n".join(f"  {n:6d}  {k}" for k, n in counts.most_common(20))
        pytest.fail(
            f"{len(changed)} of {len(corpus.lines)} decisions differ from the recorded ones:\n"
            f"{tally}\n\n{shown}\n\nIf they changed on purpose, re-record ({RECORD}) "
            "and review the summary it prints.",
            pytrace=False,
        )

    def test_requests_are_their_json(self, corpus: Corpus) -> None:
        """A request read back from its JSON document decides as recorded (a sample)."""
        for i in range(0, len(corpus.requests), 97):
            doc = json.loads(generate.canonical(generate.document(corpus.requests[i])))
            again = converters.structure(doc, DecisionRequest)
            assert corpus.recorded[i]["request"] == generate.digest(generate.document(again))
            assert corpus.recorded[i]["decision"] == record.outcome(again), i

    def test_independent_of_hash_seed(self, corpus: Corpus) -> None:
        """The first requests and decisions are the same whatever PYTHONHASHSEED is."""
        code = (
            "import itertools, json, sys\n"
            "from corpus import generate, record\n"
            "lines = record.entries(itertools.islice(generate.generate(), 150))\n"
            "json.dump(list(lines), sys.stdout)\n"
        )
        src = Path(pt.__file__).parent.parent
        path = os.pathsep.join([str(src), str(Path(__file__).parent)])
        for seed in ("0", "4242"):
            env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": path}
            done = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, check=True
            )
            assert not any(record.compare(corpus.recorded[:150], json.loads(done.stdout))), seed


#: Decisive reason codes the corpus must keep reaching, with a floor each.
DECISIVE = (
    "automated_claims_personal_authorship", "channel_blocked", "consent_expired",
    "consent_pending_confirmation", "consent_withdrawn", "content_undeclared", "frequency_zero",
    "no_permission", "objection_direct_marketing", "parental_consent_required", "paused",
    "pewc_required", "prior_consent_required", "quiet_hours", "suppressed",
    "targeting_on_sensitive_inference", "targeting_on_special_category", "topic_excluded",
    "unknown_time_zone", "unsubscribed",
)  # fmt: skip


class TestCoverage:
    def test_every_verdict_and_level(self, corpus: Corpus) -> None:
        """Every verdict and every granted level is well represented."""
        counts = record.summary(corpus.recorded)
        assert not [k for k in counts if k.startswith("error")]
        for verdict in pt.Verdict:
            assert counts[f"verdict {verdict.value}"] >= 500, verdict
        for level in pt.Level:
            assert counts[f"level {level.value}"] >= 30, level

    def test_spread_of_reason_codes(self, corpus: Corpus) -> None:
        """Many rules decide, none dominates, and the usual ones keep deciding."""
        counts = record.summary(corpus.recorded)
        reasons = {k: n for k, n in counts.items() if k.startswith("reason ")}
        decisive = {
            k: n for k, n in counts.items() if k.startswith("decisive ") and k != "decisive None"
        }
        assert len(reasons) >= 70
        assert len(decisive) >= 30
        assert max(decisive.values()) <= 0.3 * len(corpus.recorded)
        for code in DECISIVE:
            assert counts[f"decisive {code}"] >= 20, code

    def test_every_pack_and_unknown_jurisdiction(self, corpus: Corpus) -> None:
        """Every built-in pack applies to many contacts of known jurisdiction; some are unknown."""
        per_pack: Counter[str] = Counter()
        unknown = 0
        for r in corpus.requests:
            if r.contact.jurisdiction is None:
                unknown += 1
                continue
            per_pack.update(p.id for p in packs.applicable(r.contact.jurisdiction))
        for pack in packs.all_packs():
            assert per_pack[pack.id] >= 80, pack.id
        assert unknown >= 300
        assert (
            sum(1 for r in corpus.requests if not packs.applicable(r.contact.jurisdiction)) >= 500
        )

    def test_time_zones_nights_and_transitions(self, corpus: Corpus) -> None:
        """Contacts without a zone, local nights and daylight-saving transition days."""
        no_zone = nights = transitions = 0
        for r in corpus.requests:
            no_zone += r.contact.timezone is None
            local = r.contact.local(r.at)
            nights += local.hour >= 22 or local.hour < 7
            transitions += local.subtract(hours=12).utcoffset() != local.add(hours=12).utcoffset()
        assert no_zone >= 1000
        assert nights >= 2000
        assert transitions >= 400

    def test_what_the_generator_claims(self, corpus: Corpus) -> None:
        """Every value of every enum the requests are built from, and each special shape."""
        tags = corpus.tags
        wanted = [
            *(f"stage:{s.value}" for s in pt.Stage),
            *(f"provenance:{p.value}" for p in pt.Provenance),
            *(f"sensitivity:{s.value}" for s in pt.Sensitivity),
            *(f"basis:{b.value}" for b in pt.LawfulBasis),
            *(f"grant:{s.value}" for s in GrantStatus),
            *(f"interaction:{k.value}" for k in pt.InteractionKind),
            *(f"suppression:{r.value}" for r in SuppressionReason),
            *(f"purpose:{p.value}" for p in pt.MessagePurpose),
            *(f"channel:{c.value}" for c in pt.Channel),
            *(f"level:{lv.value}" for lv in pt.Level),
            *(f"authorship:{a.value}" for a in Authorship),
            "content:declared", "content:undeclared", "content:mixed",
            "fact:future", "fact:expired", "fact:same_key", "birth:minor",
            "pref:paused", "pref:blocked", "pref:quiet_hours", "privacy:signals",
            "grant:versions", "grant:renewed", "history:long", "sample", "at:dst", "at:night",
        ]  # fmt: skip
        assert {t: tags[t] for t in wanted if tags[t] < 50} == {}
        purposes = {p: tags[f"grant_purpose:{p}"] for p in pt.Purpose.choices()}
        assert {p: n for p, n in purposes.items() if n < 10} == {}
        prefixed = same_key = 0
        for r in corpus.requests:
            keys = [f.key for f in r.contact.facts]
            same_key += len(keys) != len(set(keys))
            prefixed += any(
                k != w and k.startswith(w + ".") for w in r.message.content_facts for k in keys
            )
        assert same_key >= 1000  # several facts under one key
        assert prefixed >= 300  # a message asks for "interests", the contact has interests.x.y
        assert sum(1 for r in corpus.requests if r.suppressions.entries) >= 1000
        assert sum(1 for r in corpus.requests if r.message.content_facts) >= 3000
        assert sum(1 for r in corpus.requests if r.message.targeting_facts) >= 1000
