"""
Issue 14 item 6: the lapsed customer and supporter stages, their ceilings, lenient imports.
"""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE, FULL, contact, grant, message
from personal_touch import Level, Stage, converters
from personal_touch.exceptions import InvalidInputError, UnknownStageError
from personal_touch.rules import DEFAULT_STAGE_TABLE
from personal_touch.values import Authorship

NEW = (Stage.LAPSED_CUSTOMER, Stage.SUPPORTER)


class TestNewStages:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("lapsed_customer", Stage.LAPSED_CUSTOMER),
            ("Lapsed Customer", Stage.LAPSED_CUSTOMER),
            ("churned", Stage.LAPSED_CUSTOMER),
            ("Dormant-Customer", Stage.LAPSED_CUSTOMER),
            ("win back", Stage.LAPSED_CUSTOMER),
            ("supporter", Stage.SUPPORTER),
            ("Donor", Stage.SUPPORTER),
            ("member", Stage.SUPPORTER),
            ("Regular Giver", Stage.SUPPORTER),
        ],
    )
    def test_aliases(self, name: str, expected: Stage) -> None:
        """The new stages and their CRM names parse."""
        assert expected is Stage.parse(name)
        assert expected is Stage.parse_or_none(name)

    def test_order(self) -> None:
        """A lapsed customer ranks below a customer, a supporter just above one."""
        assert Stage.DECISION < Stage.LAPSED_CUSTOMER < Stage.CUSTOMER < Stage.SUPPORTER
        assert Stage.SUPPORTER < Stage.REPEAT_CUSTOMER

    @pytest.mark.parametrize("authorship", list(Authorship))
    def test_ceilings(self, authorship: Authorship) -> None:
        """A lapsed customer gets less than a customer; a supporter exactly what one gets."""
        table = DEFAULT_STAGE_TABLE
        lapsed = table.ceiling(Stage.LAPSED_CUSTOMER, authorship)
        customer = table.ceiling(Stage.CUSTOMER, authorship)
        assert lapsed < customer
        assert lapsed == table.ceiling(Stage.DECISION, authorship)
        assert customer == table.ceiling(Stage.SUPPORTER, authorship)

    def test_decided_ceiling(self) -> None:
        """An automated message to a lapsed customer is capped at CUSTOMIZED, not CONTEXTUAL."""
        m = message(level="contextual")
        d = pt.decide(contact(stage="lapsed_customer"), m, consents=FULL, at=AT, policy=CORE)
        assert Level.CUSTOMIZED == d.level
        d = pt.decide(contact(stage="supporter"), m, consents=FULL, at=AT, policy=CORE)
        assert Level.CONTEXTUAL == d.level

    def test_fundraising_to_a_supporter(self) -> None:
        """A charity's supporter with a fundraising grant gets a customer's level."""
        m = message("fundraising", level="contextual")
        consents = (grant("fundraising.email"), grant("personalization.profile"))
        d = pt.decide(contact(stage="supporter"), m, consents=consents, at=AT, policy=CORE)
        assert pt.Verdict.ALLOW == d.verdict
        assert Level.CONTEXTUAL == d.level

    @settings(max_examples=60, deadline=None)
    @given(st.sampled_from(list(Authorship)), st.sampled_from(Stage), st.sampled_from(Stage))
    def test_ceiling_monotone(self, authorship: Authorship, a: Stage, b: Stage) -> None:
        """The default ceilings never fall as the stage rises (new stages included)."""
        if a <= b:
            table = DEFAULT_STAGE_TABLE
            assert table.ceiling(a, authorship) <= table.ceiling(b, authorship)

    def test_lapse_is_a_move_back(self) -> None:
        """advance_to only moves forward; a win-back purchase moves a lapsed customer on."""
        c = contact(stage="lapsed_customer")
        assert Stage.REPEAT_CUSTOMER == c.advance_to("repeat_customer", at=AT).stage
        with pytest.raises(pt.exceptions.InvalidFieldError):
            contact(stage="customer").advance_to("lapsed_customer", at=AT)


class TestUnknownStage:
    DOC: ClassVar[dict[str, str]] = {
        "id": "c-1",
        "created_at": "2025-01-01T00:00:00Z",
        "timezone": "Europe/Berlin",
    }

    def test_strict_names_the_field_only(self) -> None:
        """Structuring an unknown stage fails on $.stage alone, never echoing the value."""
        with pytest.raises(InvalidInputError) as caught:
            converters.structure({**self.DOC, "stage": "Cold Storage 42"}, pt.Contact)
        (problem,) = caught.value.errors
        assert problem.endswith("@ $.stage")
        assert "Cold Storage" not in str(caught.value)

    def test_strict_reports_other_fields_separately(self) -> None:
        """Another bad field is reported beside the stage, each at its own path."""
        bad = {**self.DOC, "stage": "nope", "timezone": "Nowhere/Land"}
        with pytest.raises(InvalidInputError) as caught:
            converters.structure(bad, pt.Contact)
        assert {"$.stage", "$.timezone"} == {e.rpartition("@ ")[2] for e in caught.value.errors}

    def test_lenient_keeps_the_contact(self) -> None:
        """A lenient import keeps every other field and gives the lowest stage (fail closed)."""
        doc = {
            **self.DOC,
            "stage": "Cold Storage 42",
            "stage_since": "2025-06-01T00:00:00Z",
            "locale": "de",
        }
        c, problems = converters.structure_contact_leniently(doc)
        assert Stage.AWARENESS == c.stage
        assert c.stage_since is None
        assert "de" == str(c.locale)
        assert ("stage: not a known funnel stage or CRM lifecycle name @ $.stage",) == problems
        assert "Cold Storage" not in "".join(problems)

    def test_lenient_known_stage_untouched(self) -> None:
        """A known stage (or alias) goes through a lenient import unchanged, with no problem."""
        c, problems = converters.structure_contact_leniently({**self.DOC, "stage": "Donor"})
        assert (Stage.SUPPORTER, ()) == (c.stage, problems)

    def test_lenient_other_errors_still_raise(self) -> None:
        """Only the stage is set aside: another bad field still raises."""
        with pytest.raises(InvalidInputError) as caught:
            converters.structure_contact_leniently(
                {**self.DOC, "stage": "nope", "timezone": "Nowhere/Land"}
            )
        assert ["$.timezone"] == [e.rpartition("@ ")[2] for e in caught.value.errors]

    @pytest.mark.parametrize("bad", ["", "customers", 3, None])
    def test_parse_or_none(self, bad: object) -> None:
        """parse_or_none answers None where parse raises."""
        assert Stage.parse_or_none(bad) is None
        with pytest.raises(UnknownStageError):
            Stage.parse(bad)  # type: ignore[arg-type]

    @given(st.sampled_from(NEW))
    def test_round_trip(self, stage: Stage) -> None:
        """The new stages survive JSON."""
        c = contact(stage=stage)
        assert c == converters.structure(converters.unstructure(c), pt.Contact)
