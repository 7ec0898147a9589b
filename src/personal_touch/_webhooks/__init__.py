"""
Provider webhooks made into the library's values: parsers, signatures, one-click unsubscribe.

Nothing here is imported by ``import personal_touch``; the public namespace is
:mod:`personal_touch.webhooks`.
"""
