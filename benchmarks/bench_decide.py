"""
Full policy decisions per second, against the same checks in other engines.

**Cold (the headline).**  A batch of distinct contacts, each with its own consent ledger (5
grants) and history (20 interactions), freshly structured from JSON documents before the clock
starts and each decided once, as a nightly campaign run decides them: no identity-keyed cache
of the library can have seen them.  One marketing e-mail (automated, asking for CONTEXTUAL)
goes to all of them.  Every engine answers the same question for the parts it can express:
*is a grant in force that covers marketing by e-mail on a consent basis, what does the stage
table allow for an automated message to this contact's stage, and what level follows from the
requested level, the stage ceiling, the personalization grant and the person's own ceiling?*
The answers (verdict and level) are checked equal for every contact.

* ``regorus Program``: the checks in Rego, compiled once to regorus's RVM ``Program`` (its
  fastest API), per-contact input set from a JSON text prepared beforehand, as a service that
  receives JSON would (``gordon-to-regorus``; the result JSON is parsed after the clock stops).
* ``regorus Engine``: the same policy through ``Engine.set_input_json`` and ``eval_rule``.
* ``plain python``: a hand-written function on per-contact dicts with timestamps already in
  epoch seconds (parsed beforehand, like the other peers' inputs); the ratio is the price of
  our abstractions (all the core rules, the packs, reasons, an audit id and a frozen
  ``Decision``).

**Warm (labelled, beside it).**  One contact prepared once (``pt.prepare``) and a message
decided against the snapshot again and again (many messages per loaded contact), against
regorus ``Program`` on the same input text again and again: the library's best case, not a
batch.  Beside it, the same calls without preparing (``pt.decide`` with the same objects
every time), which redo the preparation each call.

**History size.**  Contacts with 10,000 interactions (over three years) against contacts drawn
alike with none, each freshly structured and decided once, compared per decision:
``time_ratio`` is how many times as long a decision with the long history takes.

**From JSON.**  The same cold batch starting from each contact's JSON text (parse, structure
the contact, ledger and history, decide) against regorus ``Program``, which parses its JSON
input too: what a service receiving JSON pays per decision.

pycasbin is not compared: its matchers cannot iterate over a contact's grants, so a casbin
decision needs one ``enforce`` per grant and per candidate level (or the consent logic moved
into Python functions, which is then not casbin), which would not be a fair peer.

Every comparison interleaves its engines in rounds (``_timing.interleave``) with the garbage
collector enabled for all; ratios are medians of per-round ratios.
"""

from __future__ import annotations

import json
import random
import statistics
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch import converters
from personal_touch import rules as pt_rules
from personal_touch.values import Authorship, HistorySummary

AT = pendulum.datetime(2026, 11, 30, 9, 0, tz="UTC")
LEVELS = ["generic", "segmented", "customized", "contextual", "personal", "individual"]
RANK = {lv: i for i, lv in enumerate(LEVELS)}
STAGE_TABLE = {
    f"{s.value}/{a.value}": pt_rules.DEFAULT_STAGE_TABLE.ceiling(s, a).value
    for s in pt.Stage
    for a in Authorship
}
CONSENT_BASES = sorted(b.value for b in pt_rules.CONSENT_BASES)
FACT_KEYS = (
    ("travel.next_trip", "stated"),
    ("interests.food", "stated"),
    ("interests.music", "stated"),
    ("purchases.last", "observed"),
    ("purchases.count", "observed"),
    ("account.since", "system"),
    ("company.name", "stated"),
    ("family.kids", "stated"),
    ("content.downloads", "observed"),
    ("interests.golf", "inferred"),
)
MESSAGE = pt.Message(
    purpose="marketing",
    channel="email",
    level="contextual",
    content_facts=["interests.food", "purchases.last", "account.since"],
    content=pt.ContentFlags.declared(),
)


