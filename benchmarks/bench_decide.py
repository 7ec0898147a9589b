"""
Full policy decisions per second, against the same checks in other engines.

The workload: one contact (Berlin, customer) with 5 consent grants, 10 facts and 20
history entries; an automated marketing e-mail asking for CONTEXTUAL with three content
facts, decided at 10:00 local.  Every engine answers the same question for the parts it can
express: *is a grant in force that covers marketing by e-mail on a consent basis, what does
the stage table allow for an automated message to a customer, and what level follows from
the requested level, the stage ceiling, the personalization grant and the person's own
ceiling?*

* ``decide`` vs ``regorus``: the same consent, stage and level checks written in Rego and
  evaluated by regorus (OPA's Rego engine in Rust, ``gordon-to-regorus``), input set per call
  from a prepared JSON text, as a service would.
* ``decide`` vs ``pycasbin``: the consent check as a pycasbin ABAC model (one ``enforce``
  call per grant until one matches) plus the stage and level checks done the way a casbin
  user would (a second ``enforce`` per candidate level).
* ``decide`` vs ``plain python``: a hand-written function doing only these checks on plain
  dicts; the ratio is the price of our abstractions (all nine core rules, the packs, reasons,
  an audit id and a frozen ``Decision``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pendulum

import personal_touch as pt
from _timing import measure
from personal_touch import rules as pt_rules

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

AT = pendulum.datetime(2026, 11, 30, 9, 0, tz="UTC")
LEVELS = ["generic", "segmented", "customized", "contextual", "personal", "individual"]
RANK = {lv: i for i, lv in enumerate(LEVELS)}
STAGE_TABLE = {
    f"{s.value}/{a.value}": pt_rules.DEFAULT_STAGE_TABLE.ceiling(s, a).value
    for s in pt.Stage
    for a in pt.Authorship
}
CONSENT_BASES = sorted(b.value for b in pt_rules.CONSENT_BASES)


def workload() -> tuple[
    pt.Contact, pt.Message, tuple[pt.ConsentGrant, ...], tuple[pt.Interaction, ...]
]:
    """The contact, message, 5 grants and 20 interactions decided in every benchmark."""
    rec = AT.subtract(days=20)
    facts = [
        pt.Fact(key="travel.next_trip", value="x", provenance="stated", recorded_at=rec),
        pt.Fact(key="interests.food", value="x", provenance="stated", recorded_at=rec),
        pt.Fact(key="interests.music", value="x", provenance="stated", recorded_at=rec),
        pt.Fact(key="purchases.last", value="x", provenance="observed", recorded_at=rec),
        pt.Fact(key="purchases.count", value=3, provenance="observed", recorded_at=rec),
        pt.Fact(key="account.since", value="2020", provenance="system", recorded_at=rec),
        pt.Fact(key="company.name", value="x", provenance="stated", recorded_at=rec),
        pt.Fact(key="family.kids", value=2, provenance="stated", recorded_at=rec),
        pt.Fact(key="content.downloads", value=4, provenance="observed", recorded_at=rec),
        pt.Fact(key="interests.golf", value=True, provenance="inferred", recorded_at=rec),
    ]
    contact = pt.Contact(
        id="c-bench",
        timezone="Europe/Berlin",
        created_at=AT.subtract(years=3),
        jurisdiction="DE",
        stage="customer",
        facts=facts,
        preferences=pt.Preferences(max_level="personal"),
    )
    year = AT.subtract(years=1)
    grants = (
        pt.ConsentGrant(id="g1", contact_id="c-bench", purpose="marketing.email", granted_at=year),
        pt.ConsentGrant(
            id="g2", contact_id="c-bench", purpose="personalization.profile", granted_at=year
        ),
        pt.ConsentGrant(
            id="g3",
            contact_id="c-bench",
            purpose="marketing.sms",
            granted_at=year,
            withdrawn_at=AT.subtract(days=3),
        ),
        pt.ConsentGrant(
            id="g4",
            contact_id="c-bench",
            purpose="marketing.post",
            granted_at=year,
            basis="legitimate_interest",
        ),
        pt.ConsentGrant(
            id="g5",
            contact_id="c-bench",
            purpose="data.sharing",
            granted_at=year,
            expires_at=AT.subtract(days=30),
        ),
    )
    kinds = ["sent", "opened", "clicked", "sent", "replied"]
    history = tuple(
        pt.Interaction(
            contact_id="c-bench",
            kind=kinds[i % 5],
            at=AT.subtract(days=40 - 2 * i),
            channel="email",
            purpose="marketing" if kinds[i % 5] == "sent" else None,
        )
        for i in range(20)
    )
    message = pt.Message(
        purpose="marketing",
        channel="email",
        level="contextual",
        content_facts=["interests.food", "purchases.last", "account.since"],
    )
    return contact, message, grants, history


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


def rego_input(contact: pt.Contact, message: pt.Message, grants: Iterable[pt.ConsentGrant]) -> str:
    """The JSON input document the Rego policy reads (timestamps as epoch seconds)."""

    def ts(v: Any) -> float | None:
        return None if v is None else v.timestamp()

    doc = {
        "at": AT.timestamp(),
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


# -- (b) casbin --------------------------------------------------------------------------

CASBIN_MODEL = """
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub_rule, obj, act

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.obj == p.obj && r.act == p.act && eval(p.sub_rule)
"""


def casbin_enforcer() -> Any:
    """A pycasbin ABAC enforcer: consent and stage/level rules as policy lines."""
    import casbin
    from casbin import persist

    class Adapter(persist.Adapter):  # type: ignore[misc]
        def load_policy(self, model: Any) -> None:
            bases = " || ".join(f"r.sub.basis == '{b}'" for b in CONSENT_BASES)
            in_force = (
                "r.sub.granted_at <= r.sub.at && r.sub.withdrawn_at > r.sub.at "
                "&& r.sub.expires_at > r.sub.at"
            )
            persist.load_policy_line(
                f"p, ({bases}) && {in_force} && r.sub.covers, grant, send", model
            )
            persist.load_policy_line(
                "p, r.sub.level_rank <= r.sub.stage_rank && r.sub.level_rank <= r.sub.max_rank "
                "&& (r.sub.level_rank <= 2 || r.sub.personalized), level, use",
                model,
            )

    model = casbin.Enforcer.new_model(text=CASBIN_MODEL)
    return casbin.Enforcer(model, Adapter())


class _Attrs:
    """An attribute bag for casbin's ``r.sub.x`` lookups."""

    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)


