"""
Template work is linear in the source, and every limit fails typed, as early as it can.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import decision, fact, reader
from personal_touch.exceptions import (
    FilterValueError,
    InvalidFieldError,
    TemplateLimitError,
    TemplateSyntaxError,
)
from personal_touch.templates import TemplateLimits

MB = 1024 * 1024


def cost(work: Callable[[], Any]) -> tuple[float, int]:
    """
    The least CPU time of three runs of *work*, and its traced memory peak.
    """
    times = []
    for _ in range(3):
        gc.disable()
        try:
            start = time.thread_time()
            work()
            times.append(time.thread_time() - start)
        finally:
            gc.enable()
    tracemalloc.start()
    try:
        work()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return min(times), peak


C = reader(facts=[fact("a", "x"), fact("trip", {"city": "Oslo"})])
D = decision(usable=["a", "trip"], of=C)
PATH_40KB = "facts" + ".a" * 20_000


def linear(work: Callable[[int], Callable[[], Any]], size: int) -> tuple[float, float, int]:
    """
    The CPU times of *work* at *size* and at four times *size*, and the larger one's peak.

    Linear work takes about four times as long on four times the input, quadratic work
    sixteen: callers assert a ratio below eight, which a slow or traced run (as under
    coverage or on a busy machine) keeps, where a wall of milliseconds would not.
    """
    small, _ = cost(work(size))
    large, peak = cost(work(4 * size))
    return small, large, peak


def below_eight_times(small: float, large: float) -> bool:
    """
    Whether *large* is less than eight times *small* (with 5 ms for timer noise).
    """
    return large < 8 * small + 0.005


class TestLinearity:
    @pytest.mark.parametrize(
        ("shape", "separator"),
        [
            ("{{ %s | default: 'd' }}", "."),
            ("{%% if %s %%}y{%% endif %%}", "."),
            ("{{ %s | default: 'd' }}", " . "),
        ],
        ids=["output", "condition", "spaced"],
    )
    def test_a_dotted_path_renders_in_linear_time_and_bounded_memory(
        self, shape: str, separator: str
    ) -> None:
        # Was quadratic: seconds and hundreds of MB on the first render of a 40 KB path.
        def render(n: int) -> Callable[[], Any]:
            source = shape % ("facts" + (separator + "a") * n)
            return lambda: pt.Template(source).render(C, D)

        small, large, peak = linear(render, 5_000)
        assert below_eight_times(small, large)
        assert peak < 50 * MB

    def test_a_40kb_path_is_found_when_a_fact_has_that_key(self) -> None:
        key = PATH_40KB.removeprefix("facts.")
        c = reader(facts=[fact(key, "deep")])
        t = pt.Template(
            "{{ " + PATH_40KB + ".field | default: 'no' }}{{ " + PATH_40KB + " | default: '-' }}"
        )
        assert t.render(c, decision(usable=[key], of=c)).text == "nodeep"
        assert t.render(c, decision(usable=[key], withheld=[key + ".x"], of=c)).text == "no-"
        assert t.render(c, decision(usable=["b"], of=c)).text == "no-"
        assert t.render(c, decision(usable=["a.a"], of=c)).text == "nodeep"

    def test_message_for_resolves_a_path_in_linear_time(self) -> None:
        def resolve(n: int) -> Callable[[], Any]:
            t = pt.Template("{{ facts" + ".a" * n + " }}")
            return lambda: pt.message_for(t, purpose="relationship", channel="email", contact=C)

        small, large, peak = linear(resolve, 5_000)
        assert below_eight_times(small, large)
        assert peak < 50 * MB
        t = pt.Template("{{ " + PATH_40KB + " }}")
        assert pt.message_for(
            t, purpose="relationship", channel="email", contact=C
        ).content_facts == frozenset({"a"})

    def test_many_named_arguments_parse_in_linear_time(self) -> None:
        # Duplicates were looked for pairwise: 8,000 names took over a second.  Four times the
        # names may take about four times as long, never sixteen (a ratio, so that a slow or
        # traced run, as under coverage, does not fail it).
        def parse(count: int) -> Callable[[], None]:
            names = ", ".join(f"a{i}='x'" for i in range(count))
            source = "{{ facts.a | plural: " + names + " }}"

            def work() -> None:
                with pytest.raises(TemplateSyntaxError, match="no argument named"):
                    pt.Template(source)

            return work

        small, _ = cost(parse(2000))
        large, _ = cost(parse(8000))
        assert large < 8 * small

    @pytest.mark.parametrize(
        "source",
        [
            "{% level personal %}{{ facts.a }}{% else %}y{% endlevel %}" * 3000,
            "{% if facts.a %}x{% elif facts.trip.city %}y{% else %}z{% endif %}" * 2500,
            "{{ facts.a | upper | default: 'x' | truncate: 3 }}" * 3000,
            "{% raw %}{{ x }}{% endraw %}" * 6000,
            "{{ facts.a | default: '" + "\\'" * 60_000 + "' }}",
            "{# c #}\n  {%- if facts.a -%}\n x {% endif %}\n" * 3000,
        ],
        ids=["levels", "ifs", "filters", "raw", "escapes", "whitespace"],
    )
    def test_large_sources_stay_within_memory(self, source: str) -> None:
        assert len(source) > 100_000
        _, peak = cost(lambda: pt.Template(source).render(C, D))
        assert peak < 50 * MB


class TestLiterals:
    @pytest.mark.parametrize(
        "literal", ["9" * 5000, "1." + "5" * 5000, "-" + "1" * 33, "0." + "1" * 32]
    )
    def test_a_number_of_more_than_32_digits_is_a_syntax_error(self, literal: str) -> None:
        # A 5,000-digit literal used to raise Python's ValueError (int string limit).
        with pytest.raises(TemplateSyntaxError, match="at most 32 digits"):
            pt.Template("{{ facts.a | truncate: " + literal + " }}")

    @given(st.integers(3, 10**31))
    def test_numbers_up_to_32_digits_work(self, n: int) -> None:
        t = pt.Template("{{ extra.x | truncate: " + str(n) + " }}")
        assert t.render(C, D, extra={"x": "abc"}).text == "abc"

    def test_a_long_string_literal_works(self) -> None:
        text = "x" * 150_000
        assert pt.Template("{{ extra.x | default: '" + text + "' }}").render(C, D).text == text


class TestOutputLimits:
    def test_the_subject_has_the_output_limit(self) -> None:
        # The subject used to ignore max_output.
        t = pt.Template(
            "Hi", subject="{{ extra.x }}", limits=TemplateLimits(max_output=10), name="w"
        )
        with pytest.raises(TemplateLimitError) as e:
            t.render(C, D, extra={"x": "y" * 11})
        assert e.value.limit == "max_output"
        assert e.value.template == "w subject"
        assert "y" * 11 not in str(e.value)
        assert t.render(C, D, extra={"x": "y" * 10}).subject == "y" * 10

    def test_the_body_stops_as_soon_as_it_is_too_long(self) -> None:
        # The second output is never reached: the first already passed the limit (it used to
        # be checked only after the whole text was built, so the filter error came first).
        t = pt.Template("{{ extra.x }}{{ extra.y | number }}", limits=TemplateLimits(max_output=20))
        with pytest.raises(FilterValueError):
            t.render(C, D, extra={"x": "short", "y": "not a number"})
        with pytest.raises(TemplateLimitError) as e:
            t.render(C, D, extra={"x": "z" * 1000, "y": "not a number"})
        assert (e.value.line, e.value.column) == (1, 4)

    def test_a_render_over_the_limit_never_builds_its_text(self) -> None:
        t = pt.Template("{{ extra.x }}" * 2000, limits=TemplateLimits(max_output=200_000))
        extra = {"x": "w" * 100_000}

        def render() -> None:
            with pytest.raises(TemplateLimitError):
                t.render(C, D, extra=extra)

        _, peak = cost(render)
        assert peak < 5 * MB  # the whole text would be 200 MB

    def test_literal_text_counts(self) -> None:
        t = pt.Template("x" * 11, limits=TemplateLimits(max_output=10))
        with pytest.raises(TemplateLimitError):
            t.render(C, D)
        t = pt.Template("{% if facts.a %}" + "x" * 11 + "{% endif %}", subject="s" * 11)
        assert t.render(C, D).text == "x" * 11

    def test_a_level_block_that_falls_back_gives_its_size_back(self) -> None:
        t = pt.Template(
            "{% level personal %}" + "x" * 8 + "{{ facts.nope }}{% else %}y{% endlevel %}z",
            limits=TemplateLimits(max_output=10),
        )
        assert t.render(C, D).text == "yz"


class TestLimitsThemselves:
    def test_too_many_filters_in_one_output(self) -> None:
        source = "{{ facts.a" + " | upper" * 33 + " }}"
        with pytest.raises(TemplateLimitError) as e:
            pt.Template(source)
        assert e.value.limit == "max_filters"
        assert pt.Template(source, limits=TemplateLimits(max_filters=33)).render(C, D)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"max_depth": 0},
            {"max_depth": 101},
            {"max_source": -1},
            {"max_output": 1.5},
            {"max_filters": "3"},
            {"max_depth": True},
        ],
    )
    def test_limits_are_whole_numbers_in_range(self, kwargs: dict[str, Any]) -> None:
        # A huge max_depth used to let deep nesting hit Python's recursion limit.
        with pytest.raises(InvalidFieldError) as e:
            TemplateLimits(**kwargs)
        assert e.value.field in kwargs

    def test_the_deepest_nesting_allowed_renders(self) -> None:
        source = "{% level personal %}" * 100 + "x" + "{% endlevel %}" * 100
        assert pt.Template(source, limits=TemplateLimits(max_depth=100)).render(C, D).text
        with pytest.raises(TemplateLimitError):
            pt.Template(source, limits=TemplateLimits(max_depth=99))


class TestHostileTemplates:
    @pytest.mark.parametrize(
        ("unit", "count", "tail"),
        [
            ("{% if facts.a %}", 5_000, "x"),
            ("{% level personal %}", 5_000, ""),
            ("{% if facts.a %}{% else %}", 3_000, ""),
            ("{% raw %}", 2_000, ""),
            ("{{", 20_000, ""),
            ("{% endif %}", 5_000, ""),
        ],
        ids=["deep-if", "deep-level", "deep-else", "raw-unclosed", "open-outputs", "stray-ends"],
    )
    def test_deep_or_broken_nesting_fails_typed_in_linear_time(
        self, unit: str, count: int, tail: str
    ) -> None:
        """Nesting far past the limit, or never closed, is a typed error in linear time."""

        def parse(n: int) -> Callable[[], None]:
            text = unit * n + tail

            def work() -> None:
                with pytest.raises((TemplateLimitError, TemplateSyntaxError)):
                    pt.Template(text)

            return work

        small, large, peak = linear(parse, count // 4)
        assert below_eight_times(small, large)
        assert peak < 50 * MB

    def test_a_hundred_thousand_outputs_stop_at_the_output_limit(self) -> None:
        """A template repeating one output (no loops exist) is bounded by max_output."""
        source = "{{ facts.a }}" * 15_000
        t = pt.Template(source, limits=TemplateLimits(max_source=200_000, max_output=10_000))
        with pytest.raises(TemplateLimitError) as e:
            t.render(C, D)
        assert "max_output" == e.value.limit

    @pytest.mark.parametrize(
        "text",
        [
            "\u202eevil\u202c",  # right-to-left override
            "a\u200db\u200c\ufeff",  # zero-width joiner, non-joiner, byte-order mark
            "\ud800",  # a lone surrogate
            "\x00\x1b[31m",  # NUL and a terminal escape
            "e\u0301" * 500,  # combining accents
            "\U0001d518\U0001d52b \U0001f389",  # astral characters
        ],
    )
    def test_odd_unicode_in_source_and_values_renders_as_given(self, text: str) -> None:
        """Odd code points pass through as literal text and as values, never as syntax."""
        t = pt.Template(text + "{{ extra.v }}" + text, html=True)
        out = t.render(C, decision(of=C, channel="email"), extra={"v": text + "{{ facts.a }}"})
        assert out.text.startswith(text + text + "{{ facts.a }}" + text)

    @pytest.mark.parametrize(
        "name", ["facts.\u0430", "facts.a\u200b", "extra.\uff56", "facts.\uff41"]
    )
    def test_lookalike_names_are_typed_errors(self, name: str) -> None:
        """Cyrillic, full-width and zero-width look-alikes are not the ASCII names."""
        with pytest.raises((TemplateSyntaxError, pt.exceptions.UnknownVariableError)):
            pt.Template("{{ " + name + " }}")
