"""
The decision binds the exact fact instances it approved (issue 8, point 1).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import attrs
import pendulum
import pytest

import personal_touch as pt
from personal_touch._cli import main
from personal_touch.exceptions import StaleDecisionError
from personal_touch.moments import Writer, suggest_gestures
from personal_touch.values import ApprovedFact, DisclosureCode

AT = pendulum.datetime(2026, 11, 25, 18, tz="UTC")
ROOT = Path(__file__).resolve().parents[2]
REQUESTS = ROOT / "examples" / "requests"
TRIP_NOTE = ROOT / "examples" / "templates" / "trip-note.de.txt"

GRANTS = (
    pt.ConsentGrant(
        id="g-m",
        contact_id="c-1",
        purpose="marketing",
        basis="consent",
        channels=["email"],
        granted_at=AT.subtract(days=60),
    ),
    pt.ConsentGrant(
        id="g-p",
        contact_id="c-1",
        purpose="personalization.profile",
        basis="consent",
        granted_at=AT.subtract(days=60),
    ),
)


def fact(key: str, value: object, **kw: object) -> pt.Fact:
    kw.setdefault("provenance", "stated")
    kw.setdefault("recorded_at", AT.subtract(days=10))
    return pt.Fact(key=key, value=value, **kw)  # type: ignore[arg-type]


def person(*facts: pt.Fact, **kw: object) -> pt.Contact:
    fields: dict[str, object] = {
        "id": "c-1",
        "created_at": AT.subtract(years=1),
        "jurisdiction": "US-CA",
        "stage": "customer",
        "timezone": "America/Los_Angeles",
        "facts": facts,
    }
    fields.update(kw)
    return pt.Contact(**fields)  # type: ignore[arg-type]


def ask(contact: pt.Contact, **kw: object) -> pt.Decision:
    fields: dict[str, object] = {"purpose": "relationship", "channel": "email"}
    fields.update(kw)
    return pt.decide(contact, pt.Message(**fields), consents=GRANTS, at=AT)  # type: ignore[arg-type]


SHOPPING = fact("shopping", "SENTINEL-SHOP", provenance="observed")
PREDICTION = fact(
    "shopping.prediction",
    "SENTINEL-PREGNANT",
    provenance="inferred",
    sensitivity="reproductive_health",
)


class TestChildKeys:
    def test_child_of_a_usable_parent_is_not_rendered(self) -> None:
        """A sensitive inference below an asked-for key is withheld and never rendered."""
        c = person(SHOPPING, PREDICTION)
        d = ask(c, level="contextual", content_facts=["shopping"])
        assert pt.Verdict.ALLOW is d.verdict
        assert "shopping.prediction" not in d.usable_facts
        assert "shopping.prediction" in {w.key for w in d.withheld_facts}
        r = pt.Template("{{ facts.shopping.prediction | default: '-' }}").render(c, d)
        assert "SENTINEL-PREGNANT" not in r.text

    def test_children_pass_one_by_one(self) -> None:
        """A parent key approves each child that passes on its own, and only those."""
        ok = fact("interests.food", "SENTINEL-FOOD")
        bad = fact("interests.faith", "SENTINEL-FAITH", sensitivity="religion")
        c = person(ok, bad)
        d = ask(c, level="personal", authorship="assisted", content_facts=["interests"])
        assert ("interests.food",) == d.usable_facts
        assert [ApprovedFact.of(ok)] == list(d.approved_facts)
        t = pt.Template(
            "{{ facts.interests.food | default: '-' }} {{ facts.interests.faith | default: '-' }}"
        )
        text = t.render(c, d).text
        assert "SENTINEL-FOOD" in text
        assert "SENTINEL-FAITH" not in text

    def test_targeting_a_parent_of_a_sensitive_inference_is_denied(self) -> None:
        """targeting_facts=['health'] with an inferred health.pregnancy fact is denied."""
        c = person(fact("health.pregnancy", True, provenance="inferred", sensitivity="health"))
        exact = ask(c, targeting_facts=["health.pregnancy"])
        parent = ask(c, targeting_facts=["health"])
        assert pt.Verdict.DENY is exact.verdict
        assert pt.Verdict.DENY is parent.verdict
        assert "targeting_on_sensitive_inference" == parent.decisive_reason.code  # type: ignore[union-attr]


VALID = fact(
    "travel.next_trip",
    {"destination": "SENTINEL-VALID", "departs": datetime.date(2026, 12, 1)},
    recorded_at=AT.subtract(days=5),
)
EXPIRED = fact(
    "travel.next_trip",
    {"destination": "SENTINEL-EXPIRED", "departs": datetime.date(2026, 12, 2)},
    provenance="inferred",
    sensitivity="health",
    recorded_at=AT.subtract(days=2),
    valid_until=AT.subtract(days=1),
)


class TestTwoFactsUnderOneKey:
    def test_renders_the_approved_instance(self) -> None:
        """The template renders the fact the policy approved, not the latest recorded one."""
        c = person(VALID, EXPIRED)
        d = ask(c, level="personal", authorship="assisted", content_facts=["travel.next_trip"])
        assert (ApprovedFact.of(VALID),) == d.approved_facts
        r = pt.Template("{{ facts.travel.next_trip.destination }}").render(c, d)
        assert r.text.startswith("SENTINEL-VALID")
        assert "SENTINEL-EXPIRED" not in r.text

    def test_source_date_is_the_approved_instance(self) -> None:
        """'You told us on <date>' names the date of the instance rendered."""
        c = person(VALID, EXPIRED)
        d = ask(c, level="personal", authorship="assisted", content_facts=["travel.next_trip"])
        (source,) = [x for x in d.disclosures if x.code is DisclosureCode.FACT_SOURCE]
        assert VALID.recorded_at.in_tz(c.timezone).date().isoformat() == source.params["date"]

    def test_decision_id_depends_on_the_extra_fact(self) -> None:
        """The decision id changes when a fact the rules read is added."""
        kw = {"level": "personal", "authorship": "assisted", "content_facts": ["travel.next_trip"]}
        assert ask(person(VALID), **kw).decision_id != ask(person(VALID, EXPIRED), **kw).decision_id

    def test_equal_record_times_do_not_depend_on_input_order(self) -> None:
        """Two valid facts recorded at the same instant: the same one wins in any order."""
        a = fact("team", "SENTINEL-A")
        b = fact("team", "SENTINEL-B")
        kw = {"level": "contextual", "content_facts": ["team"]}
        first, second = ask(person(a, b), **kw), ask(person(b, a), **kw)
        assert first.approved_facts == second.approved_facts
        assert first.decision_id == second.decision_id

    def test_render_command_renders_the_approved_instance(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Through the render command, a newer expired fact under the key is not rendered."""
        data = json.loads((REQUESTS / "02-trip-note-de-customer.json").read_text())
        newer = dict(data["contact"]["facts"][0])
        newer["value"] = {**newer["value"], "destination": "SENTINEL-EXPIRED"}
        newer["recorded_at"] = "2026-11-28T10:00:00+01:00"
        newer["valid_until"] = "2026-11-29T10:00:00+01:00"
        data["contact"]["facts"].append(newer)
        path = tmp_path / "request.json"
        path.write_text(json.dumps(data))
        assert 0 == main(["render", str(TRIP_NOTE), str(path)])
        out = capsys.readouterr().out
        assert "New York" in out
        assert "SENTINEL-EXPIRED" not in out


