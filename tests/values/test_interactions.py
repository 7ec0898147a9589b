from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from personal_touch import Channel, Interaction, InteractionKind, Level, MessagePurpose
from personal_touch import exceptions as ex
from personal_touch.values import Authorship

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")


class TestInteractionKind:
    def test_classes(self) -> None:
        """Kinds are sorted into touches, responses and negative reactions."""
        assert {InteractionKind.SENT, InteractionKind.CALLED, InteractionKind.MET} == {
            k for k in InteractionKind if k.is_touch
        }
        assert {
            InteractionKind.UNSUBSCRIBED,
            InteractionKind.COMPLAINED,
            InteractionKind.FELT_INTRUSIVE,
        } == {k for k in InteractionKind if k.is_negative}
        assert {
            InteractionKind.REPLIED,
            InteractionKind.CONVERTED,
            InteractionKind.PURCHASED,
            InteractionKind.INQUIRED,
        } == {k for k in InteractionKind if k.is_response}

    def test_no_kind_is_both_response_and_negative(self) -> None:
        """A reaction is either engagement or a reason to dial back, never both."""
        assert not [k for k in InteractionKind if k.is_response and k.is_negative]


class TestInteraction:
    def test_sent_message(self) -> None:
        """A sent message records channel, purpose, level, authorship and facts used."""
        i = Interaction(
            contact_id="c-1",
            kind="sent",
            at=AT,
            channel="email",
            purpose="marketing",
            level="personal",
            authorship="automated",
            facts_used=["travel.next_trip", "travel.next_trip"],
            message_id="m-1",
        )
        assert InteractionKind.SENT is i.kind
        assert Channel.EMAIL is i.channel
        assert Level.PERSONAL is i.level
        assert Authorship.AUTOMATED is i.authorship
        assert frozenset({"travel.next_trip"}) == i.facts_used

    def test_minimal(self) -> None:
        """Only contact, kind and instant are required."""
        i = Interaction(contact_id="c-1", kind=InteractionKind.OPENED, at=AT)
        assert (None, None, None, frozenset()) == (i.channel, i.level, i.authorship, i.facts_used)

    @pytest.mark.parametrize("purpose", ["markting", "marketing.email", "jane@example.com"])
    def test_purpose_is_a_message_purpose(self, purpose: str) -> None:
        """A purpose typo is a typed error (a legal call cap would not count the call)."""
        with pytest.raises(ex.UnknownPurposeError) as info:
            Interaction(contact_id="c-1", kind="called", at=AT, purpose=purpose)
        assert "purpose" == info.value.field
        assert purpose not in str(info.value)
        assert (
            MessagePurpose.MARKETING
            is Interaction(contact_id="c-1", kind="called", at=AT, purpose="marketing").purpose
        )

    def test_naive_refused(self) -> None:
        """A naive instant is refused, naming the field."""
        with pytest.raises(ex.NaiveDateTimeError) as info:
            Interaction(contact_id="c-1", kind="opened", at=dt.datetime(2026, 1, 1))
        assert "at" == info.value.field

    def test_contact_required(self) -> None:
        """The contact id must be non-empty."""
        with pytest.raises(ex.InvalidFieldError) as info:
            Interaction(contact_id="", kind="opened", at=AT)
        assert "contact_id" == info.value.field

    def test_bad_fact_key(self) -> None:
        """facts_used holds fact keys."""
        with pytest.raises(ex.InvalidFieldError) as info:
            Interaction(contact_id="c", kind="sent", at=AT, facts_used=["Trip!"])
        assert "facts_used" == info.value.field

    def test_unknown_kind(self) -> None:
        """An unknown kind is a ValueError naming the field, not the value."""
        with pytest.raises(ValueError, match=r"^kind: ") as info:
            Interaction(contact_id="c", kind="waved", at=AT)
        assert "waved" not in str(info.value)
