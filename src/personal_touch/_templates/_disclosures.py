"""
Disclosure texts for every :class:`~personal_touch.values.DisclosureCode`, and how they are appended.

Texts exist in English, German, French, Spanish and Portuguese.

Each code has a long form (e-mail footers, letters) and a short form (SMS, push), in variants
by the parameters they use; the first variant whose parameters the decision supplied is
chosen.  A language without texts falls back to English.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from .._channels import Channel
from .._decision import Disclosure, DisclosureCode
from ._formats import formats_for

if TYPE_CHECKING:
    from .._sender import SenderProfile

#: ``TEXTS[code][language][form]`` is a tuple of ``(params, text)`` variants.
Variants = tuple[tuple[tuple[str, ...], str], ...]

TEXTS: dict[DisclosureCode, dict[str, dict[str, Variants]]] = {
    DisclosureCode.AUTOMATED_MESSAGE: {
        "en": {
            "long": (((), "This message was sent automatically."),),
            "short": (((), "Automated message."),),
        },
        "de": {
            "long": (((), "Diese Nachricht wurde automatisch versendet."),),
            "short": (((), "Automatische Nachricht."),),
        },
        "fr": {
            "long": (((), "Ce message a été envoyé automatiquement."),),
            "short": (((), "Message automatique."),),
        },
        "es": {
            "long": (((), "Este mensaje se envió automáticamente."),),
            "short": (((), "Mensaje automático."),),
        },
        "pt": {
            "long": (((), "Esta mensagem foi enviada automaticamente."),),
            "short": (((), "Mensagem automática."),),
        },
    },
    DisclosureCode.FACT_SOURCE: {
        "en": {
            "long": (
                (
                    ("topic", "date"),
                    "You are receiving this because you told us about {topic} on {date}.",
                ),
                (("topic",), "You are receiving this because you told us about {topic}."),
                ((), "You are receiving this because of something you told us."),
            ),
            "short": (
                (("topic",), "You told us about {topic}."),
                ((), "Based on what you told us."),
            ),
        },
        "de": {
            "long": (
                (
                    ("topic", "date"),
                    "Sie erhalten diese Nachricht, weil Sie uns am {date} von {topic} erzählt haben.",
                ),
                (
                    ("topic",),
                    "Sie erhalten diese Nachricht, weil Sie uns von {topic} erzählt haben.",
                ),
                (
                    (),
                    "Sie erhalten diese Nachricht aufgrund von Angaben, die Sie uns gemacht haben.",
                ),
            ),
            "short": (
                (("topic",), "Sie erzählten uns von {topic}."),
                ((), "Auf Grundlage Ihrer Angaben."),
            ),
        },
        "fr": {
            "long": (
                (
                    ("topic", "date"),
                    "Vous recevez ce message parce que vous nous avez parlé de {topic} le {date}.",
                ),
                (("topic",), "Vous recevez ce message parce que vous nous avez parlé de {topic}."),
                (
                    (),
                    "Vous recevez ce message en raison d'informations que vous nous avez données.",
                ),
            ),
            "short": (
                (("topic",), "Vous nous avez parlé de {topic}."),
                ((), "Selon ce que vous nous avez dit."),
            ),
        },
        "es": {
            "long": (
                (("topic", "date"), "Recibe este mensaje porque nos habló de {topic} el {date}."),
                (("topic",), "Recibe este mensaje porque nos habló de {topic}."),
                ((), "Recibe este mensaje por información que usted nos dio."),
            ),
            "short": (
                (("topic",), "Nos habló de {topic}."),
                ((), "Según lo que nos contó."),
            ),
        },
        "pt": {
            "long": (
                (
                    ("topic", "date"),
                    "Você recebe esta mensagem porque nos falou sobre {topic} em {date}.",
                ),
                (("topic",), "Você recebe esta mensagem porque nos falou sobre {topic}."),
                ((), "Você recebe esta mensagem por causa de informações que nos deu."),
            ),
            "short": (
                (("topic",), "Você nos falou sobre {topic}."),
                ((), "Com base no que nos disse."),
            ),
        },
    },
    DisclosureCode.UNSUBSCRIBE: {
        "en": {
            "long": (
                (("url",), "To stop receiving these messages, unsubscribe here: {url}"),
                ((), 'To stop receiving these messages, reply with "unsubscribe".'),
            ),
            "short": (
                (("url",), "Opt out: {url}"),
                (("keyword",), "Reply {keyword} to opt out."),
                ((), "Reply STOP to opt out."),
            ),
        },
        "de": {
            "long": (
                (
                    ("url",),
                    "Wenn Sie diese Nachrichten nicht mehr erhalten möchten, melden Sie sich hier ab: {url}",
                ),
                (
                    (),
                    'Wenn Sie diese Nachrichten nicht mehr erhalten möchten, antworten Sie mit "Abmelden".',
                ),
            ),
            "short": (
                (("url",), "Abmelden: {url}"),
                (("keyword",), "Abmelden: Antwort {keyword}."),
                ((), "Abmelden: Antwort STOP."),
            ),
        },
        "fr": {
            "long": (
                (("url",), "Pour ne plus recevoir ces messages, désabonnez-vous ici : {url}"),
                ((), "Pour ne plus recevoir ces messages, répondez « désabonner »."),
            ),
            "short": (
                (("url",), "Désabonnement : {url}"),
                (("keyword",), "{keyword} pour vous désabonner."),
                ((), "STOP pour vous désabonner."),
            ),
        },
        "es": {
            "long": (
                (
                    ("url",),
                    "Para dejar de recibir estos mensajes, cancele su suscripción aquí: {url}",
                ),
                ((), 'Para dejar de recibir estos mensajes, responda "baja".'),
            ),
            "short": (
                (("url",), "Baja: {url}"),
                (("keyword",), "Responda {keyword} para darse de baja."),
                ((), "Responda STOP para darse de baja."),
            ),
        },
        "pt": {
            "long": (
                (
                    ("url",),
                    "Para deixar de receber estas mensagens, cancele a inscrição aqui: {url}",
                ),
                ((), 'Para deixar de receber estas mensagens, responda "cancelar".'),
            ),
            "short": (
                (("url",), "Cancelar: {url}"),
                (("keyword",), "Responda {keyword} para cancelar."),
                ((), "Responda SAIR para cancelar."),
            ),
        },
    },
    DisclosureCode.SMS_OPT_OUT: {
        "en": {
            "long": ((("keyword",), "Reply {keyword} to opt out."), ((), "Reply STOP to opt out.")),
            "short": (
                (("keyword",), "Reply {keyword} to opt out."),
                ((), "Reply STOP to opt out."),
            ),
        },
        "de": {
            "long": (
                (("keyword",), "Abmelden: Antwort {keyword}."),
                ((), "Abmelden: Antwort STOP."),
            ),
            "short": (
                (("keyword",), "Abmelden: Antwort {keyword}."),
                ((), "Abmelden: Antwort STOP."),
            ),
        },
        "fr": {
            "long": (
                (("keyword",), "Répondez {keyword} pour vous désabonner."),
                ((), "Répondez STOP pour vous désabonner."),
            ),
            "short": (
                (("keyword",), "{keyword} pour vous désabonner."),
                ((), "STOP pour vous désabonner."),
            ),
        },
        "es": {
            "long": (
                (("keyword",), "Responda {keyword} para darse de baja."),
                ((), "Responda STOP para darse de baja."),
            ),
            "short": ((("keyword",), "{keyword} para baja."), ((), "STOP para baja.")),
        },
        "pt": {
            "long": (
                (("keyword",), "Responda {keyword} para cancelar."),
                ((), "Responda SAIR para cancelar."),
            ),
            "short": ((("keyword",), "{keyword} para cancelar."), ((), "SAIR para cancelar.")),
        },
    },
    DisclosureCode.POSTAL_ADDRESS: {
        "en": {
            "long": (
                (("sender", "address"), "{sender}, {address}"),
                (("address",), "Our postal address: {address}"),
            ),
            "short": ((("address",), "{address}"),),
        },
        "de": {
            "long": (
                (("sender", "address"), "{sender}, {address}"),
                (("address",), "Unsere Postanschrift: {address}"),
            ),
            "short": ((("address",), "{address}"),),
        },
        "fr": {
            "long": (
                (("sender", "address"), "{sender}, {address}"),
                (("address",), "Notre adresse postale : {address}"),
            ),
            "short": ((("address",), "{address}"),),
        },
        "es": {
            "long": (
                (("sender", "address"), "{sender}, {address}"),
                (("address",), "Nuestra dirección postal: {address}"),
            ),
            "short": ((("address",), "{address}"),),
        },
        "pt": {
            "long": (
                (("sender", "address"), "{sender}, {address}"),
                (("address",), "Nosso endereço postal: {address}"),
            ),
            "short": ((("address",), "{address}"),),
        },
    },
    DisclosureCode.SENDER_IDENTITY: {
        "en": {
            "long": (
                (("sender", "contact"), "Sent by {sender} ({contact})."),
                (("sender",), "Sent by {sender}."),
            ),
            "short": ((("sender",), "{sender}:"),),
        },
        "de": {
            "long": (
                (("sender", "contact"), "Gesendet von {sender} ({contact})."),
                (("sender",), "Gesendet von {sender}."),
            ),
            "short": ((("sender",), "{sender}:"),),
        },
        "fr": {
            "long": (
                (("sender", "contact"), "Envoyé par {sender} ({contact})."),
                (("sender",), "Envoyé par {sender}."),
            ),
            "short": ((("sender",), "{sender} :"),),
        },
        "es": {
            "long": (
                (("sender", "contact"), "Enviado por {sender} ({contact})."),
                (("sender",), "Enviado por {sender}."),
            ),
            "short": ((("sender",), "{sender}:"),),
        },
        "pt": {
            "long": (
                (("sender", "contact"), "Enviado por {sender} ({contact})."),
                (("sender",), "Enviado por {sender}."),
            ),
            "short": ((("sender",), "{sender}:"),),
        },
    },
    DisclosureCode.AD_IDENTIFICATION: {
        "en": {"long": (((), "This message is an advertisement."),), "short": (((), "Ad."),)},
        "de": {"long": (((), "Diese Nachricht ist Werbung."),), "short": (((), "Werbung."),)},
        "fr": {"long": (((), "Ce message est une publicité."),), "short": (((), "Publicité."),)},
        "es": {"long": (((), "Este mensaje es publicidad."),), "short": (((), "Publicidad."),)},
        "pt": {"long": (((), "Esta mensagem é publicidade."),), "short": (((), "Publicidade."),)},
    },
}

#: Languages with disclosure texts for every code.
LANGUAGES = ("en", "de", "fr", "es", "pt")

SHORT_CHANNELS = frozenset({Channel.SMS, Channel.PUSH})


#: Words for common fact topics (the first segment of a fact key), per language, so that
#: "you told us about travel" reads naturally; other topics are shown as their key.
TOPICS: dict[str, dict[str, str]] = {
    "en": {
        "travel": "your travels",
        "interests": "your interests",
        "purchases": "your purchases",
        "family": "your family",
        "business": "your business",
        "hobbies": "your hobbies",
        "dates": "dates that matter to you",
        "life": "your life events",
        "location": "where you are",
        "inquiries": "your questions",
    },
    "de": {
        "travel": "Ihren Reisen",
        "interests": "Ihren Interessen",
        "purchases": "Ihren Einkäufen",
        "family": "Ihrer Familie",
        "business": "Ihrem Unternehmen",
        "hobbies": "Ihren Hobbys",
        "dates": "Ihren wichtigen Daten",
        "life": "Ereignissen in Ihrem Leben",
        "location": "Ihrem Aufenthaltsort",
        "inquiries": "Ihren Fragen",
    },
    "fr": {
        "travel": "vos voyages",
        "interests": "vos centres d'intérêt",
        "purchases": "vos achats",
        "family": "votre famille",
        "business": "votre entreprise",
        "hobbies": "vos loisirs",
        "dates": "vos dates importantes",
        "life": "des événements de votre vie",
        "location": "l'endroit où vous êtes",
        "inquiries": "vos questions",
    },
    "es": {
        "travel": "sus viajes",
        "interests": "sus intereses",
        "purchases": "sus compras",
        "family": "su familia",
        "business": "su empresa",
        "hobbies": "sus aficiones",
        "dates": "sus fechas importantes",
        "life": "acontecimientos de su vida",
        "location": "dónde está",
        "inquiries": "sus preguntas",
    },
    "pt": {
        "travel": "suas viagens",
        "interests": "seus interesses",
        "purchases": "suas compras",
        "family": "sua família",
        "business": "sua empresa",
        "hobbies": "seus hobbies",
        "dates": "suas datas importantes",
        "life": "acontecimentos da sua vida",
        "location": "onde você está",
        "inquiries": "suas perguntas",
    },
}


def _param_text(name: str, value: str, locale: str) -> str:
    if name == "date":
        try:
            return formats_for(locale).format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if name == "topic":
        words = TOPICS.get(formats_for(locale).language, TOPICS["en"])
        found = words.get(value) or words.get(value.partition(".")[0])
        return found or value.replace("_", " ").replace(".", " ")
    return value


#: Disclosures whose parameter-free texts tell the reader to reply: usable only when the
#: sender honours replies as opt-outs, on a channel one can reply on.
_REPLY_CODES = frozenset({DisclosureCode.UNSUBSCRIBE, DisclosureCode.SMS_OPT_OUT})


def _text(
    code: DisclosureCode,
    params: Mapping[str, str],
    locale: str,
    *,
    short: bool,
    replies: bool,
) -> str | None:
    language = formats_for(locale).language
    by_language = TEXTS[code]
    forms = by_language.get(language) or by_language["en"]
    if "topic" not in params and "key" in params:
        params = {**params, "topic": params["key"]}
    for needs, text in forms["short" if short else "long"]:
        if not needs and not replies and code in _REPLY_CODES:
            continue
        if all(params.get(p) for p in needs):
            return text.format_map({p: _param_text(p, params[p], locale) for p in needs})
    return None


def disclosure_text(disclosure: Disclosure, *, locale: str, short: bool = False) -> str | None:
    """
    The text of *disclosure* in *locale*, falling back to English.

    ``None`` when the decision gave none of the parameters any variant needs (an address
    without one).

    >>> from personal_touch.values import Disclosure, DisclosureCode
    >>> disclosure_text(Disclosure(DisclosureCode.AUTOMATED_MESSAGE), locale="de_AT")
    'Diese Nachricht wurde automatisch versendet.'

    .. versionadded:: 0.1.0
    """
    return _text(disclosure.code, disclosure.params, locale, short=short, replies=True)


@attrs.frozen
class Assembly:
    """
    The disclosure texts a render adds, and the codes it could not supply.
    """

    #: Put before the body (the sender's name on SMS and push: "Northwind: ...").
    prefix: str
    #: Appended to the body.
    footer: str
    #: The disclosures that have a text, in decision order.
    carried: tuple[Disclosure, ...]
    #: The codes no text could be built for (sorted, unique).
    missing: tuple[DisclosureCode, ...]


def _params(sender: SenderProfile | None, channel: Channel) -> tuple[dict[str, str], bool]:
    if sender is None:
        return {}, False
    base = sender.params()
    if channel is not Channel.SMS:
        base.pop("keyword", None)
    return base, sender.honours_replies(channel)


@functools.lru_cache(maxsize=4096)
def texts(
    disclosures: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
) -> tuple[str | None, ...]:
    """
    The text of each of *disclosures* on *channel*, completed from *sender* (cached).

    A decision's own parameters win over the profile's.  Reply-based opt-outs ("reply STOP")
    are offered only when *sender* honours replies on *channel*; ``None`` where no variant
    can be built.
    """
    short = channel in SHORT_CHANNELS
    base, replies = _params(sender, channel)
    out: list[str | None] = []
    for d in disclosures:
        params = {**base, **d.params} if base else d.params
        text = _text(d.code, params, locale, short=short, replies=replies)
        if text is None and d.code is DisclosureCode.SMS_OPT_OUT and params.get("url"):
            # "Reply STOP" cannot be built (no reply on this channel): a link opts out too.
            text = _text(DisclosureCode.UNSUBSCRIBE, params, locale, short=short, replies=False)
        out.append(text)
    return tuple(out)


def disclosure_for(
    code: DisclosureCode,
    required: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
) -> str | None:
    """
    The text ``{{ disclosures.<code> }}`` renders: as the decision requires it, or from *sender*.
    """
    found = next((d for d in required if d.code is code), None)
    return texts((found or Disclosure(code),), sender, locale, channel)[0]


def _contains(body: str, text: str) -> bool:
    """
    Whether *body* says *text* already, starting at a word boundary.
    """
    start = body.find(text)
    while start != -1:
        if start == 0 or not body[start - 1].isalnum():
            return True
        start = body.find(text, start + 1)
    return False


def assemble(
    disclosures: tuple[Disclosure, ...],
    sender: SenderProfile | None,
    locale: str,
    channel: Channel,
    *,
    html_output: bool,
    body: str = "",
) -> Assembly:
    """
    What to add to *body* so that it carries every one of *disclosures*.

    A disclosure whose text *body* already says (a template's ``{{ disclosures.<code> }}``)
    is not added again; one no text can be built for is reported in
    :attr:`Assembly.missing`, never silently left out.
    """
    short = channel in SHORT_CHANNELS
    prefix: list[str] = []
    added: list[str] = []
    carried: list[Disclosure] = []
    missing: set[DisclosureCode] = set()
    for d, text in zip(disclosures, texts(disclosures, sender, locale, channel), strict=True):
        if text is None:
            missing.add(d.code)
            continue
        carried.append(d)
        if body and _contains(body, html.escape(text) if html_output else text):
            continue
        if short and d.code is DisclosureCode.SENDER_IDENTITY:
            if text not in prefix:
                prefix.append(text)
        elif text not in added:
            added.append(text)
    head = " ".join(prefix) + " " if prefix else ""
    if not added:
        tail = ""
    elif short:
        tail = " " + " ".join(added)
    elif html_output:
        paras = "".join(f"<p>{html.escape(t)}</p>" for t in added)
        tail = f'\n<footer class="pt-disclosures">{paras}</footer>'
    else:
        tail = "\n\n-- \n" + "\n".join(added)
    return Assembly(head, tail, tuple(carried), tuple(sorted(missing)))
