"""
A grammar-based fuzzer for the template engine, and a light one for the JSON input paths.

Templates are generated from the template language's grammar (text, outputs with every filter
and its arguments, ``if``/``elif``/``else``, ``level`` blocks, ``raw``, comments, whitespace
control), then some are mutated the way hostile input is (unbalanced tags, huge paths and
literals, control characters, NUL, deep nesting).  Each is parsed, analysed, linted and
rendered against real decisions made by :func:`personal_touch.decide` for the sample contacts,
whose facts include canaries the decision did not approve.  Properties:

* only :class:`~personal_touch.exceptions.PersonalTouchError` is ever raised;
* no case takes over 100 ms of CPU or 50 MB of memory (``tracemalloc`` peak);
* no canary value appears in a rendered text, a subject or an error.

The normal suite runs a derandomized slice; ``nox -s fuzz`` (``HYPOTHESIS_PROFILE=fuzz``) runs
at least 100,000 templates (``FUZZ_EXAMPLES`` to change it).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import json
import os
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch.converters import make_converter
from personal_touch.exceptions import PersonalTouchError
from personal_touch.testing import SampleFile, load_sample, sample_json
from personal_touch.values import DisclosureCode, FrozenMap

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
TEMPLATE_CASES = int(os.environ.get("FUZZ_EXAMPLES", "100000")) if FUZZ else 400
JSON_CASES = max(TEMPLATE_CASES // 10, 200)
#: CPU time and memory a case may take.  CPU time, not wall time: the machine may be loaded.
#: The time grows with the source: linear work is fine, a blow-up is not.
MAX_SECONDS = 0.1
MAX_SECONDS_PER_CHARACTER = 10e-6
MAX_BYTES = 50 * 1024 * 1024

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
fuzz_settings = (
    settings(
        max_examples=TEMPLATE_CASES, deadline=None, suppress_health_check=_QUIET, database=None
    )
    if FUZZ
    else settings(
        max_examples=TEMPLATE_CASES, deadline=None, suppress_health_check=_QUIET, derandomize=True
    )
)
json_settings = settings(fuzz_settings, max_examples=JSON_CASES)

# -- real decisions with canaries ----------------------------------------------------------

#: Values no template text, default or extra ever contains: seeing one is a leak.
CANARY = "Qz7canary"


@attrs.frozen
class Case:
    """
    A contact, a real decision about it, and the canaries that must not appear.

    ``strict`` canaries are facts no usable key covers, or under a withheld key;
    ``bound`` ones are covered by a usable key but are not the exact fact the decision
    approved (a child key, or an expired newer record of the key).
    """

    contact: pt.Contact
    decision: pt.Decision
    strict: tuple[str, ...]
    bound: tuple[str, ...]


def _canaries(contact: pt.Contact, at: Any, offset: int) -> pt.Contact:
    facts = list(contact.facts)
    n = 0

    def canary() -> str:
        nonlocal n
        n += 1
        return f"{CANARY}{contact.id}x{n}"

    for i, f in enumerate(contact.facts, start=offset):
        # A child of every third key, inferred and sensitive (a withheld child makes its
        # parent unavailable too); for the next a newer record that expired; the rest clean.
        if i % 3 == 1:
            facts.append(
                pt.Fact(
                    key=f"{f.key}.zq_child",
                    value=canary(),
                    provenance="inferred",
                    sensitivity="health",
                    recorded_at=f.recorded_at,
                )
            )
        elif i % 3 == 2:
            facts.append(
                pt.Fact(
                    key=f.key,
                    value=canary(),
                    provenance=f.provenance,
                    recorded_at=at.subtract(hours=1),
                    valid_until=at.subtract(minutes=30),
                )
            )
    facts.append(pt.Fact(key="zq_secret", value=canary(), provenance="stated", recorded_at=at))
    facts.append(
        pt.Fact(key="zq_secret.deep", value={"x": canary()}, provenance="stated", recorded_at=at)
    )
    return attrs.evolve(contact, facts=tuple(facts))


def _covers(key: str, path: str) -> bool:
    return path == key or path.startswith(key + ".")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, FrozenMap) or hasattr(value, "values"):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _texts(v)


def _case(contact: pt.Contact, decision: pt.Decision) -> Case:
    usable = decision.usable_facts
    withheld = [w.key for w in decision.withheld_facts]
    latest: dict[str, pt.Fact] = {}
    for f in contact.facts:
        if f.is_valid_at(decision.at) and (
            f.key not in latest or f.recorded_at >= latest[f.key].recorded_at
        ):
            latest[f.key] = f
    strict: list[str] = []
    bound: list[str] = []
    for f in contact.facts:
        values = [v for v in _texts(f.value) if v.startswith(CANARY)]
        if not values:
            continue
        if any(_covers(w, f.key) or _covers(f.key, w) for w in withheld) or not any(
            _covers(u, f.key) for u in usable
        ):
            strict.extend(values)
        elif f.key not in usable or latest.get(f.key) is not f:
            bound.extend(values)
    return Case(contact, decision, tuple(strict), tuple(bound))


@functools.cache
def cases() -> tuple[Case, ...]:
    """
    Every allowing decision about the sample contacts (with canaries) for a few messages.
    """
    sample = load_sample()
    found: list[Case] = []
    for n, original in enumerate(sample.contacts):
        contact = _canaries(original, sample.at, n)
        keys = sorted({f.key for f in contact.facts})
        asks = (keys, [k for k in keys if "zq_" not in k])
        for purpose in ("transactional", "relationship", "marketing"):
            for channel in ("email", "sms"):
                for level in ("contextual", "personal", "individual"):
                    for ask in asks:
                        message = pt.Message(
                            purpose=purpose, channel=channel, level=level, content_facts=ask
                        )
                        decision = pt.decide(
                            contact,
                            message,
                            consents=sample.ledger_for(contact.id),
                            history=sample.history_for(contact.id),
                            at=sample.at,
                        )
                        if decision.verdict is pt.Verdict.ALLOW:
                            found.append(_case(contact, decision))
    assert found, "the sample has no allowing decision to render against"
    return tuple(found)


@functools.cache
def usable_cases() -> tuple[Case, ...]:
    """
    The cases whose decision approved some fact.
    """
    return tuple(c for c in cases() if c.decision.usable_facts)


@functools.cache
def fact_paths() -> tuple[str, ...]:
    """
    Paths to every sample fact and to fields of mapping values (canaries included).
    """
    paths: set[str] = set()
    for case in cases():
        for f in case.contact.facts:
            paths.add(f.key)
            if hasattr(f.value, "keys"):
                paths.update(f"{f.key}.{k}" for k in f.value if str(k).isidentifier())
    return tuple(sorted(paths))


# -- the grammar -----------------------------------------------------------------------------

CONTACT_PATHS = (
    "contact.name",
    "contact.name.given",
    "contact.name.family",
    "contact.name.preferred",
    "contact.name.honorific",
    "contact.name.informal",
    "contact.company",
    "contact.birth_date",
)
EXTRA = {"x": "extra text", "link": "https://example.com/?a=1&b=<2>", "n": 1234.5, "empty": ""}
LEVELS = tuple(lv.value for lv in pt.Level)
SENDER = pt.SenderProfile(
    name="Acme <Team>",
    postal_address="1 Road, Town",
    unsubscribe_url="https://example.com/out?a=1&b=2",
    sms_keyword="STOP",
    reply_to="+1 555 0100",
)
DISCLOSURES = tuple(f"disclosures.{c.value}" for c in DisclosureCode)
HOSTILE_CHARS = "{}%#-'\"\\|:,.=\x00\x01\x1b\n\r\t \u00a0\u200b\u202e\U0001f600é\ud800"

words = st.text(alphabet="abcdefgh ijk,.!?\n", min_size=1, max_size=12)
hostile_text = st.text(
    alphabet=st.sampled_from(HOSTILE_CHARS) | st.characters(codec="utf-8"), max_size=12
) | st.text(max_size=8)
numbers = st.one_of(
    st.integers(-5, 200).map(str),
    st.integers(-(10**40), 10**40).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: f"{f:.3f}"),
    st.sampled_from(("0", "-0", "1.5", "007", "9" * 40, "1." + "9" * 40)),
)


def quoted(text: str) -> str:
    """A template string literal holding *text*."""
    q = "'" if "'" not in text or '"' in text else '"'
    return q + text.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", " ") + q


strings = st.one_of(words, hostile_text).map(quoted)
literals = strings | numbers

PATTERNS = ("short", "medium", "long", "full", "yyyy-MM-dd", "EEEE d MMMM", "h:mm a", "a", "QQQ")
FILTER_ARGS: dict[str, st.SearchStrategy[str]] = {
    "default": strings | numbers,
    "date": st.sampled_from(PATTERNS).map(quoted),
    "time": st.sampled_from(PATTERNS).map(quoted),
    "datetime": st.sampled_from(("short", "medium", "long", "full")).map(quoted),
    "relative": st.sampled_from(
        ("year", "month", "week", "day", "hour", "minute", "second", "fortnight")
    ).map(lambda g: f"granularity={quoted(g)}"),
    "currency": st.sampled_from(("EUR", "USD", "JPY", "BHD", "XXX", "eur", "")).map(quoted),
    "list": st.sampled_from(("standard", "or", "unit", "unit-narrow", "bogus")).map(quoted),
    "plural": st.lists(
        st.sampled_from(("zero", "one", "two", "few", "many", "other")), min_size=1, max_size=3
    ).map(lambda cats: ", ".join(f"{c}='# {c}'" for c in dict.fromkeys([*cats, "other"]))),
    "name": st.sampled_from(("auto", "formal", "informal", "full", "given", "family")).map(quoted),
    "truncate": st.one_of(
        st.integers(1, 40).map(str), st.integers(1, 9).map(lambda n: f"{n}, end={quoted('…')}")
    ),
}
FILTER_NAMES = (*FILTER_ARGS, "number", "percent", "upper", "lower", "capitalize")


@st.composite
def paths(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ("fact", "fact", "fact", "contact", "extra", "register", "disclosure", "bad")
        )
    )
    if kind == "fact":
        path = "facts." + draw(st.sampled_from(fact_paths()))
        if draw(st.integers(0, 5)) == 0:
            path += "." + draw(st.from_regex(r"\A[a-z_0-9]{1,6}\Z"))
    elif kind == "contact":
        path = draw(st.sampled_from(CONTACT_PATHS))
    elif kind == "extra":
        path = "extra." + draw(st.sampled_from((*EXTRA, "missing")))
    elif kind == "disclosure":
        path = draw(st.sampled_from(DISCLOSURES))
    elif kind == "register":
        path = draw(st.sampled_from(("register.formal", "register.informal")))
    else:
        path = draw(st.sampled_from(("contact.email", "facts", "extra.a.b", "x.y", "facts.A")))
    if draw(st.integers(0, 9)) == 0:
        path = path.replace(".", " . ")
    return path


@st.composite
def filters(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(FILTER_NAMES))
    mode = draw(st.integers(0, 9))
    if mode == 0:  # any arguments, right or wrong
        args = draw(st.lists(literals, max_size=3))
        return f"{name}: {', '.join(args)}" if args else f"{name}:"
    if name in FILTER_ARGS and (mode > 3 or name in ("default", "plural", "truncate")):
        return f"{name}: {draw(FILTER_ARGS[name])}"
    return name


@st.composite
def outputs(draw: st.DrawFn) -> str:
    chain = draw(st.lists(filters(), max_size=3))
    left = draw(st.sampled_from(("{{ ", "{{", "{{- ")))
    right = draw(st.sampled_from((" }}", "}}", " -}}")))
    return left + draw(paths()) + "".join(f" | {f}" for f in chain) + right


@st.composite
def conditions(draw: st.DrawFn) -> str:
    tests = draw(st.lists(st.tuples(st.booleans(), paths()), min_size=1, max_size=3))
    out = []
    for i, (negated, path) in enumerate(tests):
        if i:
            out.append(draw(st.sampled_from(("and", "or"))))
        out.append(("not " if negated else "") + path)
    return " ".join(out)


def tag(body: str, draw: st.DrawFn) -> str:
    return draw(st.sampled_from(("{% ", "{%- "))) + body + draw(st.sampled_from((" %}", " -%}")))


def bodies(depth: int) -> st.SearchStrategy[str]:
    leaves = st.one_of(
        words,
        words,
        outputs(),
        outputs(),
        hostile_text.map(lambda t: "{% raw %}" + t.replace("endraw", "") + "{% endraw %}"),
        words.map(lambda t: "{# " + t + " #}"),
        st.just("\n"),
    )
    if depth == 0:
        return st.lists(leaves, max_size=4).map("".join)

    @st.composite
    def block(draw: st.DrawFn) -> str:
        if draw(st.booleans()):
            out = [tag(f"if {draw(conditions())}", draw), draw(bodies(depth - 1))]
            for _ in range(draw(st.integers(0, 2))):
                out += [tag(f"elif {draw(conditions())}", draw), draw(bodies(depth - 1))]
            if draw(st.booleans()):
                out += [tag("else", draw), draw(bodies(depth - 1))]
            out.append(tag("endif", draw))
        else:
            level = draw(st.sampled_from((*LEVELS, "PERSONAL", "secret")))
            out = [tag(f"level {level}", draw), draw(bodies(depth - 1))]
            if draw(st.booleans()):
                out += [tag("else", draw), draw(bodies(depth - 1))]
            out.append(tag("endlevel", draw))
        return "".join(out)

    return st.lists(leaves | block(), max_size=4).map("".join)


FRAGMENTS = (
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{% endif %}",
    "{% else %}",
    "{% endlevel %}",
    "{% raw %}",
    "{% endraw %}",
    "{% elif %}",
    "{% for x in y %}",
    "{{ }}",
    "{{ facts. }}",
    "{{ facts.a | }}",
    "{{ facts.a | nope }}",
    "{{ 'x' }}",
    "\x00",
    "\ud800",
    "\u202e",
)


@st.composite
def mutations(draw: st.DrawFn, source: str) -> str:
    """*source* with one hostile change."""
    at = draw(st.integers(0, len(source)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        insert = draw(st.sampled_from(FRAGMENTS))
    elif kind == 1:
        end = draw(st.integers(at, len(source)))
        return source[:at] + source[end:]
    elif kind == 2:
        end = draw(st.integers(at, min(len(source), at + 50)))
        return source[:end] + source[at:]
    elif kind == 3:  # a huge path, sometimes spaced
        n = draw(st.sampled_from((50, 1000, 20_000)))
        sep = draw(st.sampled_from((".a", ".a1", " . b", ".0")))
        insert = "{{ facts" + sep * n + draw(st.sampled_from((" }}", " | default: 'd' }}")))
    elif kind == 4:  # a huge literal
        n = draw(st.sampled_from((40, 5000, 50_000)))
        insert = draw(
            st.sampled_from(
                (
                    "{{ facts.a | truncate: " + "9" * n + " }}",
                    "{{ facts.a | default: 1." + "5" * n + " }}",
                    "{{ facts.a | default: '" + "x" * n + "' }}",
                    "{{ facts.a | default: '" + "\\'" * (n // 2) + "' }}",
                )
            )
        )
    elif kind == 5:  # deep nesting, past the limit or not
        n = draw(st.integers(10, 40))
        opener = draw(st.sampled_from(("{% if facts.a %}", "{% level personal %}")))
        closer = "{% endif %}" if "if" in opener else "{% endlevel %}"
        insert = opener * n + "x" + closer * draw(st.integers(n - 2, n))
    elif kind == 6:  # many filters, or many arguments
        insert = draw(
            st.sampled_from(
                (
                    "{{ facts.a | default: 'x'" + " | upper" * draw(st.integers(20, 60)) + " }}",
                    "{{ facts.a | plural: "
                    + ", ".join(f"a{i}='#'" for i in range(draw(st.integers(1, 3000))))
                    + " }}",
                    "{{ facts.a | truncate: " + "1, " * draw(st.integers(1, 3000)) + "1 }}",
                )
            )
        )
    elif kind == 7:  # many blocks
        insert = "{% level personal %}{{ extra.x }}{% else %}y{% endlevel %}" * draw(
            st.integers(100, 1000)
        )
    else:
        insert = draw(hostile_text)
    return source[:at] + insert + source[at:]


@st.composite
def sources(draw: st.DrawFn) -> str:
    source = draw(bodies(draw(st.integers(0, 3))))
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 1, 2)))):
        source = draw(mutations(source))
    return source


# -- running a case --------------------------------------------------------------------------


def _messages(error: BaseException) -> Iterator[str]:
    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        yield str(e)
        yield repr(e)
        e = e.__cause__ or e.__context__


def _render(
    source: str, subject: str | None, html: bool, locale: str | None, case: Case
) -> tuple[pt.Template | None, list[str]]:
    """
    Parse and render *source* (the first render compiles it): the template and the texts.
    """
    try:
        t = pt.Template(source, subject=subject, html=html, name="fuzz")
    except PersonalTouchError as e:
        return None, list(_messages(e))
    try:
        r = t.render(case.contact, case.decision, locale=locale, extra=EXTRA, sender=SENDER)
    except PersonalTouchError as e:
        return t, list(_messages(e))
    return t, [r.text, r.subject or "", repr(r), *(f.describe() for f in r.fallbacks)]


@functools.cache
def _warm(locale: str) -> None:
    """
    Load *locale*'s babel data once (a cost of the process, not of any template).
    """
    every = " ".join(f"{{{{ extra.n | {f} | default: 'x' }}}}" for f in FILTER_NAMES)
    for case in cases():
        _render(every, "s", False, locale, case)


def check(
    source: str, subject: str | None, html: bool, locale: str | None, case: Case
) -> list[str]:
    """
    Parse and render *source* timed (CPU time) and again traced (memory); then analyse and
    lint it; assert the limits.

    Anything but a :class:`PersonalTouchError` propagates and fails the test.
    """
    _warm(locale or case.contact.locale)
    # Collections of the whole test process's heap are not the template's work.
    gc.disable()
    try:
        start = time.thread_time()
        template, out = _render(source, subject, html, locale, case)
        took = time.thread_time() - start
    finally:
        gc.enable()
    budget = MAX_SECONDS + MAX_SECONDS_PER_CHARACTER * len(source)
    assert took < budget, f"{took * 1000:.0f} ms for {len(source)} characters"
    if len(source) > 1000 or hash(source) % 8 == 0:
        tracemalloc.start()
        try:
            _render(source, subject, html, locale, case)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < MAX_BYTES, f"{peak / 1e6:.0f} MB for {len(source)} characters"
    if template is not None:
        template.requirements()
        pt.lint(template)
        try:
            pt.message_for(template, purpose="relationship", channel="email", contact=case.contact)
        except PersonalTouchError as e:
            out += _messages(e)
    return out


case_indices = st.integers(0, 10**6)
locales = st.one_of(
    st.none(), st.none(), st.sampled_from(("de_CH", "fr", "ja", "ar_EG", "xx", "de-DE", ""))
)


@fuzz_settings
@given(
    source=sources(),
    subject=st.none() | bodies(1),
    html=st.booleans(),
    locale=locales,
    pick=case_indices,
    data=st.data(),
)
def test_templates_raise_only_typed_errors_within_limits_and_leak_no_canary(  # noqa: PLR0917
    source: str, subject: str | None, html: bool, locale: str | None, pick: int, data: Any
) -> None:
    # Two thirds of the cases use facts the decision approved, as real templates do.
    pool = cases() if pick % 3 == 0 else usable_cases()
    case = pool[pick % len(pool)]
    if pick % 3:
        usable = sorted(
            p for p in fact_paths() if any(_covers(u, p) for u in case.decision.usable_facts)
        )
        reads = data.draw(st.lists(st.sampled_from(usable), max_size=3))
        source = "".join(f"{{{{ facts.{p} | default: '-' }}}} " for p in reads) + source
    out = check(source, subject, html, locale, case)
    for text in out:
        for canary in (*case.strict, *case.bound):
            assert canary not in text, "a fact the decision did not approve was said"


@settings(fuzz_settings, max_examples=max(TEMPLATE_CASES // 10, 100))
@given(pick=case_indices, data=st.data())
def test_templates_say_only_the_facts_the_decision_approved(pick: int, data: st.DataObject) -> None:
    bound = [c for c in cases() if c.bound]
    case = bound[pick % len(bound)]
    path = data.draw(st.sampled_from(fact_paths()))
    source = f"{{{{ facts.{path} | default: 'd' }}}} " + data.draw(sources())
    for text in check(source, None, False, None, case):
        for canary in (*case.strict, *case.bound):
            assert canary not in text, "a fact the decision did not approve was said"


# -- JSON input paths ------------------------------------------------------------------------

JSON_ATOMS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        (
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "2026-13-40",
            "marketing.emial",
            "jane.doe@example.com",
            "\x00",
            "NaN",
            "Infinity",
            "1e400",
        )
    ),
)
json_values = st.recursive(
    JSON_ATOMS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _locations(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _locations(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _locations(v, (*path, i))


@functools.cache
def _sample_doc() -> dict[str, Any]:
    doc = sample_json()
    doc["contacts"] = doc["contacts"][:2]
    doc["consents"] = doc["consents"][:3]
    doc["history"] = doc["history"][:3]
    return doc


@functools.cache
def _doc_locations() -> tuple[tuple[Any, ...], ...]:
    return tuple(p for p in _locations(_sample_doc()) if p)


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(_sample_doc())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_doc_locations()))
        parent: Any = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.integers(0, 3))
            if action == 0:
                parent[path[-1]] = draw(json_values)
            elif action == 1 and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif action == 2 and isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = draw(json_values)
            else:
                nested: Any = draw(json_values)
                for _ in range(draw(st.sampled_from((1, 50, 3000)))):
                    nested = [nested]
                parent[path[-1]] = nested
        except (KeyError, IndexError, TypeError):
            continue
    return doc


@json_settings
@given(doc=mutated_documents())
def test_json_documents_raise_only_typed_errors(doc: Any) -> None:
    try:
        _converter().structure(doc, SampleFile)
    except PersonalTouchError as e:
        for text in _messages(e):
            assert "jane.doe@example.com" not in text


@functools.cache
def _converter() -> Any:
    return make_converter()


def _structure(kind: type[Any]) -> Callable[[Any], Any]:
    return lambda doc: _converter().structure(doc, kind)


@json_settings
@given(
    kind=st.sampled_from((pt.Contact, pt.Message, pt.ConsentGrant)),
    doc=json_values,
)
def test_any_json_value_structures_or_fails_typed(kind: type[Any], doc: Any) -> None:
    with contextlib.suppress(PersonalTouchError):
        _structure(kind)(doc)


def test_the_fuzzer_has_cases_with_canaries() -> None:
    # Guard against a fuzzer that checks nothing: some decisions leave canaries out.
    assert any(c.strict for c in cases())
    assert len(json.dumps(_sample_doc())) > 100
    assert any(
        "expected a variable" in text for text in check("{% if %}", None, False, None, cases()[0])
    )
