"""
The ``{% ask key %}...{% endask %}`` construct: found by analysis, said as written, hostile
templates refused with typed errors at the tag.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import decision, reader
from personal_touch._templates import _ast as ast
from personal_touch.exceptions import TemplateLimitError, TemplateSyntaxError
from personal_touch.templates import TemplateLimits

SURVEY = (
    "Hi {{ contact.name.given | default: 'there' }},\n"
    "{% ask apparel.shirt_size %}\n"
    "What's your shirt size, {{ contact.name.given | default: 'friend' }}?\n"
    "{% endask %}\n"
    "Thanks!"
)


class TestAnalysis:
    def test_requirements_list_the_asked_keys(self) -> None:
        """Body and subject asks are listed; the outputs inside are parts like any other."""
        t = pt.Template(SURVEY, subject="{% ask apparel.colour %}Your colour?{% endask %}")
        req = t.requirements()
        assert frozenset({"apparel.shirt_size", "apparel.colour"}) == req.asks
        assert ["contact.name.given", "contact.name.given"] == [p.path for p in req.parts]

    def test_a_template_without_asks_asks_nothing(self) -> None:
        """No ask tag: an empty set."""
        assert frozenset() == pt.Template("Hello {{ contact.name.given }}").requirements().asks

    def test_ask_inside_if_counts(self) -> None:
        """Which branch runs is unknown before rendering: an ask in any branch is an ask."""
        t = pt.Template(
            "{% if contact.name.given %}{% ask pets.name %}Your pet's name?{% endask %}"
            "{% else %}Hello{% endif %}"
        )
        assert frozenset({"pets.name"}) == t.requirements().asks

    def test_spaced_dots_are_one_key(self) -> None:
        """A key written with spaces around its dots is the same key."""
        t = pt.Template("{% ask apparel . shirt_size %}Size?{% endask %}")
        assert frozenset({"apparel.shirt_size"}) == t.requirements().asks

    def test_catalog_lists_asks_of_every_locale(self) -> None:
        """A catalog's requirements hold the asks of all its templates."""
        catalog = pt.TemplateCatalog(
            {
                "en": pt.Template("{% ask apparel.shirt_size %}Size?{% endask %}"),
                "de": pt.Template("{% ask apparel.shirt_size %}Größe?{% endask %}"),
            },
            default="en",
        )
        assert frozenset({"apparel.shirt_size"}) == catalog.requirements().asks

    def test_message_for_carries_the_asks(self) -> None:
        """The Message built from a template asks what its ask tags ask."""
        m = pt.message_for(pt.Template(SURVEY), purpose="survey", channel="email")
        assert frozenset({"apparel.shirt_size"}) == m.asks

    def test_the_tree_holds_an_ask_node(self) -> None:
        """The parser makes an Ask node holding the question's body, at the tag's position."""
        t = pt.Template("Hi\n{% ask pets.name %}Name?{% endask %}")
        [node] = [n for n in t.nodes if isinstance(n, ast.Ask)]
        assert ("pets.name", 2, 1) == (node.key, node.line, node.column)
        assert ["Name?"] == [n.text for n in node.body if isinstance(n, ast.Text)]


class TestRender:
    def test_the_question_is_said_as_written(self) -> None:
        """An allowing decision renders the question's text in place, outputs filled."""
        t = pt.Template(SURVEY)
        out = t.render(reader(name=pt.Name("Ada")), decision())
        assert "Hi Ada,\nWhat's your shirt size, Ada?\nThanks!" == out.text

    def test_ask_inside_if_renders_with_its_branch(self) -> None:
        """An ask in a branch that does not run says nothing."""
        t = pt.Template(
            "{% if extra.pet_survey %}{% ask pets.name %}Your pet?{% endask %}"
            "{% else %}Hello{% endif %}"
        )
        assert "Your pet?" == t.render(reader(), decision(), extra={"pet_survey": "y"}).text
        assert "Hello" == t.render(reader(), decision()).text

    def test_compilers_get_the_tree_without_asks(self) -> None:
        """Asks are unwrapped for compiling (in branches too); a tree without any is kept."""
        plain = pt.Template(
            "{% if extra.a %}x{% else %}{% level personal %}y{% endlevel %}{% endif %}"
        )
        assert plain.nodes is ast.without_asks(plain.nodes)
        t = pt.Template("{% if extra.a %}{% ask a.b %}q{% endask %}{% endif %}!")
        [node, bang] = ast.without_asks(t.nodes)
        assert isinstance(node, ast.If)
        assert ["q"] == [n.text for n in node.branches[0].body if isinstance(n, ast.Text)]
        assert bang is t.nodes[1]

    def test_lint_reads_the_question(self) -> None:
        """Claims inside a question are found like any copy."""
        t = pt.Template("{% ask pets.name %}I was just looking at your blog: a pet?{% endask %}")
        assert ["personal_attention"] == [f.code for f in pt.lint(t)]


