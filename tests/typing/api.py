"""
Type-checked, never run: shows that the public API reads well under ``mypy --strict``.

Add usage of every public name here; ``nox -s typing`` checks this file, pytest ignores it.
"""

from __future__ import annotations

from typing import assert_type

import personal_touch as pt

assert_type(pt.__name__, str)
