"""
The people we talk to: names, addresses, jurisdiction, preferences, privacy signals and facts.
"""

from ._contact import BIRTH_DATE_SOURCE, BIRTHDAY_KEY, Contact, ContactPoint, Name
from ._jurisdiction import Jurisdiction
from ._preferences import (
    DncListing,
    DncRegistry,
    FrequencyLimit,
    Period,
    Preferences,
    PrivacySignals,
    QuietHours,
    Register,
)

__all__ = [
    "BIRTHDAY_KEY",
    "BIRTH_DATE_SOURCE",
    "Contact",
    "ContactPoint",
    "DncListing",
    "DncRegistry",
    "FrequencyLimit",
    "Jurisdiction",
    "Name",
    "Period",
    "Preferences",
    "PrivacySignals",
    "QuietHours",
    "Register",
]