def _error(source: str, **kwargs: object) -> TemplateSyntaxError:
    with pytest.raises(TemplateSyntaxError) as e:
        pt.Template(source, **kwargs)  # type: ignore[arg-type]
    return e.value


class TestHostile:
    @pytest.mark.parametrize(
        ("source", "problem", "column"),
        [
            ("{% ask %}x{% endask %}", "expected a fact key", 8),
            ("{% ask Apparel.Size %}x{% endask %}", "lower-case", 8),
            ("{% ask 'apparel.size' %}x{% endask %}", "expected a fact key", 8),
            ("{% ask 2 %}x{% endask %}", "expected a fact key", 8),
            ("{% ask facts.apparel.size %}x{% endask %}", "without 'facts.'", 8),
            ("{% ask a.b c %}x{% endask %}", "unexpected 'c'", 12),
            ("{% ask a.b | upcase %}x{% endask %}", "unexpected '|'", 12),
        ],
    )
    def test_bad_keys(self, source: str, problem: str, column: int) -> None:
        """A tag that names no fact key is refused at the key."""
        e = _error(source)
        assert problem in str(e)
        assert (1, column) == (e.line, e.column)

    @pytest.mark.parametrize(
        ("source", "problem"),
        [
            ("{% ask a %}{% ask b %}x{% endask %}{% endask %}", "not {% ask %}"),
            ("{% ask a %}{% if contact.name.given %}x{% endif %}{% endask %}", "not {% if %}"),
            ("{% ask a %}{% level personal %}x{% endlevel %}{% endask %}", "not {% level %}"),
            (
                "{% level personal %}{% ask a %}x{% endask %}{% endlevel %}",
                "inside a {% level %} block",
            ),
            (
                "{% level personal %}y{% else %}{% ask a %}x{% endask %}{% endlevel %}",
                "inside a {% level %} block",
            ),
            (
                "{% level personal %}{% if contact.name.given %}{% ask a %}x{% endask %}"
                "{% endif %}{% endlevel %}",
                "inside a {% level %} block",
            ),
            ("{% ask a %}x{% else %}y{% endask %}", "{% else %} without a matching block"),
            ("{% ask a %}   \n {% endask %}", "needs the question's text"),
            ("{% ask a %}x", "never closed (expected {% endask %})"),
            ("x{% endask %}", "{% endask %} without a matching block"),
            ("{% ask a %}x{% endask b %}", "unexpected 'b'"),
            ("{% if contact.name.given %}{% ask a %}x{% endif %}", "{% endif %} without"),
        ],
    )
    def test_bad_nesting(self, source: str, problem: str) -> None:
        """Asks hold only text and outputs, never stand in level blocks, and must close."""
        assert problem in str(_error(source))

    def test_nesting_limit_counts_asks(self) -> None:
        """An ask is a block: it counts towards max_depth."""
        source = "{% if contact.name.given %}{% ask a %}x{% endask %}{% endif %}"
        with pytest.raises(TemplateLimitError):
            pt.Template(source, limits=TemplateLimits(max_depth=1))
        assert frozenset({"a"}) == pt.Template(source).requirements().asks

    def test_errors_name_the_subject(self) -> None:
        """A bad ask in a subject is reported against the subject."""
        e = _error("Hi", subject="{% ask Bad %}x{% endask %}", name="welcome")
        assert "welcome subject" == e.template


keys = st.from_regex(r"\A[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){0,3}\Z")


class TestProperties:
    @given(st.lists(keys, min_size=1, max_size=4), st.text("abc ?\n", min_size=1, max_size=8))
    def test_every_asked_key_is_found_and_the_text_kept(
        self, asked: list[str], question: str
    ) -> None:
        """Whatever keys are asked, analysis finds each; rendering keeps every question."""
        text = question if question.strip() else "?"
        source = "".join(f"[{{% ask {k} %}}{text}{{% endask %}}]" for k in asked)
        t = pt.Template(source)
        assert frozenset(asked) == t.requirements().asks
        assert "".join(f"[{text}]" for _ in asked) == t.render(reader(), decision()).text
