"""
Rendering a typical e-mail: personal_touch templates against Jinja2 and hand-written f-strings.

The e-mail has 12 variables, 2 conditionals, a date and an amount formatted for the contact's
locale, HTML-escaped.  The peers render the same text from the same contact:

* ``jinja2``: a compiled Jinja2 template with ``autoescape=True`` and filters calling babel's
  ``format_date``/``format_currency`` with the contact's locale (how Jinja2 users do it);
* ``fstring``: a hand-written function with ``html.escape`` and babel patterns cached per
  locale (the fastest thing a careful person would write, with no permission checks).

personal_touch also checks every value against the decision (level, usable and withheld
facts), records the facts used and fallbacks, and appends the disclosures.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import babel
import babel.dates
import babel.numbers
import jinja2
import pendulum

import personal_touch as pt
from _timing import measure

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


def _inputs() -> tuple[pt.Contact, pt.Decision]:
    contact = pt.Contact(
        id="c-1",
        name=pt.Name("Anna", "Schmidt", honorific="Frau"),
        locale="de_DE",
        timezone="Europe/Berlin",
        created_at=AT,
        stage="customer",
        company="Globex & Söhne",
        facts=[
            pt.Fact(
                key="order",
                value={
                    "number": "A-1042",
                    "total": 1234.5,
                    "placed": "2026-11-20",
                    "city": "München",
                    "carrier": "DHL <Express>",
                },
                provenance="observed",
                recorded_at=AT,
            ),
            pt.Fact(
                key="loyalty",
                value={"tier": "Gold", "points": 320},
                provenance="observed",
                recorded_at=AT,
            ),
        ],
    )
    message = pt.Message(purpose="transactional", channel="email", level="contextual")
    decision = pt.Decision(
        decision_id="d-1",
        contact_id="c-1",
        message=message,
        at=AT,
        verdict="allow",
        level="contextual",
        usable_facts=["order", "loyalty"],
        disclosures=[pt.Disclosure("automated_message")],
    )
    return contact, decision


def _jinja(contact: pt.Contact) -> object:
    env = jinja2.Environment(autoescape=True)
    env.filters["currency"] = lambda v, code: babel.numbers.format_currency(
        v, code, locale=contact.locale
    )
    env.filters["date"] = lambda v, fmt: babel.dates.format_date(
        dt.date.fromisoformat(v) if isinstance(v, str) else v, fmt, locale=contact.locale
    )
    return env.from_string(JINJA_SOURCE)


def _fstring(contact: pt.Contact) -> object:
    loc = babel.Locale.parse(contact.locale)
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
            f"<p>Als {esc(loyalty['tier'])}-Mitglied erhalten Sie {loyalty['points']} Punkte.</p>\n"
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
            f"{tier}"
            f"<p>Fragen? Schreiben Sie an {esc(extra['support_email'])} oder besuchen Sie "
            f"{esc(extra['help_url'])}.</p>\n"
            f"<p>{esc(extra['sender'])}</p>\n"
        )

    return render


def benchmarks(*, quick: bool) -> Iterable[dict[str, object]]:
    """
    Renders per second of the typical e-mail, against Jinja2 and against f-strings.
    """
    contact, decision = _inputs()
    template = pt.Template(SOURCE, html=True, name="order-email")
    template.prepare(contact.locale)
    jinja_template = _jinja(contact)
    fstring = _fstring(contact)

    def ours() -> object:
        return template.render(contact, decision, extra=EXTRA)

    def theirs() -> object:
        facts = {f.key: f.value for f in contact.facts}
        return jinja_template.render(contact=contact, facts=facts, extra=EXTRA)  # type: ignore[attr-defined]

    def hand() -> object:
        return fstring(contact, EXTRA)  # type: ignore[operator]

    # Same text (ours adds the disclosure footer after the body).
    body = ours().text.split('\n<footer class="pt-disclosures">')[0]  # type: ignore[attr-defined]
    assert body.strip() == str(theirs()).strip(), (body, theirs())
    assert body.strip() == str(hand()).strip()

    min_time = 0.05 if quick else 0.3
    repeat = 3 if quick else 7
    ops = measure(ours, min_time=min_time, repeat=repeat)
    jinja_ops = measure(theirs, min_time=min_time, repeat=repeat)
    fstring_ops = measure(hand, min_time=min_time, repeat=repeat)
    yield {
        "name": "render_email_vs_jinja2",
        "ops_per_s": ops,
        "peer": "jinja2 (autoescape, babel filters)",
        "peer_ops_per_s": jinja_ops,
        "ratio": ops / jinja_ops,
        "variables": 12,
        "conditionals": 2,
        "goal_ratio": 1.5,
    }
    yield {
        "name": "render_email_vs_fstring",
        "ops_per_s": ops,
        "peer": "f-strings (html.escape, cached babel patterns, no permission checks)",
        "peer_ops_per_s": fstring_ops,
        "ratio": ops / fstring_ops,
    }
