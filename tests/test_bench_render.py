"""
The render benchmark's peers say exactly what our template says, for every kind of contact.
"""

from __future__ import annotations

import html
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import personal_touch as pt

pytest.importorskip("jinja2")

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
FOOTER = '\n<footer class="pt-disclosures">'


def _bench() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("bench_render", BENCHMARKS / "bench_render.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestPeersAreHonest:
    def test_same_text_as_ours(self) -> None:
        """F-strings give our body character for character; Jinja2 the same once unescaped."""
        bench = _bench()
        template = pt.Template(bench.SOURCE, html=True)
        fstring = bench._fstring("de_DE")
        jinja = bench._jinja("de_DE")
        for i in range(60):  # every combination of missing name, company, tier and loyalty
            contact = bench._contact(i)
            ours = template.render(contact, bench._decide(contact), extra=bench.EXTRA).text
            body = ours.split(FOOTER)[0].strip()
            assert body == fstring(contact, bench.EXTRA).strip()
            facts = {f.key: f.value for f in contact.facts}
            theirs = jinja.render(contact=contact, facts=facts, extra=bench.EXTRA)
            assert html.unescape(body) == html.unescape(theirs.strip())

    def test_a_missing_paragraph_keeps_its_line(self) -> None:
        """Without a loyalty tier, every side leaves the same empty line, none drops it."""
        bench = _bench()
        contact = bench._contact(4)  # i % 4 == 0: no loyalty fact at all
        assert all(f.key != "loyalty" for f in contact.facts)
        ours = pt.Template(bench.SOURCE, html=True).render(
            contact, bench._decide(contact), extra=bench.EXTRA
        )
        body = ours.text.split(FOOTER)[0]
        assert "</p>\n\n<p>Fragen?" in body
        assert body.strip() == bench._fstring("de_DE")(contact, bench.EXTRA).strip()
