"""
Rendering a typical e-mail: personal_touch templates against Jinja2 and hand-written f-strings.

The e-mail has 12 variables, 2 conditionals, a date and an amount formatted for the contact's
locale, HTML-escaped.  It goes to distinct contacts (freshly structured each round; some without
a given name, a company, a loyalty fact or its tier; values with ``<``, ``&`` and quotes), each
rendered once with its own decision (decided before the clock starts).  The peers render the
same text from the same contacts, checked equal for every contact:

* ``jinja2``: a compiled Jinja2 template with ``autoescape=True``, ``ChainableUndefined`` for
  the optional facts, and filters calling babel's ``format_date``/``format_currency`` with the
  contact's locale (how Jinja2 users do it);
* ``fstring``: a hand-written function with ``html.escape`` and babel patterns cached per
  locale (the fastest thing a careful person would write, with no permission checks).

personal_touch also checks every value against the decision (level, usable and withheld
facts), records the facts used and fallbacks, and appends the disclosures.  Engines run in
interleaved rounds with the GC on for all; ratios are medians of per-round ratios.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterable

import babel
import babel.dates
import babel.numbers
import jinja2
import pendulum

import personal_touch as pt
from _timing import interleave
from personal_touch import converters

AT = pendulum.datetime(2026, 11, 25, 9, tz="UTC")

SOURCE = """\
<p>{% if contact.name.given %}Hallo {{ contact.name.given }},{% else %}Hallo,{% endif %}</p>
<p>danke für Ihre Bestellung {{ facts.order.number }} für {{ contact.company | default: "Ihr Team" }}.</p>
<p>Summe: {{ facts.order.total | currency: "EUR" }}, bestellt am {{ facts.order.placed | date: "long" }}.</p>
<p>Versand nach {{ facts.order.city }} mit {{ facts.order.carrier }}.</p>
{% if facts.loyalty.tier %}<p>Als {{ facts.loyalty.tier }}-Mitglied erhalten Sie {{ facts.loyalty.points }} Punkte.</p>{% endif %}
<p>Fragen? Schreiben Sie an {{ extra.support_email }} oder besuchen Sie {{ extra.help_url }}.</p>
<p>{{ extra.sender }}</p>
"""

JINJA_SOURCE = """\
<p>{% if contact.name.given %}Hallo {{ contact.name.given }},{% else %}Hallo,{% endif %}</p>
<p>danke für Ihre Bestellung {{ facts.order.number }} für {{ contact.company or "Ihr Team" }}.</p>
<p>Summe: {{ facts.order.total | currency("EUR") }}, bestellt am {{ facts.order.placed | date("long") }}.</p>
<p>Versand nach {{ facts.order.city }} mit {{ facts.order.carrier }}.</p>
{% if facts.loyalty.tier %}<p>Als {{ facts.loyalty.tier }}-Mitglied erhalten Sie {{ facts.loyalty.points }} Punkte.</p>{% endif %}
<p>Fragen? Schreiben Sie an {{ extra.support_email }} oder besuchen Sie {{ extra.help_url }}.</p>
<p>{{ extra.sender }}</p>
"""

EXTRA = {
    "support_email": "hilfe@example.com",
    "help_url": "https://example.com/hilfe?a=1&b=2",
    "sender": "Ihr Team von Acme <Kundenservice>",
}


MESSAGE = pt.Message(
    purpose="transactional",
    channel="email",
    level="contextual",
    content_facts=["order", "loyalty"],
    content=pt.ContentFlags.declared(),
)
GIVEN = ["Anna", "Jörg", "Zoë", "O'Brien & Co", None]
COMPANIES = ["Globex & Söhne", "Initech <GmbH>", None]
CITIES = ["München", "Köln", 'Straße "Ost"']
TIERS = ["Gold", "Silber", "<b>Platin</b>"]


def _contact(i: int) -> pt.Contact:
    """Contact *i*: its own name, company, order and loyalty (sometimes missing)."""
    facts = [
        pt.Fact(
            key="order",
            value={
                "number": f"A-{1000 + i}",
                "total": 10 + (i * 37 % 5000) / 4,
                "placed": (dt.date(2026, 11, 20) - dt.timedelta(days=i % 300)).isoformat(),
                "city": CITIES[i % len(CITIES)],
                "carrier": "DHL <Express>" if i % 2 else "UPS",
            },
            provenance="observed",
            recorded_at=AT,
        )
    ]
    if i % 4:
        loyalty = {"tier": TIERS[i % 3], "points": i % 900} if i % 4 != 1 else {"points": 5}
        facts.append(pt.Fact(key="loyalty", value=loyalty, provenance="observed", recorded_at=AT))
    given = GIVEN[i % len(GIVEN)]
    return pt.Contact(
        id=f"c-{i}",
        name=pt.Name(given, "Schmidt") if given else pt.Name(None, "Schmidt", honorific="Frau"),
        locale="de_DE",
        timezone="Europe/Berlin",
        created_at=AT,
        stage="customer",
        company=COMPANIES[i % len(COMPANIES)],
        facts=facts,
    )


def _decide(contact: pt.Contact) -> pt.Decision:
    grant = pt.ConsentGrant(
        id="p",
        contact_id=contact.id,
        purpose="personalization.profile",
        granted_at=AT.subtract(days=10),
    )
    return pt.decide(contact, MESSAGE, consents=[grant], at=AT)


def _jinja(locale: str) -> object:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
    env.filters["currency"] = lambda v, code: babel.numbers.format_currency(v, code, locale=locale)
    env.filters["date"] = lambda v, fmt: babel.dates.format_date(
        dt.date.fromisoformat(v) if isinstance(v, str) else v, fmt, locale=locale
    )
    return env.from_string(JINJA_SOURCE)


def _fstring(locale: str) -> object:
    loc = babel.Locale.parse(locale)
    currency = loc.currency_formats["standard"]
    long_date = loc.date_formats["long"]
    esc = html.escape

    def render(contact: pt.Contact, extra: dict[str, str]) -> str:
        facts = {f.key: f.value for f in contact.facts}
        order, loyalty = facts["order"], facts.get("loyalty")
        given = contact.name.given
        hello = f"Hallo {esc(given)}," if given else "Hallo,"
        placed = dt.date.fromisoformat(order["placed"])
        tier = (
            f"<p>Als {esc(loyalty['tier'])}-Mitglied erhalten Sie {loyalty['points']} Punkte.</p>"
            if loyalty and loyalty.get("tier")
            else ""
        )
        return (
            f"<p>{hello}</p>\n"
            f"<p>danke für Ihre Bestellung {esc(order['number'])} für "
            f"{esc(contact.company or 'Ihr Team')}.</p>\n"
            f"<p>Summe: {esc(currency.apply(order['total'], loc, currency='EUR'))}, bestellt am "
            f"{esc(long_date.apply(placed, loc))}.</p>\n"
            f"<p>Versand nach {esc(order['city'])} mit {esc(order['carrier'])}.</p>\n"
            f"{tier}\n"  # the template keeps the line break when the paragraph is left out
            f"<p>Fragen? Schreiben Sie an {esc(extra['support_email'])} oder besuchen Sie "
            f"{esc(extra['help_url'])}.</p>\n"
            f"<p>{esc(extra['sender'])}</p>\n"
        )

    return render


def benchmarks(*, quick: bool) -> Iterable[dict[str, object]]:
    """
    Renders per second of the typical e-mail, for distinct contacts, against Jinja2 and
    f-strings.
    """
    n = 2_000 if quick else 10_000
    rounds = 7 if quick else 11
    docs = json.dumps(converters.unstructure_many([_contact(i) for i in range(n)], pt.Contact))
    template = pt.Template(SOURCE, html=True, name="order-email")
    template.prepare("de_DE")
    jinja_template = _jinja("de_DE")
    fstring = _fstring("de_DE")

    def fresh() -> list[pt.Contact]:
        return converters.structure_many(json.loads(docs), pt.Contact)

    def ours() -> Callable[[], object]:
        items = [(c, _decide(c)) for c in fresh()]
        return lambda: [template.render(c, d, extra=EXTRA).text for c, d in items]

    def theirs() -> Callable[[], object]:
        contacts = fresh()

        def run() -> list[str]:
            out = []
            for c in contacts:
                facts = {f.key: f.value for f in c.facts}
                out.append(jinja_template.render(contact=c, facts=facts, extra=EXTRA))  # type: ignore[attr-defined]
            return out

        return run

    def hand() -> Callable[[], object]:
        contacts = fresh()
        return lambda: [fstring(c, EXTRA) for c in contacts]  # type: ignore[operator]

    timed = interleave({"ours": ours, "jinja2": theirs, "fstring": hand}, rounds=rounds)
    # Same text (ours adds the disclosure footer after the body).
    footer = '\n<footer class="pt-disclosures">'
    # The f-strings escape as we do (html.escape): compared exactly, character for character.
    # Jinja2 writes &#34; where html.escape writes &quot;: compared unescaped (every side
    # escapes; the contacts carry <, >, & and quotes).
    exact = [text.split(footer)[0].strip() for text in timed.results["ours"]]  # type: ignore[attr-defined]
    for peer, same in (("fstring", str), ("jinja2", html.unescape)):
        bodies = [same(text) for text in exact]
        got = [same(str(text).strip()) for text in timed.results[peer]]  # type: ignore[attr-defined]
        bad = [i for i in range(n) if bodies[i] != got[i]]
        assert not bad, (peer, len(bad), bodies[bad[0]], got[bad[0]])
    common = {"contacts": n, "variables": 12, "conditionals": 2}
    yield {
        "name": "render e-mail, distinct contacts, vs jinja2",
        "peer": "jinja2 (autoescape, babel filters)",
        **timed.record("ours", "jinja2", n),
        **common,
    }
    yield {
        "name": "render e-mail, distinct contacts, vs f-strings",
        "peer": "f-strings (html.escape, cached babel patterns, no permission checks)",
        **timed.record("ours", "fstring", n),
        **common,
    }
