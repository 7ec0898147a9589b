from __future__ import annotations

import attrs
import pytest

from personal_touch import Channel, ContentFlags, Level, Message, MessagePurpose
from personal_touch import exceptions as ex
from personal_touch._channels import optional_channel
from personal_touch.values import Authorship


class TestChannel:
    def test_electronic_and_voice(self) -> None:
        """Electronic-marketing law covers e-mail, SMS, push, social and chat; phone is voice."""
        assert {Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.SOCIAL, Channel.CHAT} == {
            c for c in Channel if c.is_electronic
        }
        assert [Channel.PHONE] == [c for c in Channel if c.is_voice]

    def test_optional_channel(self) -> None:
        """None passes through; values become members."""
        assert optional_channel(None) is None
        assert Channel.POST is optional_channel("post")


class TestMessage:
    def test_defaults(self) -> None:
        """A message defaults to automated, generic, with every content flag undeclared."""
        m = Message(purpose="marketing", channel="email")
        assert MessagePurpose.MARKETING is m.purpose
        assert (Authorship.AUTOMATED, Level.GENERIC) == (m.authorship, m.level)
        assert ContentFlags() == m.content
        assert None is m.content.sender_identified
        assert None is m.content.unsubscribe_offered
        assert len(attrs.fields(ContentFlags)) == len(m.content.undeclared())
        assert (frozenset(), frozenset()) == (m.content_facts, m.targeting_facts)

    def test_conversions(self) -> None:
        """Strings become enums and lists frozensets."""
        m = Message(
            purpose="relationship",
            channel="sms",
            authorship="human",
            level="individual",
            content_facts=["travel.next_trip"],
            targeting_facts=["interests.sports.team"],
            authorship_claims=["personal_signature"],
        )
        assert (Channel.SMS, Authorship.HUMAN, Level.INDIVIDUAL) == (
            m.channel,
            m.authorship,
            m.level,
        )
        assert frozenset({"travel.next_trip"}) == m.content_facts
        assert frozenset({"personal_signature"}) == m.authorship_claims

    @pytest.mark.parametrize("field", ["content_facts", "targeting_facts"])
    def test_bad_fact_keys(self, field: str) -> None:
        """Fact lists hold fact keys."""
        with pytest.raises(ex.InvalidFieldError):
            Message(purpose="marketing", channel="email", **{field: ["Not A Key"]})  # type: ignore[arg-type]

    def test_unknown_purpose(self) -> None:
        """An unknown purpose is a typed error listing the choices, not echoing the input."""
        with pytest.raises(ex.UnknownPurposeError) as info:
            Message(purpose="gossip", channel="email")  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError)
        assert "purpose" == info.value.field
        assert "marketing" in info.value.choices
        assert "gossip" not in str(info.value)
        assert info.value.__cause__ is None
        assert info.value.__context__ is None

    def test_unknown_channel(self) -> None:
        """An unknown channel is a typed error listing the choices, not echoing the input."""
        with pytest.raises(ex.UnknownChannelError) as info:
            Message(purpose="marketing", channel="emial")  # type: ignore[arg-type]
        assert isinstance(info.value, LookupError)
        assert "channel" == info.value.field
        assert "email" in info.value.choices
        assert "emial" not in str(info.value)
        assert info.value.__context__ is None
