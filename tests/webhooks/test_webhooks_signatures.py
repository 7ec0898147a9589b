from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import importlib.util

import pytest
from hypothesis import given
from hypothesis import strategies as st
from payloads import load

from personal_touch.exceptions import InvalidFieldError, MissingDependencyError
from personal_touch.webhooks import (
    is_valid_mailgun_signature,
    is_valid_sendgrid_signature,
    is_valid_twilio_signature,
)

KEY = "key-7ea6a57c8ffc9b1a1fbb7e2d5f2b6f1e"
HAS_CRYPTOGRAPHY = importlib.util.find_spec("cryptography") is not None


def mailgun_signature(timestamp: str, token: str, key: str = KEY) -> dict[str, str]:
    """A signature object as Mailgun builds it, for *key*."""
    digest = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


class TestMailgun:
    def test_genuine_signature_holds(self) -> None:
        """HMAC-SHA256 of timestamp then token, keyed by the signing key, verifies."""
        sig = mailgun_signature("1529006854", "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0")
        assert is_valid_mailgun_signature(sig, signing_key=KEY)

    def test_documented_sample_fails_with_another_key(self) -> None:
        """The documentation's sample signature does not verify under our key."""
        sig = load("mailgun", "failed_permanent")["signature"]
        assert not is_valid_mailgun_signature(sig, signing_key=KEY)

    @given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60))
    def test_any_tampering_fails(self, token: str, other: str) -> None:
        """Changing the token after signing breaks the signature."""
        sig = mailgun_signature("1529006854", token)
        tampered = {**sig, "token": token + other}
        assert not is_valid_mailgun_signature(tampered, signing_key=KEY)

    def test_stale_timestamp_fails_when_checked(self) -> None:
        """Given the receipt time, a signature older than max_age fails."""
        sig = mailgun_signature("1529006854", "token")
        signed = dt.datetime.fromtimestamp(1529006854, dt.UTC)
        assert is_valid_mailgun_signature(sig, signing_key=KEY, at=signed)
        late = signed + dt.timedelta(minutes=6)
        assert not is_valid_mailgun_signature(sig, signing_key=KEY, at=late)

    def test_missing_fields_fail(self) -> None:
        """A signature object missing a field is not valid (no exception)."""
        assert not is_valid_mailgun_signature({"token": "t"}, signing_key=KEY)

    def test_empty_key_is_refused(self) -> None:
        """An empty key is a typed error, never a check that passes."""
        with pytest.raises(InvalidFieldError):
            is_valid_mailgun_signature(mailgun_signature("1", "t"), signing_key="")


class TestTwilio:
    def test_documented_example(self) -> None:
        """Twilio's worked example (URL, parameters, token 12345) verifies."""
        example = load("twilio", "signature_example")
        assert is_valid_twilio_signature(
            example["url"],
            example["params"],
            example["signature"],
            auth_token=example["auth_token"],
        )

    def test_changed_parameter_fails(self) -> None:
        """Changing one parameter breaks the signature."""
        example = load("twilio", "signature_example")
        params = {**example["params"], "Digits": "1235"}
        assert not is_valid_twilio_signature(
            example["url"], params, example["signature"], auth_token="12345"
        )

    @given(st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=6))
    def test_order_of_parameters_does_not_matter(self, params: dict[str, str]) -> None:
        """Parameters are sorted by name before signing."""
        url = "https://example.com/sms"
        data = url + "".join(k + params[k] for k in sorted(params))
        sig = base64.b64encode(hmac.new(b"tok", data.encode(), hashlib.sha1).digest()).decode()
        reversed_params = dict(reversed(list(params.items())))
        assert is_valid_twilio_signature(url, reversed_params, sig, auth_token="tok")


class TestSendGrid:
    @pytest.mark.skipif(HAS_CRYPTOGRAPHY, reason="cryptography is installed")
    def test_without_cryptography_the_error_says_what_to_install(self) -> None:
        """Without the optional package, a typed ImportError names it."""
        with pytest.raises(MissingDependencyError, match="cryptography") as caught:
            is_valid_sendgrid_signature(b"[]", timestamp="1", signature="x", public_key="y")
        assert isinstance(caught.value, ImportError)
        assert "cryptography" == caught.value.package

    @pytest.mark.skipif(not HAS_CRYPTOGRAPHY, reason="needs the optional cryptography package")
    def test_ecdsa_signature_round_trip(self) -> None:  # pragma: no cover - optional
        """A body signed with a P-256 key verifies with its public key; a changed one fails."""
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        private = ec.generate_private_key(ec.SECP256R1())
        public = base64.b64encode(
            private.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ).decode()
        body, stamp = b'[{"event":"open"}]', "1600112502"
        sig = base64.b64encode(private.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256())))
        ok = is_valid_sendgrid_signature(
            body, timestamp=stamp, signature=sig.decode(), public_key=public
        )
        bad = is_valid_sendgrid_signature(
            body + b" ", timestamp=stamp, signature=sig.decode(), public_key=public
        )
        assert (True, False) == (ok, bad)
