"""
Typed errors raised by personal_touch.

Every error subclasses :class:`PersonalTouchError` and the builtin it resembles, so
callers can catch either.  Messages name the field and what is wrong with its value; they
never contain the value itself, so they are safe to log.  Nothing chained to them carries it
either: errors raised for bad input have no ``__cause__`` or ``__context__`` holding a
builtin error that would repeat the input (``logging.exception`` prints the whole chain).

.. versionadded:: 0.1.0
"""

from ._consent_strings import ConsentStringError
from ._decisions import DecisionDeniedError, DecisionInputsError
from ._templates import (
    FilterValueError,
    MissingDisclosureError,
    MissingValueError,
    RenderError,
    StaleDecisionError,
    TemplateError,
    TemplateLimitError,
    TemplateSyntaxError,
    UnknownFilterError,
    UnknownVariableError,
)
from ._values import (
    ConsentStateError,
    HistoryHorizonError,
    InvalidFactError,
    InvalidFieldError,
    InvalidInputError,
    NaiveDateTimeError,
    PersonalTouchError,
    UnknownChannelError,
    UnknownLocaleError,
    UnknownPurposeError,
    UnknownStageError,
    UnknownTimezoneError,
)
from ._webhooks import (
    MissingDependencyError,
    UnknownEventError,
    WebhookPayloadError,
    WebhookSignatureError,
)

__all__ = [
    "ConsentStateError",
    "ConsentStringError",
    "DecisionDeniedError",
    "DecisionInputsError",
    "FilterValueError",
    "HistoryHorizonError",
    "InvalidFactError",
    "InvalidFieldError",
    "InvalidInputError",
    "MissingDependencyError",
    "MissingDisclosureError",
    "MissingValueError",
    "NaiveDateTimeError",
    "PersonalTouchError",
    "RenderError",
    "StaleDecisionError",
    "TemplateError",
    "TemplateLimitError",
    "TemplateSyntaxError",
    "UnknownChannelError",
    "UnknownEventError",
    "UnknownFilterError",
    "UnknownLocaleError",
    "UnknownPurposeError",
    "UnknownStageError",
    "UnknownTimezoneError",
    "UnknownVariableError",
    "WebhookPayloadError",
    "WebhookSignatureError",
]

# Shown where they are documented and imported from (tracebacks, reprs, pickles, the reference),
# not in the private module that defines them.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
