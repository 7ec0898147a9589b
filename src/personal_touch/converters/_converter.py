"""
The converter: fast structuring, with a detailed twin that explains bad input.
"""

from __future__ import annotations

import functools
from typing import Any

import cattrs

from ..exceptions import InvalidInputError
from ._attrs import configure_attrs
from ._collections import configure_collections
from ._errors import describe, format_exception, unchained
from ._moments import configure_moments
from ._time import configure_time
from ._values import configure_values

__all__ = ["Converter", "configure_converter", "default", "make_converter"]


def configure_converter(converter: cattrs.Converter) -> None:
    """
    Register personal_touch's JSON hooks on *converter* (the cattrs "preconf" shape).

    Works with either value of ``detailed_validation``; pass ``forbid_extra_keys=True`` to the
    converter to refuse unknown keys, as :func:`make_converter` does.

    .. versionadded:: 0.1.0
    """
    configure_values(converter)
    configure_time(converter)
    configure_collections(converter)
    configure_attrs(converter)
    # The tagged union of moments wraps the attrs hooks registered above.
    configure_moments(converter)


class Converter(cattrs.Converter):
    """
    The converter :func:`make_converter` returns.

    Structures without detailed validation (fast); when that fails, structures again with a
    detailed twin and raises :class:`~personal_touch.exceptions.InvalidInputError` listing
    every problem.  The error is not chained: cattrs' own errors repeat unknown keys and
    builtin errors repeat input values, and ``logging.exception`` would print them.

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        super().__init__(detailed_validation=False, forbid_extra_keys=True)
        configure_converter(self)
        self._detailed: cattrs.Converter | None = None

    @property
    def detailed(self) -> cattrs.Converter:
        """
        The twin converter with detailed validation, built on first use.
        """
        if self._detailed is None:
            twin = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
            configure_converter(twin)
            self._detailed = twin
        return self._detailed

    def structure(self, obj: Any, cl: Any) -> Any:
        """
        Structure *obj* as *cl*.

        Raises:
            InvalidInputError: *obj* is not a valid *cl*; lists every problem with its path.
        """
        try:
            return self.get_structure_hook(cl)(obj, cl)
        except Exception as exc:
            fast_error = exc
        raise self.explain(obj, cl, fast_error)

    def explain(self, obj: Any, cl: Any, fast_error: BaseException | None = None) -> Exception:
        """
        Structure *obj* as *cl* in detail; return the error describing every problem.

        The result is an :class:`~personal_touch.exceptions.InvalidInputError`.

        The returned error has no ``__cause__`` and suppresses its context: the path list is
        the whole report, and nothing chained to it can carry input values or unknown keys.
        """
        try:
            self.detailed.structure(obj, cl)
        except Exception as exc:
            problems = describe(exc)
        else:
            # The fast path failed but the detailed one did not: report the fast error.
            problems = (
                [f"{format_exception(fast_error, None)} @ $"]
                if fast_error
                else ["invalid input @ $"]
            )
        return unchained(InvalidInputError(problems))


def make_converter() -> Converter:
    """
    A new converter for every personal_touch type, refusing unknown keys.

    >>> import personal_touch as pt
    >>> conv = make_converter()
    >>> conv.unstructure(pt.Jurisdiction.parse("us-fl"))
    'US-FL'

    .. versionadded:: 0.1.0
    """
    return Converter()


@functools.cache
def default() -> Converter:
    """
    The converter the module functions share (built on first use).
    """
    return make_converter()
