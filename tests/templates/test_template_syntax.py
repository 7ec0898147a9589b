from __future__ import annotations

import pytest

import personal_touch as pt
from personal_touch._templates import _ast as ast
from personal_touch._templates._lexer import Kind, Source, tokenize
from personal_touch.exceptions import (
    TemplateError,
    TemplateLimitError,
    TemplateSyntaxError,
    UnknownFilterError,
    UnknownVariableError,
)
from personal_touch.templates import TemplateLimits


class TestLexer:
    def test_splits_text_outputs_and_tags(self) -> None:
        """Text, {{ }} and {% %} become tokens; comments vanish."""
        tokens = tokenize(Source("a{{ x }}b{# note #}c{% if y %}"), max_source=1000)
        assert [Kind.TEXT, Kind.OUTPUT, Kind.TEXT, Kind.TEXT, Kind.TAG] == [t.kind for t in tokens]
        assert ["a", " x ", "b", "c", " if y "] == [t.content for t in tokens]

    def test_block_tag_alone_on_its_line_takes_the_line(self) -> None:
        """A tag on its own line leaves no blank line behind."""
        tokens = tokenize(
            Source("Hi\n  {% if register.formal %}\nformal\n{% endif %}\nbye"), max_source=100
        )
        assert ["Hi\n", " if register.formal ", "formal\n", " endif ", "bye"] == [
            t.content for t in tokens
        ]

    def test_dash_strips_whitespace(self) -> None:
        """{{- and -}} strip the whitespace on their side."""
        tokens = tokenize(Source("a   {{- x -}}   b"), max_source=100)
        assert ["a", " x ", "b"] == [t.content for t in tokens]

    def test_raw_is_literal(self) -> None:
        """{% raw %} keeps braces as copy; it must be closed."""
        t = pt.Template(
            "a {% raw %}{{ not.a.variable }} {% if %}{% endraw %} b{% raw %}{% endraw %}"
        )
        assert ["a ", "{{ not.a.variable }} {% if %}", " b"] == [
            n.text for n in t.nodes if isinstance(n, ast.Text)
        ]
        with pytest.raises(TemplateSyntaxError, match="raw") as e:
            pt.Template("x\n {% raw %}{{")
        assert (2, 2) == (e.value.line, e.value.column)

    def test_source_limit(self) -> None:
        """A source longer than max_source is refused."""
        with pytest.raises(TemplateLimitError) as e:
            pt.Template("x" * 101, limits=TemplateLimits(max_source=100))
        assert "max_source" == e.value.limit


def _error(source: str) -> TemplateError:
    with pytest.raises(TemplateError) as e:
        pt.Template(source)
    return e.value


class TestSyntaxErrors:
    @pytest.mark.parametrize(
        ("source", "line", "column", "words"),
        [
            ("Hello {{ contact.name.given", 1, 7, "never closed"),
            ("a\nb {% if facts.x %}c", 2, 3, "never closed"),
            ("{% endif %}", 1, 4, "without a matching block"),
            ("x\n  {{ }}", 2, 5, "empty"),
            ("{{ contact.name.given | }}", 1, 25, "filter name"),
            ("{{ facts.a ! }}", 1, 12, "unexpected character"),
            ("{% level cosmic %}x{% endlevel %}", 1, 10, "unknown level"),
            ("{% for x in y %}", 1, 4, "unknown tag"),
            ("{% if %}x{% endif %}", 1, 7, "expected a variable"),
            ("{{ facts.a | date: 'long', 'short' }}", 1, 14, "at most 1"),
            ("{{ facts.a | plural: one='# x' }}", 1, 14, "other"),
            ("{{ facts.a | currency: 'XYZ1' }}", 1, 14, "ISO 4217"),
            ("{{ facts.a 'x' }}", 1, 12, "unexpected"),
            ("{% if facts.a %}x{% else %}y{% else %}z{% endif %}", 1, 31, "after {% else %}"),
            ("{% if facts.a facts.b %}x{% endif %}", 1, 15, "'and', 'or'"),
            ("{{ facts.a | truncate: 0 }}", 1, 14, "positive"),
            ("{{ facts.a | default: 'x', y='z' }}", 1, 14, "no argument named"),
            ("{{ facts.a | plural: other='x', 3 }}", 1, 33, "positional argument after"),
            ("{{ facts.a | date: 3 }}", 1, 14, "quoted"),
            ("{% if facts.a %}{% endlevel %}{% endif %}", 1, 20, "without a matching"),
            ('{{ facts.a | default: "open }}', 1, 23, "never closed"),
        ],
    )
    def test_errors_carry_line_and_column(
        self, source: str, line: int, column: int, words: str
    ) -> None:
        """Malformed templates raise TemplateSyntaxError at the exact position."""
        err = _error(source)
        assert isinstance(err, TemplateSyntaxError)
        assert (line, column) == (err.line, err.column)
        assert words in str(err)

    def test_unknown_filter(self) -> None:
        """An unknown filter raises UnknownFilterError naming it, with its position."""
        err = _error("Hi\n{{ contact.name.given | shout }}")
        assert isinstance(err, UnknownFilterError)
        assert ("shout", 2, 25) == (err.filter, err.line, err.column)

    @pytest.mark.parametrize(
        "path",
        [
            "contact.id",
            "contact.facts",
            "contact.__class__",
            "contact.name.__dict__",
            "facts.Travel",
            "extra.a.b",
            "decision.level",
            "__import__",
            "register.casual",
        ],
    )
    def test_variables_outside_the_allow_list(self, path: str) -> None:
        """Paths outside the allow-list are refused at parse time."""
        err = _error(f"x {{{{ {path} }}}}")
        assert isinstance(err, UnknownVariableError)
        assert (path, 1, 6) == (err.path, err.line, err.column)

    def test_nesting_limit(self) -> None:
        """Blocks nested deeper than max_depth raise TemplateLimitError with a position."""
        source = "{% if facts.a %}" * 4 + "x" + "{% endif %}" * 4
        pt.Template(source, limits=TemplateLimits(max_depth=4))
        with pytest.raises(TemplateLimitError) as e:
            pt.Template(source, limits=TemplateLimits(max_depth=3))
        assert ("max_depth", 1, 52) == (e.value.limit, e.value.line, e.value.column)

    def test_error_messages_name_the_template(self) -> None:
        """The template's name appears in its errors."""
        with pytest.raises(TemplateSyntaxError, match=r"^welcome\.de, line 1, column 1"):
            pt.Template("{{ x", name="welcome.de")

    def test_subject_errors_name_the_subject(self) -> None:
        """A malformed subject is reported as the subject."""
        with pytest.raises(TemplateSyntaxError, match="subject"):
            pt.Template("ok", subject="{% if %}")


