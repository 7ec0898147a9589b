"""
The disclosure texts: every code's long and short forms, and topic words, per language.

Texts exist in English, German, French, Spanish and Portuguese.  Each code has a long form
(e-mail footers, letters) and a short form (SMS, push), in variants by the parameters they use;
:mod:`._disclosures` chooses among them.
"""

from __future__ import annotations

from .._decision import DisclosureCode

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
