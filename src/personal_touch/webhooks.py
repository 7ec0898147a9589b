"""
Provider webhooks take effect at once: parse, verify, suppress.

Parse the webhook payloads of SendGrid, Mailgun, Postmark, Amazon SES (through SNS) and
Twilio into :class:`ProviderEvent` values: each names the address by its digest, says what
it asks of you (:class:`EventAction`: suppress, record, opt in, help, note), and builds the
:class:`~personal_touch.Suppression` and :class:`~personal_touch.Interaction` it calls for.
A batch parse returns a :class:`WebhookReport` of the events and the items it skipped, each
with its path and problem; unknown and malformed events are never dropped silently.

Check signatures where the provider signs (:func:`is_valid_mailgun_signature`,
:func:`is_valid_twilio_signature`, and :func:`is_valid_sendgrid_signature` where the
optional ``cryptography`` package is installed), and build RFC 8058 one-click unsubscribe
headers and check their POSTs with :class:`UnsubscribeLinks`.

``import personal_touch`` does not load this module; import it by name.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from ._webhooks._mailgun import parse_mailgun
from ._webhooks._model import (
    EventAction,
    EventType,
    ProviderEvent,
    SkippedItem,
    WebhookProvider,
    WebhookReport,
)
from ._webhooks._postmark import parse_postmark
from ._webhooks._sendgrid import parse_sendgrid
from ._webhooks._ses import parse_ses
from ._webhooks._signatures import (
    is_valid_mailgun_signature,
    is_valid_sendgrid_signature,
    is_valid_twilio_signature,
)
from ._webhooks._twilio import (
    HELP_KEYWORDS,
    OPT_IN_KEYWORDS,
    OPT_OUT_KEYWORDS,
    keyword_action,
    parse_twilio,
)
from ._webhooks._unsubscribe import ONE_CLICK, UnsubscribeLinks, is_one_click

__all__ = [
    "HELP_KEYWORDS",
    "ONE_CLICK",
    "OPT_IN_KEYWORDS",
    "OPT_OUT_KEYWORDS",
    "EventAction",
    "EventType",
    "ProviderEvent",
    "SkippedItem",
    "UnsubscribeLinks",
    "WebhookProvider",
    "WebhookReport",
    "is_one_click",
    "is_valid_mailgun_signature",
    "is_valid_sendgrid_signature",
    "is_valid_twilio_signature",
    "keyword_action",
    "parse_mailgun",
    "parse_postmark",
    "parse_sendgrid",
    "parse_ses",
    "parse_twilio",
]

# Shown where they are documented and imported from, not in the private modules.
for _name in __all__:
    if isinstance(globals()[_name], type) or callable(globals()[_name]):
        globals()[_name].__module__ = __name__
del _name
