"""
Children's ages in the law: the GDPR Art. 8 age of digital consent, state by state.

Kept apart from the packs that read it so the table, its sources and its one question
(:func:`age_of_digital_consent`) sit together.  :mod:`personal_touch.packs.eu` re-exports
them.
"""

from __future__ import annotations

__all__ = ["AGE_OF_DIGITAL_CONSENT", "DEFAULT_AGE_OF_DIGITAL_CONSENT", "age_of_digital_consent"]

#: GDPR Art. 8: the age of digital consent where an EEA state chose one below 16.
#: Sources: twobirds.com GDPR tracker "Children"; blog.kuan0.com 2020/06 (Commission SWD
#: 2020 table: every state not listed here chose 16 or kept it: DE HR HU IE LU NL PL RO
#: SK, and LI); Denmark raised 13 to 15 from 2024-01-01 (databeskyttelsesloven s.6(3) as
#: amended; unitas.consulting, itpol.dk); Norway 13 (datatilsynet.no, "Barn og unge
#: forbrukere").  SI 15 (ZVOP-2 art. 8) and IS 13 (Act 90/2018 art. 10) are from memory.
AGE_OF_DIGITAL_CONSENT: dict[str, int] = {
    **dict.fromkeys(("BE", "EE", "FI", "LV", "MT", "PT", "SE", "IS", "NO"), 13),
    **dict.fromkeys(("AT", "BG", "CY", "IT", "LT", "ES"), 14),
    **dict.fromkeys(("CZ", "FR", "GR", "SI", "DK"), 15),
}
#: Art. 8(1): 16 unless the member state provides for a lower age (never below 13).
DEFAULT_AGE_OF_DIGITAL_CONSENT = 16


def age_of_digital_consent(country: str | None) -> int:
    """
    The Art. 8 age for *country*; for an unknown one, the highest any state uses (16).

    >>> age_of_digital_consent("FR"), age_of_digital_consent("DE"), age_of_digital_consent(None)
    (15, 16, 16)

    .. versionadded:: 0.1.0
    """
    if country is None:
        return max(DEFAULT_AGE_OF_DIGITAL_CONSENT, *AGE_OF_DIGITAL_CONSENT.values())
    return AGE_OF_DIGITAL_CONSENT.get(country, DEFAULT_AGE_OF_DIGITAL_CONSENT)
