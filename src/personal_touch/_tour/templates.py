"""
The tour's "what we would say" section.

One check-in message rendered for every sample contact, showing the level asked for, granted
and used, and every fallback taken.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from .._channels import Channel
from .._decision import Decision, Verdict
from .._message import FIRST_PARTY, Message, MessagePurpose
from .._policy._engine import decide
from .._sender import SenderProfile
from .._templates import message_for
from .._templates._catalog import TemplateCatalog
from .._templates._template import Template

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact
    from ..testing import SampleData

__all__ = ["DEMO_CATALOG", "DEMO_SENDER", "render_section"]

_PHRASES = {
    "en": {
        "hi": "Hi",
        "there": "there",
        "trip": "Hope the trip to {dest} on {date} goes well!",
        "match": "Good luck to {team} {when}!",
        "band": "We hope {band} plays near you soon.",
        "thanks": "Thanks for being with us.",
        "enjoy": "We hope you enjoy your {item}.",
        "week": "Have a great week!",
    },
    "de": {
        "hi": "Hallo",
        "there": "zusammen",
        "trip": "Gute Reise nach {dest} am {date}!",
        "match": "Viel Glück für {team} {when}!",
        "band": "Wir hoffen, {band} spielt bald in Ihrer Nähe.",
        "thanks": "Danke, dass Sie bei uns sind.",
        "enjoy": "Viel Freude mit Ihrem Kauf: {item}.",
        "week": "Eine schöne Woche!",
    },
    "fr": {
        "hi": "Bonjour",
        "there": "à vous",
        "trip": "Bon voyage à {dest} le {date} !",
        "match": "Bonne chance à {team} {when} !",
        "band": "Nous espérons que {band} jouera bientôt près de chez vous.",
        "thanks": "Merci d'être avec nous.",
        "enjoy": "Profitez bien de votre achat : {item}.",
        "week": "Bonne semaine !",
    },
    "es": {
        "hi": "Hola",
        "there": "",
        "trip": "¡Buen viaje a {dest} el {date}!",
        "match": "¡Suerte a {team} {when}!",
        "band": "Esperamos que {band} toque pronto cerca de usted.",
        "thanks": "Gracias por estar con nosotros.",
        "enjoy": "Esperamos que disfrute su compra: {item}.",
        "week": "¡Que tenga una buena semana!",
    },
    "pt": {
        "hi": "Olá",
        "there": "",
        "trip": "Boa viagem para {dest} em {date}!",
        "match": "Boa sorte ao {team} {when}!",
        "band": "Esperamos que {band} toque perto de você em breve.",
        "thanks": "Obrigado por estar conosco.",
        "enjoy": "Esperamos que aproveite sua compra: {item}.",
        "week": "Tenha uma ótima semana!",
    },
}

_TRIP = "facts.travel.next_trip"
_MATCH = "facts.interests.sports.next_match"
_BAND = "facts.interests.music.favorite_band"
_ITEM = "facts.purchases.last.item"


def _source(p: dict[str, str]) -> str:
    trip = p["trip"].format(
        dest="{{ " + _TRIP + ".destination }}", date="{{ " + _TRIP + '.departs | date: "long" }}'
    )
    match = p["match"].format(
        team="{{ " + _MATCH + ".team }}",
        when="{{ " + _MATCH + '.kickoff | relative: granularity="hour" }}',
    )
    band = p["band"].format(band="{{ " + _BAND + " }}")
    enjoy = p["enjoy"].format(item="{{ " + _ITEM + " }}")
    return (
        f'{p["hi"]} {{{{ contact.name | name | default: "{p["there"]}" }}}},\n'
        "{% level personal %}\n"
        f"{{% if {_TRIP}.destination %}}\n{trip}\n"
        f"{{% elif {_MATCH}.team %}}\n{match}\n"
        f"{{% elif {_BAND} %}}\n{band}\n"
        f"{{% else %}}\n{p['thanks']}\n"
        "{% endif %}\n"
        "{% else %}\n"
        "{% level contextual %}\n"
        f"{{% if {_ITEM} %}}{enjoy}{{% else %}}{p['thanks']}{{% endif %}}\n"
        "{% else %}\n"
        f"{p['week']}\n"
        "{% endlevel %}\n"
        "{% endlevel %}\n"
    )


#: A check-in message in English, German, French, Spanish and Portuguese: a personal line
#: when the decision permits it, a contextual one, or a generic one.
DEMO_CATALOG = TemplateCatalog(
    {lang: Template(_source(p), name=f"check-in.{lang}") for lang, p in _PHRASES.items()},
    default="en",
)

_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.PUSH)

#: The demo's sender: what the disclosures a decision requires are filled from.
DEMO_SENDER = SenderProfile(
    name="Acme",
    postal_address="1 Market Street, Springfield",
    unsubscribe_url="https://acme.example/unsubscribe",
    sms_keyword="STOP",
)


def render_section(sample: SampleData, at: pendulum.DateTime) -> str:
    """
    The tour's section: the check-in message decided on and rendered for each sample contact.
    """
    title = "What we would say"
    lines = [
        title,
        "=" * len(title),
        "One check-in template (en/de/fr/es/pt, chosen by locale) asks for PERSONAL; the policy",
        "decides per contact, and the template renders only what the decision permits.",
    ]
    for contact in sample.contacts:
        lines.append("")
        lines.extend(_contact_lines(sample, contact, at))
    return "\n".join(lines)


def _contact_lines(sample: SampleData, contact: Contact, at: pendulum.DateTime) -> list[str]:
    """
    One contact's lines: the decision, and when allowed the levels, fallbacks and text.
    """
    channel = next((c for c in contact.channels if c in _CHANNELS), None)
    head = f"{contact.id}  {contact.locale:<6} {contact.stage.value:<16}"
    if channel is None:
        return [f"{head} no e-mail, SMS or push address: nothing to render"]
    message = message_for(
        DEMO_CATALOG,
        purpose=MessagePurpose.RELATIONSHIP,
        channel=channel,
        contact=contact,
        content=FIRST_PARTY,
    )
    decision, deferred = _decide(sample, contact, message, at)
    if not decision.is_allowed:
        why = decision.decisive_reason
        because = f": {why.rule}/{why.code}" if why is not None else ""
        lines = [f"{head} {channel.value}: {decision.verdict.value.upper()}{because}"]
        return lines + ([deferred] if deferred else [])
    rendered = DEMO_CATALOG.render(contact, decision, sender=DEMO_SENDER)
    cost = (
        f", SMS {rendered.sms.encoding.value} x{rendered.sms.segments}"
        if rendered.sms is not None
        else ""
    )
    lines = [
        f"{head} {channel.value}: asked {message.level.value}, granted "
        f"{decision.level.value}, used {rendered.level.value}{cost}"
    ]
    if deferred:
        lines.append(deferred)
    if rendered.facts_used:
        lines.append(f"    facts used: {', '.join(rendered.facts_used)}")
    lines.extend(f"    fallback: {f.describe()}" for f in rendered.fallbacks)
    return lines + _quoted(rendered.text)


def _decide(
    sample: SampleData, contact: Contact, message: Message, at: pendulum.DateTime
) -> tuple[Decision, str]:
    """
    The decision at *at*, or when deferred the one at the time it names, with a note saying so.
    """
    consents = sample.ledger_for(contact.id)
    history = sample.history_for(contact.id)
    decision = decide(contact, message, consents=consents, history=history, at=at)
    if decision.verdict is not Verdict.DEFER or decision.not_before is None:
        return decision, ""
    later = decision.not_before
    deferred = f"    deferred to {contact.local(later).format('ddd HH:mm')} local time"
    return decide(contact, message, consents=consents, history=history, at=later), deferred


def _quoted(text: str) -> list[str]:
    """
    The rendered text, wrapped and quoted with ``|``.
    """
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(
            textwrap.wrap(paragraph, width=96, initial_indent="    | ", subsequent_indent="    | ")
            or ["    |"]
        )
    return lines
