"""
The errors about provider webhooks: payloads we cannot read and signatures that do not hold.
"""

from __future__ import annotations

from ._values import PersonalTouchError


class WebhookPayloadError(PersonalTouchError, ValueError):
    """
    A provider's webhook payload (or one event in it) is malformed.

    The message names the JSON path of the offending field and what is wrong with it; it
    never repeats the value (payloads carry addresses and message text).

    Attributes:
        path: Where in the payload, e.g. ``$[3].event`` or ``event-data.timestamp``.
        problem: What is wrong, in words that contain no personal data.

    .. versionadded:: 0.3.0
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnknownEventError(WebhookPayloadError, LookupError):
    """
    A webhook event's type is not one this library knows for that provider.

    Never dropped silently: a batch lists it among the skipped items, a single parse raises.

    .. versionadded:: 0.3.0
    """


class WebhookSignatureError(PersonalTouchError, ValueError):
    """
    A webhook or an unsubscribe token failed its signature check.

    Attributes:
        what: What was checked (``"unsubscribe token"``, ``"sendgrid signature"``).

    .. versionadded:: 0.3.0
    """

    def __init__(self, what: str, problem: str = "signature does not verify") -> None:
        self.what = what
        self.problem = problem
        super().__init__(f"{what}: {problem}")


class MissingDependencyError(PersonalTouchError, ImportError):
    """
    A feature needs an optional library that is not installed.

    Attributes:
        package: The distribution to install (``"cryptography"``).

    .. versionadded:: 0.3.0
    """

    def __init__(self, package: str, feature: str) -> None:
        self.package = package
        super().__init__(f"{feature} needs the {package!r} package, which is not installed")