def casbin_decide(
    enforcer: Any, contact: pt.Contact, message: pt.Message, grants: Iterable[pt.ConsentGrant]
) -> tuple[str, str]:
    """Consent by one enforce per grant; the level by one enforce per candidate level."""
    at = AT.timestamp()
    far = float("inf")
    purpose, channel = message.purpose.value, message.channel
    permitted = personalized = False
    for g in grants:
        sub = _Attrs(
            basis=g.basis.value,
            at=at,
            granted_at=g.granted_at.timestamp(),
            withdrawn_at=g.withdrawn_at.timestamp() if g.withdrawn_at else far,
            expires_at=g.expires_at.timestamp() if g.expires_at else far,
            covers=g.covers(purpose, channel),
        )
        if enforcer.enforce(sub, "grant", "send"):
            permitted = True
        sub.covers = g.covers("personalization.profile")
        if enforcer.enforce(sub, "grant", "send"):
            personalized = True
    if not permitted:
        return "deny", "generic"
    stage = RANK[STAGE_TABLE[f"{contact.stage.value}/{message.authorship.value}"]]
    mx = contact.preferences.max_level
    max_rank = RANK[mx.value] if mx else 5
    for rank in range(RANK[message.level.value], -1, -1):
        sub = _Attrs(
            level_rank=rank, stage_rank=stage, max_rank=max_rank, personalized=personalized
        )
        if enforcer.enforce(sub, "level", "use"):
            return "allow", LEVELS[rank]
    return "allow", "generic"  # pragma: no cover


# -- (c) plain Python --------------------------------------------------------------------


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


def paired(ours: Any, peer: Any, *, min_time: float, rounds: int) -> tuple[float, float]:
    """
    Best operations per second of *ours* and *peer*, measured in alternating rounds so a
    busy machine slows both alike.
    """
    best_ours = best_peer = 0.0
    for _ in range(rounds):
        best_ours = max(best_ours, measure(ours, min_time=min_time, repeat=1))
        best_peer = max(best_peer, measure(peer, min_time=min_time, repeat=1))
    return best_ours, best_peer


def benchmarks(*, quick: bool) -> Iterator[dict[str, object]]:
    """Yield the decide-vs-peer records."""
    contact, message, grants, history = workload()
    policy = pt.default_policy()
    ledger = pt.ConsentLedger(contact.id, grants)
    min_time = 0.05 if quick else 0.3
    rounds = 3 if quick else 7

    def ours() -> object:
        return pt.decide(contact, message, consents=ledger, history=history, at=AT, policy=policy)

    expected = ours()

    def fresh() -> object:
        return pt.decide(
            contact, message, consents=list(grants), history=list(history), at=AT, policy=policy
        )

    common = {
        "workload": "5 grants, 10 facts, 20 history entries",
        "verdict": expected.verdict.value,
        "level": expected.level.value,
    }

    import regorus

    engine = regorus.Engine()
    engine.add_policy("pt.rego", REGO)
    engine.add_data_json(json.dumps(REGO_DATA))
    text = rego_input(contact, message, grants)

    def rego() -> object:
        engine.set_input_json(text)
        return engine.eval_rule("data.pt.decision")

    got = rego()
    assert (expected.verdict.value, expected.level.value) == (got["verdict"], got["level"]), got
    ops, peer = paired(ours, rego, min_time=min_time, rounds=rounds)
    yield {
        "name": "policy decide vs regorus",
        "ops_per_s": ops,
        "peer": "regorus (Rego, gordon-to-regorus)",
        "peer_ops_per_s": peer,
        **common,
    }

    enforcer = casbin_enforcer()
    assert (expected.verdict.value, expected.level.value) == casbin_decide(
        enforcer, contact, message, grants
    )
    ops, peer = paired(
        ours,
        lambda: casbin_decide(enforcer, contact, message, grants),
        min_time=min_time,
        rounds=rounds,
    )
    yield {
        "name": "policy decide vs pycasbin",
        "ops_per_s": ops,
        "peer": "pycasbin ABAC model",
        "peer_ops_per_s": peer,
        **common,
    }

    doc = json.loads(text)
    assert (expected.verdict.value, expected.level.value) == plain_decide(doc)
    ops, peer = paired(ours, lambda: plain_decide(doc), min_time=min_time, rounds=rounds)
    yield {
        "name": "policy decide vs plain python",
        "ops_per_s": ops,
        "peer": "hand-written function on dicts (abstraction overhead)",
        "peer_ops_per_s": peer,
        **common,
    }

    ops, peer = paired(fresh, rego, min_time=min_time, rounds=rounds)
    yield {
        "name": "policy decide (grant and history lists rebuilt per call) vs regorus",
        "ops_per_s": ops,
        "peer": "regorus (Rego, gordon-to-regorus)",
        "peer_ops_per_s": peer,
        **common,
    }
