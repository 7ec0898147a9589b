"""
What we know about a person, where we learned it and how sensitive it is.
"""

from ._digests import fact_digest, fact_stamps, facts_digest, value_digest
from ._fact import Fact
from ._kinds import Provenance, Sensitivity
from ._values import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    FactValue,
    check_int,
    freeze_value,
    key_set,
    validate_key,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "Fact",
    "FactValue",
    "Provenance",
    "Sensitivity",
    "check_int",
    "fact_digest",
    "fact_stamps",
    "facts_digest",
    "freeze_value",
    "key_set",
    "validate_key",
    "value_digest",
]
