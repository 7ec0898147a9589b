from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch.templates import SmsCost, SmsEncoding, measure_sms


class TestMeasureSms:
    @pytest.mark.parametrize(
        ("text", "encoding", "units", "segments"),
        [
            ("", "gsm7", 0, 0),
            ("Hello!", "gsm7", 6, 1),
            ("a" * 160, "gsm7", 160, 1),
            ("a" * 161, "gsm7", 161, 2),
            ("a" * 306, "gsm7", 306, 2),
            ("a" * 307, "gsm7", 307, 3),
            ("€" * 80, "gsm7", 160, 1),
            ("Grüße aus München, Señor", "gsm7", 24, 1),
            ("Привет", "ucs2", 6, 1),
            ("ç" * 70, "ucs2", 70, 1),
            ("ç" * 71, "ucs2", 71, 2),
            ("😀" * 35, "ucs2", 70, 1),
            ("1\xa0000", "ucs2", 5, 1),
        ],
    )
    def test_encoding_and_segments(
        self, text: str, encoding: str, units: int, segments: int
    ) -> None:
        """GSM-7 (160/153) versus UCS-2 (70/67), extension characters count twice."""
        assert SmsCost(SmsEncoding(encoding), units, segments) == measure_sms(text)

    def test_escape_pairs_are_not_split(self) -> None:
        """A two-septet character does not straddle a segment boundary."""
        assert 3 == measure_sms("a" * 152 + "€" + "a" * 153).segments
        assert 2 == measure_sms("a" * 151 + "€" + "a" * 153).segments

    def test_surrogate_pairs_are_not_split(self) -> None:
        """An emoji does not straddle a UCS-2 segment boundary."""
        assert 3 == measure_sms("ж" * 66 + "😀" + "ж" * 67).segments

    @given(st.text(max_size=400))
    def test_segments_grow_with_length(self, text: str) -> None:
        """Segments are at least units over the per-segment size, at most one per unit."""
        cost = measure_sms(text)
        per = 153 if cost.encoding is SmsEncoding.GSM7 else 67
        assert cost.segments >= -(-cost.units // per) - 1
        assert cost.segments <= max(cost.units, 0)
