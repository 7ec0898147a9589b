from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch import converters
from personal_touch import exceptions as ex

SECRET = "jane.doe@example.com"

words = st.text(st.characters(categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=30)
profiles = st.builds(
    pt.SenderProfile,
    name=words,
    postal_address=st.none() | words,
    unsubscribe_url=st.none() | st.just("https://example.test/u?id=1"),
    reply_opt_out=st.booleans(),
    sms_keyword=st.none() | st.sampled_from(["STOP", "END", "QUIT"]),
    reply_to=st.none() | words,
)


class TestSenderProfile:
    def test_strips_and_keeps(self) -> None:
        """Names and addresses are stripped; the profile supplies its disclosure parameters."""
        s = pt.SenderProfile(
            name=" Acme ",
            postal_address="1 Road, Town",
            unsubscribe_url="mailto:out@acme.test",
            sms_keyword="STOP",
            reply_to="+1 555 0100",
        )
        assert {
            "sender": "Acme",
            "address": "1 Road, Town",
            "url": "mailto:out@acme.test",
            "keyword": "STOP",
            "contact": "+1 555 0100",
        } == s.params()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", ""),
            ("name", f"{SECRET}\nBcc: x"),
            ("postal_address", "   "),
            ("postal_address", "x" * 301),
            ("unsubscribe_url", f"javascript:{SECRET}"),
            ("unsubscribe_url", f"https://a.test/{SECRET} x"),
            ("unsubscribe_url", "https:///nohost"),
            ("unsubscribe_url", "mailto:nobody"),
            ("unsubscribe_url", f"https://[{SECRET}"),
            ("unsubscribe_url", 42),
            ("sms_keyword", 42),
            ("name", 42),
            ("sms_keyword", f"STOP {SECRET}"),
            ("reply_to", f"{SECRET}\r\nBcc: x"),
            ("reply_opt_out", SECRET),
        ],
    )
    def test_invalid_fields_name_the_field_not_the_value(self, field: str, value: object) -> None:
        """A bad field raises InvalidFieldError naming it, never echoing the value."""
        fields = {"name": "Acme", field: value}
        with pytest.raises(ex.InvalidFieldError) as info:
            pt.SenderProfile(**fields)  # type: ignore[arg-type]
        assert field == info.value.field
        assert SECRET not in str(info.value)
        assert SECRET not in repr(info.value.__cause__) + repr(info.value.__context__)

    @pytest.mark.parametrize(
        ("profile", "channel", "expected"),
        [
            (pt.SenderProfile(name="A"), "email", False),
            (pt.SenderProfile(name="A", unsubscribe_url="https://a.test/u"), "push", True),
            (pt.SenderProfile(name="A", reply_opt_out=True), "email", True),
            (pt.SenderProfile(name="A", reply_opt_out=True), "push", False),
            (pt.SenderProfile(name="A", sms_keyword="STOP"), "sms", True),
            (pt.SenderProfile(name="A", sms_keyword="STOP"), "email", False),
        ],
    )
    def test_can_opt_out(self, profile: pt.SenderProfile, channel: str, expected: bool) -> None:
        """A profile offers a way out on a channel only by a link or an honoured reply."""
        assert expected is profile.can_opt_out(channel)

    @given(profiles)
    def test_json_round_trip(self, profile: pt.SenderProfile) -> None:
        """A profile survives the converters' JSON form."""
        assert profile == converters.loads(converters.dumps(profile), pt.SenderProfile)
