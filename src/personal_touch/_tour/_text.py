"""
What every tour section shares: the width it fits in and its signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import pendulum

from ..testing import SampleData

#: Columns the tour's text fits in.
WIDTH = 100

#: A tour section: the sample and the instant in, text out.
Section: TypeAlias = Callable[[SampleData, pendulum.DateTime], str]
