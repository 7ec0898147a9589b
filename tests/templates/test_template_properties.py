"""
Properties of rendering for any contact, decision and template.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT
from personal_touch._templates import _codegen
from personal_touch._templates import _render as compiler
from personal_touch.exceptions import FilterValueError, MissingValueError
from personal_touch.values import ApprovedFact, WithheldFact

if TYPE_CHECKING:
    from personal_touch.templates import Rendered

KEYS = ("a", "b", "trip", "trip.city", "team.name", "kids")
PATHS = (
    "facts.a",
    "facts.b",
    "facts.trip.city",
    "facts.trip.hotel",
    "facts.team.name",
    "facts.kids",
    "contact.name.given",
    "contact.name",
    "contact.company",
    "extra.x",
)
LEVELS = tuple(lv.value for lv in pt.Level)
words = st.text(alphabet="abcdefghijklmnop ", min_size=1, max_size=8)
FILTERS = ("", "", " | upper", " | lower", " | capitalize", " | truncate: 4", " | name")


@st.composite
def outputs(draw: st.DrawFn) -> str:
    path = draw(st.sampled_from(PATHS) | st.sampled_from(PATHS[:6]))
    chain = draw(st.lists(st.sampled_from(FILTERS), max_size=2))
    default = draw(st.one_of(words, words, words, st.none()))
    fallback = f" | default: '{default}'" if default is not None else ""
    where = draw(st.integers(0, len(chain)))
    parts = [*chain[:where], fallback, *chain[where:]]
    return "{{ " + path + "".join(parts) + " }}"


def bodies(depth: int) -> st.SearchStrategy[str]:
    leaf = words | outputs()
    if depth == 0:
        return st.lists(leaf, max_size=4).map("".join)

    @st.composite
    def block(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(("if", "level")))
        inner = draw(bodies(depth - 1))
        other = draw(st.none() | bodies(depth - 1))
        tail = f"{{% else %}}{other}" if other is not None else ""
        if kind == "if":
            tests = draw(
                st.lists(st.tuples(st.booleans(), st.sampled_from(PATHS)), min_size=1, max_size=3)
            )
            joiners = draw(
                st.lists(
                    st.sampled_from((" and ", " or ")),
                    min_size=len(tests) - 1,
                    max_size=len(tests) - 1,
                )
            )
            cond = ("not " if tests[0][0] else "") + tests[0][1]
            for j, (neg, path) in zip(joiners, tests[1:], strict=True):
                cond += j + ("not " if neg else "") + path
            return f"{{% if {cond} %}}{inner}{tail}{{% endif %}}"
        level = draw(st.sampled_from(LEVELS))
        return f"{{% level {level} %}}{inner}{tail}{{% endlevel %}}"

    return st.lists(leaf | block(), max_size=4).map("".join)


def _related(key: str, withheld: frozenset[str]) -> bool:
    return any(key == w or key.startswith(w + ".") or w.startswith(key + ".") for w in withheld)


@st.composite
def scenarios(
    draw: st.DrawFn, *, value_text: st.SearchStrategy[str] = words
) -> tuple[pt.Contact, pt.Decision, frozenset[str]]:
    withheld = frozenset(draw(st.lists(st.sampled_from(KEYS), max_size=3)))
    usable = draw(st.lists(st.sampled_from(KEYS), min_size=2, max_size=6))
    secrets: set[str] = set()
    facts = []
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=2, max_size=6, unique=True)):
        if _related(key, withheld):
            marker = f"Q{draw(st.integers(100000, 999999))}"
            secrets.add(marker)
            value: object = (
                {"city": marker, "hotel": marker}
                if key == "trip"
                else [marker, marker]
                if key == "kids"
                else marker
            )
        else:
            text = draw(value_text)
            value = {"city": text} if key == "trip" else [text] if key == "kids" else text
        facts.append(pt.Fact(key=key, value=value, provenance="stated", recorded_at=AT))
    contact = pt.Contact(
        id="c-1",
        name=pt.Name(draw(st.none() | value_text), draw(st.none() | value_text)),
        company=draw(st.none() | value_text),
        locale=draw(st.sampled_from(("en", "de", "fr", "es", "pt"))),
        created_at=AT,
        stage=draw(st.sampled_from(list(pt.Stage))),
        facts=facts,
    )
    approved = [
        ApprovedFact.of(f) for f in facts if any(_related(f.key, frozenset({u})) for u in usable)
    ]
    decision = pt.Decision(
        decision_id="d",
        contact_id="c-1",
        message=pt.Message(purpose="relationship", channel="email"),
        at=AT,
        verdict="allow",
        level=draw(st.sampled_from(LEVELS) | st.sampled_from(LEVELS[3:])),
        approved_facts=approved,
        usable_facts=[*usable, *(a.key for a in approved)],
        withheld_facts=[WithheldFact(key=k, code="t", reason="t") for k in sorted(withheld)],
    )
    return contact, decision, frozenset(secrets)


def _render(
    template: pt.Template, contact: pt.Contact, decision: pt.Decision, extra: dict[str, str]
) -> Rendered | None:
    try:
        return template.render(contact, decision, extra=extra)
    except (MissingValueError, FilterValueError):
        return None


class TestProperties:
    @settings(max_examples=300)
    @given(source=bodies(2), scenario=scenarios())
    def test_withheld_facts_never_appear(
        self, source: str, scenario: tuple[pt.Contact, pt.Decision, frozenset[str]]
    ) -> None:
        """For any contact, decision and template, no withheld fact's value is in the output."""
        contact, decision, secrets = scenario
        rendered = _render(pt.Template(source), contact, decision, {"x": "extra"})
        if rendered is None:
            return
        text = rendered.text.lower()
        assert not [s for s in secrets if s.lower() in text]
        assert "q" not in text
        assert not re.search(r"\d{3}", text)
        withheld = {w.key for w in decision.withheld_facts}
        assert not any(_related(k, frozenset(withheld)) for k in rendered.facts_used)
        assert rendered.level <= decision.level
        assert set(rendered.facts_used) <= {f.key for f in contact.facts}
        usable = frozenset(decision.usable_facts)
        assert all(_related(k, usable) for k in rendered.facts_used)

    @settings(max_examples=150)
    @given(source=bodies(2), scenario=scenarios())
    def test_rendering_is_deterministic(
        self, source: str, scenario: tuple[pt.Contact, pt.Decision, frozenset[str]]
    ) -> None:
        """The same template, contact and decision always render the same result."""
        contact, decision, _ = scenario
        template = pt.Template(source)
        first = _render(template, contact, decision, {"x": "e"})
        again = _render(pt.Template(source), contact, decision, {"x": "e"})
        assert first == again
        assert first == _render(template, contact, decision, {"x": "e"})

    @settings(max_examples=200)
    @given(
        source=bodies(2),
        scenario=scenarios(value_text=st.text(alphabet="ab<>&\"' ", min_size=1, max_size=8)),
        extra=st.text(alphabet="<>&\"'x", min_size=1, max_size=5),
    )
    def test_html_output_escapes_every_value(
        self, source: str, scenario: tuple[pt.Contact, pt.Decision, frozenset[str]], extra: str
    ) -> None:
        """In HTML templates every value is escaped: no raw markup character survives."""
        contact, decision, _ = scenario
        rendered = _render(pt.Template(source, html=True), contact, decision, {"x": extra})
        if rendered is None:
            return
        text = rendered.text
        assert not set("<>\"'") & set(text)
        assert "&" not in re.sub(r"&(?:amp|lt|gt|quot|#x27);", "", text)


