"""
Brazil's pack.

Brazil: the Lei Geral de Proteção de Dados (LGPD), the Estatuto Digital da Criança e do
Adolescente (ECA Digital) and Anatel's "Não Me Perturbe" telemarketing blocking list.

Não Me Perturbe binds telecom operators (all of them, by Anatel decision) and banks offering
payroll loans and credit cards; the pack applies it to every marketing call, as the
stricter reading.  A block takes effect at most 30 days after the request; a listing in
``br_nao_me_perturbe`` is taken to be in effect.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt

from .._levels import Level
from .._message import MessagePurpose
from ..rules import (
    MARKETING_PURPOSES,
    LegalRule,
    MinorCap,
    MinorRule,
    Objection,
    Pack,
    RegistryCheck,
    SpecialCategories,
)
from .eu import ART9_CATEGORIES

#: LGPD Art. 5 II: sensitive personal data, the same categories as GDPR Art. 9(1) (criminal
#: records are not on the list).
LGPD_SENSITIVE = ART9_CATEGORIES
#: ECA (Lei 8.069/1990) Art. 2: a child is under 12; an adolescent is 12 to 17.
CHILD_AGE = 12
ADULT_AGE = 18
#: ECA Digital (Lei 15.211/2025) in force.
ECA_DIGITAL_FROM = dt.date(2026, 3, 17)

BR_RULES: tuple[LegalRule, ...] = (
    SpecialCategories(
        id="BR-LGPD-11-01",
        statement=(
            "Sensitive personal data only with specific and highlighted consent for specific "
            "purposes (legitimate interest is not a basis for it)."
        ),
        citation="LGPD (Lei 13.709/2018) Art. 11, I",
        categories=LGPD_SENSITIVE,
        code="specific_highlighted_consent_required",
    ),
    MinorRule(
        id="BR-LGPD-14-01",
        statement=(
            "A child's data (under 12) is processed only with specific and highlighted "
            "consent given by at least one parent or legal guardian."
        ),
        citation="LGPD Art. 14 §1; ECA Art. 2",
        age=CHILD_AGE,
        purposes=MARKETING_PURPOSES | {MessagePurpose.RELATIONSHIP, MessagePurpose.SURVEY},
    ),
    MinorCap(
        id="BR-ECA-DIGITAL-01",
        statement=(
            "From 2026-03-17, no commercial advertising directed at children and adolescents "
            "by profiling: messages to under-18s are not targeted by facts and stay SEGMENTED "
            "in the best interest of the minor."
        ),
        citation="Lei 15.211/2025 (ECA Digital); LGPD Art. 14 caput (best interest)",
        below=ADULT_AGE,
        level=Level.SEGMENTED,
        start=ECA_DIGITAL_FROM,
        deny_targeting=True,
        confidence="I",
    ),
    Objection(
        id="BR-LGPD-18-01",
        statement="An opposition to marketing is honoured at once, on every channel.",
        citation="LGPD Art. 18 IX and §2, Art. 8 §5",
        confidence="I",
    ),
    # issue 14 item 8: Não Me Perturbe
    RegistryCheck(
        id="BR-NMP-01",
        statement=(
            "No telemarketing call to a number blocked on Não Me Perturbe (the block takes "
            "effect within 30 days of the request) without the person's consent."
        ),
        citation="Anatel: Não Me Perturbe (naomeperturbe.com.br), mandatory for all telecom "
        "operators; CDC (Lei 8.078/1990) art. 6 IV",
        registries={"br_nao_me_perturbe"},
        confidence="I",
    ),
)

BRAZIL = Pack(id="BR", name="Brazil: LGPD and ECA Digital", countries={"BR"}, rules=BR_RULES)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (BRAZIL,)

__all__ = ["BRAZIL", "CHILD_AGE", "LGPD_SENSITIVE", "PACKS"]
