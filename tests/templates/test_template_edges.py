"""
Edges of the template engine: every syntax check, filter argument and formatting branch.
"""

from __future__ import annotations

import datetime as dt
import decimal

import babel
import babel.numbers
import pytest

import personal_touch as pt
from builders import decision, fact, reader
from personal_touch import exceptions as ex
from personal_touch._templates._lexer import Source, tokenize
from personal_touch._templates._numbers import NumberFormat
from personal_touch.exceptions import FilterValueError, TemplateSyntaxError
from personal_touch.templates import disclosure_text
from personal_touch.values import Disclosure


class TestMoreSyntaxErrors:
    @pytest.mark.parametrize(
        ("source", "words"),
        [
            ("{{ facts.a | truncate }}", "at least 1"),
            ("{{ facts.a | date: 'qqqqqq' }}", "CLDR"),
            ("{{ facts.a | datetime: 'd MMM' }}", "short, medium, long, full"),
            ("{{ facts.a | list: 'bullets' }}", "style"),
            ("{{ contact.name | name: 'nick' }}", "style"),
            ("{{ facts.a | plural: other=3 }}", "quoted"),
            ("{{ facts.a | relative: granularity='eon' }}", "granularity"),
            ("{{ facts.a | default: 3 }}", "quoted"),
            ("{{ facts.a | truncate: 3, end=4 }}", "end must be"),
            ("{%  %}", "tag name"),
            ("{% 'x' %}", "tag name"),
            ("{% level personal %}a{% else %}b{% else %}c{% endlevel %}", "after {% else %}"),
            ("{{ facts. }}", "after '.'"),
            ("{{ facts.a.-1 }}", "after '.'"),
            ("{{ facts.a | 'x' }}", "filter name"),
            ("{{ facts.a | plural: other='x', other='y' }}", "given twice"),
            ("{{ not }}", "variable"),
            ("{% level %}", "level name"),
        ],
    )
    def test_rejected(self, source: str, words: str) -> None:
        """Each malformed form is a TemplateSyntaxError saying what is wrong."""
        with pytest.raises(TemplateSyntaxError, match=words.replace("(", r"\(")) as e:
            pt.Template(source)
        assert e.value.line == 1
        assert e.value.column is not None

    def test_multiline_positions(self) -> None:
        """Errors inside a multi-line tag point at the right line and column."""
        with pytest.raises(TemplateSyntaxError) as e:
            pt.Template("a\n{{ facts.a\n   | shout }}")
        assert (3, 6) == (e.value.line, e.value.column)


class TestLexerEdges:
    def test_dash_after_strips_the_next_text_before_a_tag(self) -> None:
        """-}} strips the whitespace that starts the next text, even before another tag."""
        tokens = tokenize(Source("{{ a -}}   x {% if b %}"), max_source=100)
        assert [" a ", "x ", " if b "] == [t.content for t in tokens]

    def test_comments_between_texts_join(self) -> None:
        """Text around a comment renders as one piece."""
        assert "ab" == pt.Template("a{# note #}b").render(reader(), decision()).text

    def test_empty_template(self) -> None:
        """An empty template renders empty text."""
        assert "" == pt.Template("").render(reader(), decision()).text
        assert "x" == pt.Template("{% if facts.a %}{% endif %}x").render(reader(), decision()).text


class TestFilterEdges:
    def test_numbers_from_text_and_decimals(self) -> None:
        """Numeric text and Decimal values are numbers to the number filters."""
        c = reader(locale="de", facts=[fact("s", "12.5")])
        t = pt.Template("{{ facts.s | number }} {{ extra.d | percent }}")
        r = t.render(c, decision(of=c, usable=["s"]), extra={"d": decimal.Decimal("0.125")})
        assert "12,5 12\xa0%" == r.text

    def test_naive_datetime_is_refused(self) -> None:
        """A naive datetime cannot be shown on anyone's wall clock."""
        naive = dt.datetime(2026, 1, 1, 9)
        with pytest.raises(FilterValueError, match="aware"):
            pt.Template("{{ extra.t | date }}").render(reader(), decision(), extra={"t": naive})
        with pytest.raises(FilterValueError):
            pt.Template("{{ extra.t }}").render(reader(), decision(), extra={"t": naive})

    def test_list_filter_formats_items(self) -> None:
        """The list filter formats each item the locale's way."""
        c = reader(locale="fr", facts=[fact("n", [1000, 2.5])])
        t = pt.Template("{{ facts.n | list: 'or' }}")
        assert "1\u202f000 ou 2,5" == t.render(c, decision(of=c, usable=["n"])).text

    def test_time_values_and_bad_iso_text(self) -> None:
        """A time of day shows as a short time; non-ISO text is refused by date filters."""
        r = pt.Template("{{ extra.t }}").render(reader(), decision(), extra={"t": dt.time(9, 5)})
        assert "9:05\u202fAM" == r.text
        with pytest.raises(FilterValueError, match="ISO"):
            pt.Template("{{ extra.t | date }}").render(
                reader(), decision(), extra={"t": "2026-13-01"}
            )

    def test_prepare_warms_a_locale(self) -> None:
        """prepare() compiles for a locale ahead of the first render."""
        t = pt.Template("{{ contact.name | name }}")
        t.prepare("de-AT")
        assert "Dr. Schmidt" == t.render(reader(locale="de_AT"), decision()).text


class TestNumberPatterns:
    @pytest.mark.parametrize(
        "pattern", ["#E0", "0000", "0.00", "#,##,##0.###", "@@@", "¤¤¤ #,##0.00"]
    )
    @pytest.mark.parametrize("value", [0, 1, 1.5, 12345.678, -0.004])
    def test_matches_babel(self, pattern: str, value: float) -> None:
        """Any number pattern gives what babel gives, through the fast path or not."""
        locale = babel.Locale.parse("en_IN")
        parsed = babel.numbers.parse_pattern(pattern)
        currency = "EUR" if "¤" in pattern else None
        assert str(parsed.apply(value, locale, currency=currency)) == NumberFormat(
            parsed, locale
        ).format(value, currency)


class TestDisclosureEdges:
    def test_key_stands_in_for_topic(self) -> None:
        """A fact-source disclosure naming only the key uses it as the topic."""
        d = Disclosure("fact_source", {"key": "interests.sports"})
        assert "You told us about your interests." == disclosure_text(d, locale="en", short=True)

    def test_no_text_fails_closed(self) -> None:
        """A required disclosure no text can be built for fails the render, naming it."""
        d = decision(channel="sms", disclosures=[Disclosure("postal_address")])
        with pytest.raises(ex.MissingDisclosureError) as info:
            pt.Template("hi").render(reader(), d)
        assert ("postal_address",) == info.value.codes