def _outcome(
    source: str, contact: pt.Contact, decision: pt.Decision, extra: dict[str, str], *, html: bool
) -> object:
    """What rendering gives: the result, or the error's type, message and position."""
    try:
        return pt.Template(source, html=html).render(contact, decision, extra=extra)
    except pt.exceptions.PersonalTouchError as e:
        return (type(e), str(e), getattr(e, "line", None), getattr(e, "column", None))


class TestGeneratedCode:
    @settings(max_examples=150)
    @given(
        source=bodies(3),
        scenario=scenarios(value_text=st.text(alphabet="ab<>&\"' ", min_size=1, max_size=8)),
        html=st.booleans(),
        extra=st.sampled_from(({"x": "e<&>"}, {"x": ""}, {})),
    )
    def test_code_renders_as_the_closures_do(
        self,
        source: str,
        scenario: tuple[pt.Contact, pt.Decision, frozenset[str]],
        html: bool,
        extra: dict[str, str],
    ) -> None:
        """Generated code gives the closures' text, facts, fallbacks, level and errors."""
        contact, decision, _ = scenario
        generated = _outcome(source, contact, decision, extra, html=html)
        with mock.patch.object(_codegen, "MAX_DEPTH", 1):  # deeper blocks called, not inlined
            shallow = _outcome(source, contact, decision, extra, html=html)
        with mock.patch.object(compiler, "MAX_ITEMS", -1):  # no code at all
            closures = _outcome(source, contact, decision, extra, html=html)
        assert closures == generated
        assert closures == shallow

    def test_code_holds_no_template_text(self) -> None:
        """Literal text, paths and defaults reach the code as constants, never as source."""
        sources: list[str] = []
        real = compile

        def spy(source: str, *args: Any) -> Any:
            sources.append(source)
            return real(source, *args)

        template = '"""\'; import os #{{ extra.x | default: \'\\"); os.system(1) #\' }}{% if extra.x %}\\n{% endif %}'
        with mock.patch.object(_codegen, "compile", spy, create=True):
            t = pt.Template(template)
            t.prepare("en")
        assert sources
        assert not [s for s in sources if "import" in s or "system" in s or "extra.x" in s]