class TestParser:
    def test_tree_shape(self) -> None:
        """Outputs, filters with arguments, conditions and level blocks parse to frozen nodes."""
        t = pt.Template(
            "{% if contact.name.given and not facts.a or facts.b %}"
            "{{ facts.n | plural: one='# x', other='# xs' | upper }}"
            "{% elif facts.c %}c{% else %}d{% endif %}"
            "{% level personal %}p{% else %}g{% endlevel %}"
        )
        node, level = t.nodes
        assert isinstance(node, ast.If)
        assert isinstance(level, ast.LevelBlock)
        groups = node.branches[0].condition.any_of
        assert [["contact.name.given", "facts.a"], ["facts.b"]] == [
            [test.path.dotted for test in g] for g in groups
        ]
        assert [False, True] == [test.negated for test in groups[0]]
        out = node.branches[0].body[0]
        assert isinstance(out, ast.Output)
        assert (("one", "# x"), ("other", "# xs")) == out.filters[0].kwargs
        assert ["plural", "upper"] == [f.name for f in out.filters]
        assert 2 == len(node.branches)
        assert pt.Level.PERSONAL is level.level
        assert (1, 1) == (node.line, node.column)

    def test_numbers_and_escapes_in_literals(self) -> None:
        """Literals: integers, decimals and escaped quotes."""
        t = pt.Template(
            r"""{{ facts.a | truncate: 5, end="\"" }}{{ facts.b | default: 'it\'s' }}"""
        )
        first, second = t.nodes
        assert isinstance(first, ast.Output)
        assert isinstance(second, ast.Output)
        assert ((5,), (("end", '"'),)) == (first.filters[0].args, first.filters[0].kwargs)
        assert ("it's",) == second.filters[0].args

    def test_templates_pickle(self) -> None:
        """A template pickles by its source and parses again on arrival."""
        import pickle

        t = pt.Template("<p>{{ facts.a }}</p>", subject="S", html=True, name="n")
        t.prepare("de")
        again = pickle.loads(pickle.dumps(t))
        assert t == again
        assert t.requirements() == again.requirements()

    def test_templates_compare_by_source(self) -> None:
        """Two templates with the same source and options are equal."""
        assert pt.Template("a {{ facts.x }}") == pt.Template("a {{ facts.x }}")
        assert pt.Template("a") != pt.Template("a", html=True)
        assert "Template(name='n', html=False, chars=1)" == repr(pt.Template("a", name="n"))


class TestRequirements:
    def test_fields_facts_and_levels(self) -> None:
        """requirements() lists what is read and the level each part needs."""
        t = pt.Template(
            "Hi {{ contact.name | name | default: 'there' }}, {{ extra.link }}\n"
            "{% level personal %}Enjoy {{ facts.travel.next_trip.destination }}!"
            "{% else %}Have a great week!{% endlevel %}\n"
            "{% if facts.orders.last %}Thanks for {{ facts.orders.last.item }}.{% endif %}\n"
            "Order {{ facts.orders.count }}",
            subject="News for {{ contact.company | default: 'you' }}",
        )
        req = t.requirements()
        assert frozenset({"contact.name", "contact.company"}) == req.fields
        assert (
            frozenset(
                {
                    "travel.next_trip.destination",
                    "orders.last",
                    "orders.last.item",
                    "orders.count",
                }
            )
            == req.fact_keys
        )
        assert frozenset({"link"}) == req.extra
        assert pt.Level.PERSONAL is req.level
        assert pt.Level.CONTEXTUAL is req.floor
        by_path = {p.path: p for p in req.parts}
        assert pt.Level.PERSONAL is by_path["facts.travel.next_trip.destination"].level
        assert by_path["facts.travel.next_trip.destination"].has_fallback
        assert not by_path["facts.orders.count"].has_fallback
        assert (4, 10) == (by_path["facts.orders.count"].line, by_path["facts.orders.count"].column)

    def test_plain_text_needs_generic(self) -> None:
        """A template with no variables needs nothing."""
        req = pt.Template("Our spring collection is here.").requirements()
        assert (pt.Level.GENERIC, pt.Level.GENERIC, ()) == (req.level, req.floor, req.parts)