class TestFactSources:
    def test_source_only_for_the_instance_rendered(self) -> None:
        """Rendering a child fact says where the child came from, not where its parent did."""
        parent = fact("family", "SENTINEL-FAMILY", recorded_at=AT.subtract(days=30))
        child = fact("family.kids", "SENTINEL-KIDS", recorded_at=AT.subtract(days=5))
        c = person(parent, child)
        d = ask(c, level="personal", authorship="assisted", content_facts=["family"])
        assert ("family", "family.kids") == d.usable_facts
        sender = pt.SenderProfile(name="Acme")
        r = pt.Template("{{ facts.family.kids }}").render(c, d, sender=sender)
        sources = [x.params["key"] for x in r.disclosures if x.code is DisclosureCode.FACT_SOURCE]
        assert ["family.kids"] == sources


class TestDecisionId:
    @pytest.mark.parametrize(
        "change",
        [
            {"birth_date": "1990-02-28"},
            {"preferences": pt.Preferences(excluded_topics=["family"])},
            {"preferences": pt.Preferences(preferred_channels=["sms"])},
            {"privacy": pt.PrivacySignals(global_privacy_control=True)},
            {"privacy": pt.PrivacySignals(limit_sensitive_data=True)},
        ],
    )
    def test_covers_what_rules_read(self, change: dict[str, object]) -> None:
        """Preferences, privacy signals and the birth date change the decision id."""
        c = person(SHOPPING)
        kw = {"level": "contextual", "content_facts": ["shopping"]}
        assert ask(c, **kw).decision_id != ask(attrs.evolve(c, **change), **kw).decision_id

    def test_independent_of_hash_seed(self, tmp_path: Path) -> None:
        """Sets in preferences and privacy signals never make the decision id seed-dependent."""
        import os
        import subprocess
        import sys

        data = json.loads((REQUESTS / "02-trip-note-de-customer.json").read_text())
        data["contact"]["preferences"]["excluded_topics"] = ["family", "health", "money", "work"]
        data["contact"]["preferences"]["blocked_channels"] = ["sms", "push", "post"]
        data["contact"]["privacy"] = {"dnc_registries": ["uk_tps", "de_robinson", "ca_dncl"]}
        path = tmp_path / "request.json"
        path.write_text(json.dumps(data))

        def decide(seed: str) -> str:
            env = {**os.environ, "PYTHONHASHSEED": seed}
            command = [sys.executable, "-m", "personal_touch", "decide", str(path)]
            done = subprocess.run(command, check=False, env=env, capture_output=True, text=True)
            return done.stdout

        first = decide("1")
        assert "decision" in first.lower()
        assert first == decide("7") == decide("11")


