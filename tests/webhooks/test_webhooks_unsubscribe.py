from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch.exceptions import (
    InvalidFieldError,
    WebhookPayloadError,
    WebhookSignatureError,
)
from personal_touch.webhooks import ONE_CLICK, UnsubscribeLinks, is_one_click

KEY = b"0123456789abcdef0123456789abcdef"
LINKS = UnsubscribeLinks("https://mail.example.com/u?list=news", key=KEY)


class TestHeaders:
    def test_rfc_8058_headers(self) -> None:
        """The headers carry one https link in angle brackets and the one-click POST field."""
        headers = LINKS.headers("sub-42")
        assert ONE_CLICK == headers["List-Unsubscribe-Post"]
        link = headers["List-Unsubscribe"]
        assert link.startswith("<https://mail.example.com/u?list=news&token=")
        assert link.endswith(">")

    def test_mailto_is_listed_after_the_https_link(self) -> None:
        """A mailto URI may follow the https one."""
        headers = LINKS.headers("sub-42", mailto="mailto:unsub@example.com")
        assert headers["List-Unsubscribe"].endswith(", <mailto:unsub@example.com>")

    @pytest.mark.parametrize(
        "url", ["http://example.com/u", "https:///u", "https://example.com/u#frag", "ftp://x"]
    )
    def test_only_https_urls(self, url: str) -> None:
        """RFC 8058 needs an https URL: anything else is refused when the links are made."""
        with pytest.raises(InvalidFieldError):
            UnsubscribeLinks(url, key=KEY)

    def test_short_key_refused(self) -> None:
        """A key under 16 bytes is refused."""
        with pytest.raises(InvalidFieldError):
            UnsubscribeLinks("https://example.com/u", key=b"short")

    def test_key_not_in_repr(self) -> None:
        """The secret never shows in a repr."""
        assert repr(KEY) not in repr(LINKS)


class TestOneClickPost:
    @given(st.text(min_size=1, max_size=40))
    def test_round_trip(self, reference: str) -> None:
        """Any reference comes back from a one-click POST to its own link."""
        url = LINKS.url(reference)
        assert reference == LINKS.verify(url, ONE_CLICK.encode())

    @pytest.mark.parametrize(
        "body", [b"", b"List-Unsubscribe=Yes", b"foo=bar", b"\xff", "List-Unsubscribe"]
    )
    def test_body_must_be_one_click(self, body: bytes | str) -> None:
        """A GET-like empty body or another value is not an unsubscribe."""
        assert not is_one_click(body)
        with pytest.raises(WebhookPayloadError, match="List-Unsubscribe"):
            LINKS.verify(LINKS.url("sub-1"), body)

    def test_forged_token_fails(self) -> None:
        """A token signed with another key fails its check."""
        other = UnsubscribeLinks("https://mail.example.com/u", key=b"another key of 16+ bytes")
        with pytest.raises(WebhookSignatureError):
            LINKS.verify(other.url("sub-42"), ONE_CLICK)

    @given(st.text(max_size=30))
    def test_garbage_tokens_fail_typed(self, token: str) -> None:
        """Any string that is not a token we signed fails with a typed error."""
        with pytest.raises(WebhookSignatureError):
            LINKS.reference(token)

    def test_url_without_token(self) -> None:
        """A URL without its token is malformed."""
        with pytest.raises(WebhookPayloadError):
            LINKS.verify("https://mail.example.com/u", ONE_CLICK)