def make_contact(
    i: int, rng: random.Random, *, interactions: int = 20
) -> tuple[pt.Contact, pt.ConsentLedger, tuple[pt.Interaction, ...]]:
    """Contact *i* with its own facts, 5 grants and history, varied by *rng*."""
    cid = f"c{i}"
    facts = [
        pt.Fact(
            key=key,
            value=f"{key}-{i}" if n % 3 else i % 97,
            provenance=prov,
            recorded_at=AT.subtract(days=rng.randrange(1, 60), minutes=rng.randrange(1440)),
        )
        for n, (key, prov) in enumerate(FACT_KEYS)
    ]
    max_level = rng.choice([None, None, *LEVELS])
    contact = pt.Contact(
        id=cid,
        timezone="Europe/Berlin",
        created_at=AT.subtract(days=rng.randrange(1_200, 2_000)),
        jurisdiction="DE",
        stage=rng.choice(list(pt.Stage)),
        facts=facts,
        preferences=pt.Preferences(max_level=max_level),
    )
    since = AT.subtract(days=rng.randrange(100, 700))
    email: dict[str, Any] = rng.choice(
        [
            {"purpose": "marketing.email"},
            {"purpose": "marketing.email"},
            {"purpose": "marketing", "channels": ["email"]},
            {"purpose": "marketing", "channels": ["sms"]},
            {"purpose": "marketing.email", "withdrawn_at": AT.subtract(days=rng.randrange(1, 20))},
            {"purpose": "marketing.email", "expires_at": AT.subtract(days=rng.randrange(1, 20))},
            {"purpose": "marketing.email", "expires_at": AT.add(days=rng.randrange(1, 200))},
            {"purpose": "marketing.email", "basis": "explicit_consent"},
        ]
    )
    profile: dict[str, Any] = rng.choice(
        [
            {"purpose": "personalization.profile"},
            {"purpose": "personalization.profile"},
            {"purpose": "personalization.profile", "withdrawn_at": AT.subtract(days=2)},
            {"purpose": "survey"},
        ]
    )
    specs = [
        email,
        profile,
        {"purpose": "marketing.sms", "withdrawn_at": AT.subtract(days=rng.randrange(1, 90))},
        {"purpose": "marketing.post", "basis": "legitimate_interest"},
        {"purpose": "data.sharing", "expires_at": AT.subtract(days=rng.randrange(1, 90))},
    ]
    grants = [
        pt.ConsentGrant(id=f"{cid}-g{n}", contact_id=cid, granted_at=since, **spec)
        for n, spec in enumerate(specs)
    ]
    kinds = ["sent", "opened", "clicked", "sent", "replied"]
    # 20 interactions over the last two months; a long history over the last three years.
    span = (57 if interactions <= 20 else 1_100) * 1_440
    history = tuple(
        pt.Interaction(
            contact_id=cid,
            kind=kinds[n % 5],
            at=AT.subtract(days=3, minutes=span * n // max(interactions, 1) + rng.randrange(600)),
            channel="email",
            purpose="marketing" if kinds[n % 5] == "sent" else None,
        )
        for n in range(interactions)
    )
    return contact, pt.ConsentLedger.from_grants(cid, grants), history


class Batch:
    """A batch's JSON documents, from which each round structures fresh objects."""

    def __init__(self, n: int, *, seed: int, interactions: int = 20) -> None:
        rng = random.Random(seed)
        made = [make_contact(i, rng, interactions=interactions) for i in range(n)]
        self.contact_docs = [converters.unstructure(c) for c, _, _ in made]
        self.ledger_docs = [converters.unstructure(led) for _, led, _ in made]
        self.history_docs = [[converters.unstructure(x) for x in h] for _, _, h in made]
        self.texts = [rego_input(c, MESSAGE, led.entries, at=AT) for c, led, _ in made]
        self.text = json.dumps([self.contact_docs, self.ledger_docs, self.history_docs])
        self.records = [
            json.dumps({"contact": c, "ledger": led, "history": h})
            for c, led, h in zip(
                self.contact_docs, self.ledger_docs, self.history_docs, strict=True
            )
        ]

    def __len__(self) -> int:
        return len(self.contact_docs)

    def fresh(self) -> list[tuple[pt.Contact, pt.ConsentLedger, tuple[pt.Interaction, ...]]]:
        """New objects structured from newly parsed documents (untimed)."""
        contact_docs, ledger_docs, history_docs = json.loads(self.text)
        contacts = converters.structure_many(contact_docs, pt.Contact)
        ledgers = [converters.structure(d, pt.ConsentLedger) for d in ledger_docs]
        histories = [tuple(converters.structure_many(d, pt.Interaction)) for d in history_docs]
        return list(zip(contacts, ledgers, histories, strict=True))


# -- (a) Rego ----------------------------------------------------------------------------

#: The checks in Rego; the tables are loaded once as data (``data.config``), as OPA users do.
REGO = """
package pt

import rego.v1

in_force(g) if {
    g.granted_at <= input.at
    not g.withdrawn_at <= input.at
    not g.expires_at <= input.at
}

covers(g, purpose, channel) if {
    g.purpose == purpose
    channel_ok(g, channel)
}
covers(g, purpose, channel) if {
    g.purpose == concat(".", [purpose, channel])
}
channel_ok(g, channel) if count(g.channels) == 0
channel_ok(g, channel) if channel in g.channels

permitted if {
    some g in input.grants
    g.basis in data.config.consent_bases
    covers(g, input.message.purpose, input.message.channel)
    in_force(g)
}

personalized if {
    some g in input.grants
    g.basis in data.config.consent_bases
    covers(g, "personalization.profile", "")
    in_force(g)
}

ceilings contains data.config.ranks[input.message.level]
ceilings contains data.config.ranks[data.config.stage_table[concat("/", [input.contact.stage, input.message.authorship])]]
ceilings contains data.config.ranks[input.contact.max_level] if input.contact.max_level
ceilings contains 2 if not personalized

decision := {"verdict": "allow", "level": data.config.levels[min(ceilings)]} if permitted
decision := {"verdict": "deny", "level": "generic"} if not permitted
"""
REGO_DATA = {
    "config": {
        "consent_bases": CONSENT_BASES,
        "stage_table": STAGE_TABLE,
        "ranks": RANK,
        "levels": LEVELS,
    }
}


def rego_input(
    contact: pt.Contact,
    message: pt.Message,
    grants: Iterable[pt.ConsentGrant],
    *,
    at: pendulum.DateTime,
) -> str:
    """The JSON input document the Rego policy reads (timestamps as epoch seconds)."""

    def ts(v: Any) -> float | None:
        return None if v is None else v.timestamp()

    doc = {
        "at": at.timestamp(),
        "contact": {
            "stage": contact.stage.value,
            "max_level": contact.preferences.max_level.value
            if contact.preferences.max_level
            else None,
        },
        "message": {
            "purpose": message.purpose.value,
            "channel": message.channel.value,
            "authorship": message.authorship.value,
            "level": message.level.value,
        },
        "grants": [
            {
                k: v
                for k, v in {
                    "purpose": g.purpose,
                    "basis": g.basis.value,
                    "channels": sorted(c.value for c in g.channels),
                    "granted_at": ts(g.granted_at),
                    "withdrawn_at": ts(g.withdrawn_at),
                    "expires_at": ts(g.expires_at),
                }.items()
                if v is not None
            }
            for g in grants
        ],
    }
    return json.dumps(doc)


# -- plain Python ----------------------------------------------------------------------


def plain_decide(doc: dict[str, Any]) -> tuple[str, str]:
    """The same checks by hand on plain dicts (what the Rego policy reads)."""
    at = doc["at"]
    msg = doc["message"]
    purpose, channel = msg["purpose"], msg["channel"]
    permitted = personalized = False
    for g in doc["grants"]:
        if g["basis"] not in CONSENT_BASES:
            continue
        if not (
            g["granted_at"] <= at
            and g.get("withdrawn_at", at + 1) > at
            and g.get("expires_at", at + 1) > at
        ):
            continue
        p = g["purpose"]
        chans = g["channels"]
        if (p == purpose and (not chans or channel in chans)) or p == f"{purpose}.{channel}":
            permitted = True
        if p == "personalization.profile":
            personalized = True
    if not permitted:
        return "deny", "generic"
    ceilings = [
        RANK[msg["level"]],
        RANK[STAGE_TABLE[f"{doc['contact']['stage']}/{msg['authorship']}"]],
    ]
    if doc["contact"].get("max_level"):
        ceilings.append(RANK[doc["contact"]["max_level"]])
    if not personalized:
        ceilings.append(2)
    return "allow", LEVELS[min(ceilings)]


# -- the benchmarks ----------------------------------------------------------------------

Answer = tuple[str, str]


def _ours(batch: Batch, policy: pt.Policy) -> Callable[[], Callable[[], object]]:
    def prepare() -> Callable[[], object]:
        items = batch.fresh()

        def run() -> list[Answer]:
            out = []
            for contact, ledger, history in items:
                d = pt.decide(
                    contact, MESSAGE, consents=ledger, history=history, at=AT, policy=policy
                )
                out.append((d.verdict.value, d.level.value))
            return out

        return run

    return prepare


def _ours_summary(batch: Batch, policy: pt.Policy) -> Callable[[], Callable[[], object]]:
    def prepare() -> Callable[[], object]:
        items = [
            (contact, ledger, HistorySummary.from_interactions(contact.id, history))
            for contact, ledger, history in batch.fresh()
        ]

        def run() -> list[Answer]:
            out = []
            for contact, ledger, summary in items:
                d = pt.decide(
                    contact, MESSAGE, consents=ledger, history=summary, at=AT, policy=policy
                )
                out.append((d.verdict.value, d.level.value))
            return out

        return run

    return prepare


def _program() -> Any:
    import regorus

    return regorus.Program.compile_from_modules(json.dumps(REGO_DATA), [("pt.rego", REGO)], [ENTRY])


ENTRY = "data.pt.decision"


def _rvm(program: Any, texts: list[str]) -> Callable[[], Callable[[], object]]:
    import regorus

    def prepare() -> Callable[[], object]:
        vm = regorus.Rvm()
        vm.load_program(program)
        vm.set_data_json(json.dumps(REGO_DATA))

        def run() -> list[str]:
            out = []
            for text in texts:
                vm.set_input_json(text)
                out.append(vm.execute_entry_point(ENTRY))
            return out

        return run

    return prepare


def _engine(texts: list[str]) -> Callable[[], Callable[[], object]]:
    import regorus

    engine = regorus.Engine()
    engine.add_policy("pt.rego", REGO)
    engine.add_data_json(json.dumps(REGO_DATA))

    def prepare() -> Callable[[], object]:
        def run() -> list[Any]:
            out = []
            for text in texts:
                engine.set_input_json(text)
                out.append(engine.eval_rule(ENTRY))
            return out

        return run

    return prepare


def _ours_json(batch: Batch, policy: pt.Policy) -> Callable[[], Callable[[], object]]:
    def prepare() -> Callable[[], object]:
        records = batch.records

        def run() -> list[Answer]:
            out = []
            for text in records:
                doc = json.loads(text)
                contact = converters.structure(doc["contact"], pt.Contact)
                ledger = converters.structure(doc["ledger"], pt.ConsentLedger)
                history = tuple(converters.structure_many(doc["history"], pt.Interaction))
                d = pt.decide(
                    contact, MESSAGE, consents=ledger, history=history, at=AT, policy=policy
                )
                out.append((d.verdict.value, d.level.value))
            return out

        return run

    return prepare


def _plain(texts: list[str]) -> Callable[[], Callable[[], object]]:
    def prepare() -> Callable[[], object]:
        docs = [json.loads(t) for t in texts]
        return lambda: [plain_decide(doc) for doc in docs]

    return prepare


def _answers(results: Any) -> list[Answer]:
    out = []
    for r in results:
        doc = json.loads(r) if isinstance(r, str) else r
        out.append((doc["verdict"], doc["level"]) if isinstance(doc, dict) else tuple(doc))
    return out


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the decide-vs-peer records (a batch of 10,000 contacts; 2,000 with ``quick``)."""
    n = 2_000 if quick else 10_000
    rounds = 5 if quick else 9
    policy = pt.default_policy()
    batch = Batch(n, seed=10)
    program = _program()
    timed = interleave(
        {
            "ours": _ours(batch, policy),
            "program": _rvm(program, batch.texts),
            "engine": _engine(batch.texts),
            "plain": _plain(batch.texts),
            "ours_json": _ours_json(batch, policy),
        },
        rounds=rounds,
    )
    expected = timed.results["ours"]
    for name in ("program", "engine", "plain", "ours_json"):
        got = _answers(timed.results[name])
        bad = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
        assert not bad, (name, len(bad), bad[:3], [(expected[i], got[i]) for i in bad[:3]])
    verdicts = [v for v, _ in expected]
    common = {
        "contacts": n,
        "workload": "distinct contacts, freshly structured, each decided once; "
        "5 grants, 10 facts, 20 history entries each",
        "allowed": verdicts.count("allow"),
        "denied": verdicts.count("deny"),
    }
    peers = [
        ("program", "policy decide, cold batch, vs regorus Program", "regorus RVM Program"),
        ("engine", "policy decide, cold batch, vs regorus Engine", "regorus Engine"),
        ("plain", "policy decide, cold batch, vs plain python", "hand-written function on dicts"),
    ]
    for key, name, peer in peers:
        yield {"name": name, "peer": peer, **timed.record("ours", key, n), **common}
    yield {
        "name": "policy decide from JSON text (parse, structure, decide), cold batch, "
        "vs regorus Program",
        "peer": "regorus RVM Program (it parses its JSON input too)",
        **timed.record("ours_json", "program", n),
        **common,
    }

    yield from _warm(policy, program, quick=quick)
    yield from _per_contact(Batch(n // 5, seed=12), policy, program, quick=quick)
    yield from _history(policy, quick=quick)


def _warm(policy: pt.Policy, program: Any, *, quick: bool) -> Iterator[dict[str, object]]:
    """One contact decided again and again (the library's best case), labelled as such."""
    calls = 2_000 if quick else 10_000
    contact, ledger, history = make_contact(0, random.Random(1))
    text = rego_input(contact, MESSAGE, ledger.entries, at=AT)
    import regorus

    def ours() -> Callable[[], object]:
        def run() -> object:
            prepared = pt.prepare(contact, consents=ledger, history=history, at=AT, policy=policy)
            for _ in range(calls):
                d = pt.decide(prepared, MESSAGE)
            return (d.verdict.value, d.level.value)

        return run

    def unprepared() -> Callable[[], object]:
        def run() -> object:
            for _ in range(calls):
                d = pt.decide(
                    contact, MESSAGE, consents=ledger, history=history, at=AT, policy=policy
                )
            return (d.verdict.value, d.level.value)

        return run

    def peer() -> Callable[[], object]:
        vm = regorus.Rvm()
        vm.load_program(program)
        vm.set_data_json(json.dumps(REGO_DATA))

        def run() -> object:
            for _ in range(calls):
                vm.set_input_json(text)
                r = vm.execute_entry_point(ENTRY)
            return _answers([r])[0]

        return run

    timed = interleave(
        {"ours": ours, "peer": peer, "unprepared": unprepared}, rounds=5 if quick else 9
    )
    assert timed.results["ours"] == timed.results["peer"], timed.results
    assert timed.results["unprepared"] == timed.results["peer"], timed.results
    yield {
        "name": "policy decide, WARM: one prepared contact decided again and again, "
        "vs regorus Program",
        "peer": "regorus RVM Program, the same input again and again",
        **timed.record("ours", "peer", calls),
        "workload": "pt.prepare once, then pt.decide(prepared, message) every call",
    }
    yield {
        "name": "policy decide, one contact decided again and again without prepare, "
        "vs regorus Program",
        "peer": "regorus RVM Program, the same input again and again",
        **timed.record("unprepared", "peer", calls),
        "workload": "pt.decide(contact, message, consents=..., ...) with the same objects "
        "every call (each call prepares again)",
    }


#: Five different messages each contact of a batch receives (one prepared contact each): the
#: levels and content facts vary, so each message's own rules and facts run for it.
MESSAGES = tuple(
    pt.Message(
        purpose="marketing",
        channel="email",
        level=level,
        content_facts=keys,
        content=pt.ContentFlags.declared(),
    )
    for level, keys in (
        ("contextual", ["interests.food", "purchases.last", "account.since"]),
        ("contextual", ["interests.music", "content.downloads"]),
        ("customized", ["purchases.count"]),
        ("segmented", []),
        ("contextual", ["account.since", "interests.food"]),
    )
)


def _per_contact(
    batch: Batch, policy: pt.Policy, program: Any, *, quick: bool
) -> Iterator[dict[str, object]]:
    """
    Distinct fresh contacts, each prepared once and sent five different messages: what a
    prepared snapshot remembers helps only within the contact (labelled beside the cold line).
    """

    texts = [rego_input(c, m, led.entries, at=AT) for c, led, _ in batch.fresh() for m in MESSAGES]
    n = len(texts)

    def ours() -> Callable[[], object]:
        items = batch.fresh()

        def run() -> list[Answer]:
            out = []
            for contact, ledger, history in items:
                p = pt.prepare(contact, consents=ledger, history=history, at=AT, policy=policy)
                for m in MESSAGES:
                    d = pt.decide(p, m)
                    out.append((d.verdict.value, d.level.value))
            return out

        return run

    timed = interleave({"ours": ours, "program": _rvm(program, texts)}, rounds=3 if quick else 5)
    got = _answers(timed.results["program"])
    assert timed.results["ours"] == got, "the engines disagree"
    yield {
        "name": "policy decide, per contact: each fresh contact prepared once and sent five "
        "different messages, vs regorus Program",
        "peer": "regorus RVM Program, each contact's five inputs",
        **timed.record("ours", "program", n),
        "contacts": len(batch),
        "workload": "distinct contacts, freshly structured; pt.prepare once per contact, then "
        "pt.decide(prepared, message) for five messages of different levels and facts",
    }


def _history(policy: pt.Policy, *, quick: bool) -> Iterator[dict[str, object]]:
    """
    Contacts with 10,000 interactions against contacts drawn alike with none (more of them, so
    that their run is long enough to time; compared per decision): from the raw tuple of
    interactions, and from a :class:`~personal_touch.values.HistorySummary` of them.
    """
    k = 5 if quick else 10
    copies = 40
    long = Batch(k, seed=11, interactions=10_000)
    none = Batch(k * copies, seed=11, interactions=0)
    timed = interleave(
        {
            "long": _ours(long, policy),
            "summary": _ours_summary(long, policy),
            "none": _ours(none, policy),
        },
        rounds=3 if quick else 7,
    )
    none_s = [t / (k * copies) for t in timed.seconds["none"]]
    if timed.results["long"] != timed.results["summary"]:
        msg = "deciding from the summary and from the raw history disagree"
        raise AssertionError(msg)
    for engine, name, workload in (
        (
            "long",
            "policy decide, 10,000 interactions vs none (cold)",
            "the raw tuple of 10,000 interactions, freshly structured, as history=",
        ),
        (
            "summary",
            "policy decide, 10,000 interactions as a maintained HistorySummary vs none (cold)",
            "a HistorySummary of the 10,000 interactions (default 90-day horizon), built "
            "before the clock as an application maintaining it on write would, as history=",
        ),
    ):
        long_s = [t / k for t in timed.seconds[engine]]
        ratios = [lg / nn for lg, nn in zip(long_s, none_s, strict=True)]
        yield {
            "name": name,
            "peer": "contacts drawn alike with no history",
            "ops_per_s": 1 / statistics.median(long_s),
            "peer_ops_per_s": 1 / statistics.median(none_s),
            "ratio": statistics.median(1 / r for r in ratios),
            "time_ratio": statistics.median(ratios),
            "rounds": len(ratios),
            "answers_long": sorted(set(timed.results[engine])),  # type: ignore[call-overload]
            "answers_none": sorted(set(timed.results["none"])),  # type: ignore[call-overload]
            "contacts": k,
            "workload": workload,
        }