class TestStaleDecisions:
    def setup_method(self) -> None:
        self.contact = person(SHOPPING)
        self.decision = ask(self.contact, level="contextual", content_facts=["shopping"])
        self.template = pt.Template("{{ facts.shopping | default: '-' }}")

    def test_same_facts_render(self) -> None:
        """The decision renders for the contact and facts it was made for."""
        assert "SENTINEL-SHOP" in self.template.render(self.contact, self.decision).text

    def test_another_contact_is_refused(self) -> None:
        """A decision for another contact is refused with a typed error naming the field."""
        other = attrs.evolve(self.contact, id="c-2")
        with pytest.raises(StaleDecisionError) as e:
            self.template.render(other, self.decision)
        assert ("c-2", "contact_id") == (e.value.contact_id, e.value.field)
        assert isinstance(e.value, pt.exceptions.RenderError)
        assert isinstance(e.value, ValueError)

    @pytest.mark.parametrize(
        "facts",
        [
            (),
            (fact("shopping", "SENTINEL-EDITED", provenance="observed"),),
            (SHOPPING, fact("travel", "SENTINEL-NEW")),
        ],
        ids=["removed", "edited", "added"],
    )
    def test_changed_facts_are_refused(self, facts: tuple[pt.Fact, ...]) -> None:
        """After the contact's facts change, rendering the old decision is refused."""
        changed = attrs.evolve(self.contact, facts=facts)
        with pytest.raises(StaleDecisionError) as e:
            self.template.render(changed, self.decision)
        assert "facts" == e.value.field
        assert "SENTINEL" not in str(e.value)
        assert "SENTINEL" not in repr(e.value)

    def test_hand_made_decision_checks_its_approved_instances(self) -> None:
        """A hand-made decision whose approved fact is gone is refused too."""
        d = pt.Decision(
            decision_id="d",
            contact_id="c-1",
            message=pt.Message(purpose="relationship", channel="email"),
            at=AT,
            verdict="allow",
            level="contextual",
            approved_facts=[ApprovedFact.of(SHOPPING)],
        )
        assert ("shopping",) == d.usable_facts
        assert "SENTINEL-SHOP" in self.template.render(self.contact, d).text
        with pytest.raises(StaleDecisionError):
            self.template.render(attrs.evolve(self.contact, facts=()), d)

    def test_order_of_facts_is_not_a_change(self) -> None:
        """The same facts in another order are the same fact set."""
        c = person(SHOPPING, VALID)
        d = ask(c, level="contextual", content_facts=["shopping"])
        self.template.render(person(VALID, SHOPPING), d)


class TestApprovedFact:
    def test_identity_is_key_time_and_value(self) -> None:
        """An approval matches its own fact only: not an edit, a re-record or another key."""
        a = ApprovedFact.of(SHOPPING)
        assert a.matches(SHOPPING)
        assert not a.matches(attrs.evolve(SHOPPING, value="other"))
        assert not a.matches(attrs.evolve(SHOPPING, recorded_at=AT))
        assert not a.matches(attrs.evolve(SHOPPING, key="shop"))

    def test_digest_tells_types_apart(self) -> None:
        """A date and its ISO text, 1 and True, 1 and 1.0 have different digests."""
        pairs = [(datetime.date(2026, 1, 1), "2026-01-01"), (1, True), (1, 1.0), ("a", ["a"])]
        for x, y in pairs:
            assert ApprovedFact.of(fact("k", x)).digest != ApprovedFact.of(fact("k", y)).digest

    def test_usable_facts_must_cover_the_approved(self) -> None:
        """usable_facts given with approved_facts must list every approved key."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            pt.Decision(
                decision_id="d",
                contact_id="c-1",
                message=pt.Message(purpose="relationship", channel="email"),
                at=AT,
                verdict="allow",
                level="contextual",
                approved_facts=[ApprovedFact.of(SHOPPING)],
                usable_facts=["other"],
            )


class TestBriefs:
    def test_brief_mentions_the_approved_instance(self) -> None:
        """A writer's brief mentions the fact the decision approved, not a newer invalid one."""
        from personal_touch._planning._briefs import brief as _brief

        c = person(VALID, EXPIRED)
        d = ask(c, level="personal", authorship="assisted", content_facts=["travel.next_trip"])
        moments = pt.scan_moments([c], at=AT, within=pendulum.duration(days=30))
        m = next(iter(moments), None)
        if m is None:
            pytest.skip("no moment to brief")
        g = suggest_gestures(m)[0]
        task = _brief(Writer(id="w", name="W"), c, m, g, pt.Channel.EMAIL, m.window, d, 1.0)
        text = repr(task.mentions) + repr([m.value for m in task.mentions])
        assert "SENTINEL-VALID" in text
        assert "SENTINEL-EXPIRED" not in text
