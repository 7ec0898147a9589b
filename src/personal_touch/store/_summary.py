"""
The readable summary of a person's data export, rendered by the template engine in their language.

One template per language (English, German, French, Spanish, Portuguese, as the disclosure
texts), built from one skeleton and a table of phrases, compiled once per process by the
catalog that owns them.  The summary says what kinds of data we hold and how much; the full
values are in the export's JSON.  It is rendered with a decision made here, for the person
themselves: a transactional e-mail at the ``customized`` level (their name, no facts).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._decision import Decision
from .._message import Message
from .._templates import Template, TemplateCatalog

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact

__all__ = ["LANGUAGES", "render_summary"]

_SKELETON = """\
{{% if contact.name %}}{hello} {{{{ contact.name | name }}}},{{% else %}}{hello_plain},{{% endif %}}

{intro} ({{{{ extra.contact_id }}}}, {{{{ extra.exported_at | date: 'long' }}}}).

- {profile}{colon}{{% if extra.has_contact %}}{saved}{{% else %}}{none}{{% endif %}}
- {facts}{colon}{{{{ extra.facts | plural: {facts_n} }}}}{{% if extra.fact_keys %}} ({{{{ extra.fact_keys }}}}){{% endif %}}
- {consent}{colon}{{{{ extra.consent_events | plural: {consent_n} }}}}{{% if extra.purposes %}}{semicolon}{purposes}{colon}{{{{ extra.purposes }}}}{{% endif %}}
- {interactions}{colon}{{{{ extra.interactions | plural: {interactions_n} }}}}
- {suppressions}{colon}{{{{ extra.suppressions | plural: {suppressions_n} }}}}
- {decisions}{colon}{{{{ extra.decisions | number }}}}
- {requests}{colon}{{{{ extra.requests | plural: {requests_n} }}}}
{{% if extra.restricted %}}

{restricted}
{{% endif %}}

{closing} ({{{{ extra.format }}}}).
"""

#: The phrases of each language's summary.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "semicolon": "; ",
        "colon": ": ",
        "hello": "Dear",
        "hello_plain": "Hello",
        "intro": "this is a summary of the personal data we hold about you",
        "profile": "Profile",
        "saved": "saved",
        "none": "none (erased or never saved)",
        "facts": "Facts",
        "facts_n": "one='# fact', other='# facts'",
        "consent": "Consent",
        "consent_n": "one='# recorded event', other='# recorded events'",
        "purposes": "purposes",
        "interactions": "Interactions",
        "interactions_n": "one='# interaction', other='# interactions'",
        "suppressions": "Suppression lists",
        "suppressions_n": "one='# entry', other='# entries'",
        "decisions": "Decisions logged",
        "requests": "Requests",
        "requests_n": "one='# request', other='# requests'",
        "restricted": "Processing of your data is restricted.",
        "closing": "The complete data is in the accompanying file",
    },
    "de": {
        "semicolon": "; ",
        "colon": ": ",
        "hello": "Guten Tag",
        "hello_plain": "Guten Tag",
        "intro": "dies ist eine Zusammenfassung der personenbezogenen Daten, die wir über Sie"
        " gespeichert haben",
        "profile": "Profil",
        "saved": "gespeichert",
        "none": "keines (gelöscht oder nie gespeichert)",
        "facts": "Angaben",
        "facts_n": "one='# Angabe', other='# Angaben'",
        "consent": "Einwilligungen",
        "consent_n": "one='# erfasstes Ereignis', other='# erfasste Ereignisse'",
        "purposes": "Zwecke",
        "interactions": "Interaktionen",
        "interactions_n": "one='# Interaktion', other='# Interaktionen'",
        "suppressions": "Sperrlisten",
        "suppressions_n": "one='# Eintrag', other='# Einträge'",
        "decisions": "Protokollierte Entscheidungen",
        "requests": "Anfragen",
        "requests_n": "one='# Anfrage', other='# Anfragen'",
        "restricted": "Die Verarbeitung Ihrer Daten ist eingeschränkt.",
        "closing": "Die vollständigen Daten stehen in der beigefügten Datei",
    },
    "fr": {
        "semicolon": " ; ",
        "colon": " : ",
        "hello": "Bonjour",
        "hello_plain": "Bonjour",
        "intro": "voici un résumé des données personnelles que nous détenons à votre sujet",
        "profile": "Profil",
        "saved": "enregistré",
        "none": "aucun (effacé ou jamais enregistré)",
        "facts": "Informations",
        "facts_n": "one='# information', other='# informations'",
        "consent": "Consentement",
        "consent_n": "one='# événement enregistré', other='# événements enregistrés'",
        "purposes": "finalités",
        "interactions": "Interactions",
        "interactions_n": "one='# interaction', other='# interactions'",
        "suppressions": "Listes d'exclusion",
        "suppressions_n": "one='# entrée', other='# entrées'",
        "decisions": "Décisions journalisées",
        "requests": "Demandes",
        "requests_n": "one='# demande', other='# demandes'",
        "restricted": "Le traitement de vos données est limité.",
        "closing": "Les données complètes figurent dans le fichier joint",
    },
    "es": {
        "semicolon": "; ",
        "colon": ": ",
        "hello": "Hola",
        "hello_plain": "Hola",
        "intro": "este es un resumen de los datos personales que conservamos sobre usted",
        "profile": "Perfil",
        "saved": "guardado",
        "none": "ninguno (suprimido o nunca guardado)",
        "facts": "Datos",
        "facts_n": "one='# dato', other='# datos'",
        "consent": "Consentimiento",
        "consent_n": "one='# evento registrado', other='# eventos registrados'",
        "purposes": "finalidades",
        "interactions": "Interacciones",
        "interactions_n": "one='# interacción', other='# interacciones'",
        "suppressions": "Listas de exclusión",
        "suppressions_n": "one='# entrada', other='# entradas'",
        "decisions": "Decisiones registradas",
        "requests": "Solicitudes",
        "requests_n": "one='# solicitud', other='# solicitudes'",
        "restricted": "El tratamiento de sus datos está limitado.",
        "closing": "Los datos completos están en el archivo adjunto",
    },
    "pt": {
        "semicolon": "; ",
        "colon": ": ",
        "hello": "Olá",
        "hello_plain": "Olá",
        "intro": "este é um resumo dos dados pessoais que mantemos sobre si",
        "profile": "Perfil",
        "saved": "guardado",
        "none": "nenhum (apagado ou nunca guardado)",
        "facts": "Dados",
        "facts_n": "one='# dado', other='# dados'",
        "consent": "Consentimento",
        "consent_n": "one='# evento registado', other='# eventos registados'",
        "purposes": "finalidades",
        "interactions": "Interações",
        "interactions_n": "one='# interação', other='# interações'",
        "suppressions": "Listas de supressão",
        "suppressions_n": "one='# entrada', other='# entradas'",
        "decisions": "Decisões registadas",
        "requests": "Pedidos",
        "requests_n": "one='# pedido', other='# pedidos'",
        "restricted": "O tratamento dos seus dados está limitado.",
        "closing": "Os dados completos estão no ficheiro anexo",
    },
}

#: The languages a summary is written in; any other falls back to English.
LANGUAGES = tuple(PHRASES)


@functools.cache
def catalog() -> TemplateCatalog:
    """
    The summary's templates, one per language, built once per process.
    """
    return TemplateCatalog(
        {
            lang: Template(_SKELETON.format(**words), name="export summary")
            for lang, words in PHRASES.items()
        },
        default="en",
    )


def render_summary(
    contact: Contact,
    extra: Mapping[str, Any],
    *,
    at: pendulum.DateTime,
    locale: str | None = None,
) -> str:
    """
    The summary for *contact* from the counts and lists in *extra*, in *locale*.
    """
    decision = Decision(
        decision_id=f"export-summary:{contact.id}",
        contact_id=contact.id,
        message=Message(purpose="transactional", channel="email"),
        at=at,
        verdict="allow",
        level="customized",
    )
    return catalog().render(contact, decision, locale=locale, extra=extra).text
