"""
The providers' published example payloads kept under ``data/`` (see its README), by name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from personal_touch import Suppression

DATA = Path(__file__).resolve().parent / "data"


def load(provider: str, name: str) -> Any:
    """The decoded JSON of ``data/<provider>/<name>.json``."""
    return json.loads((DATA / provider / f"{name}.json").read_text("utf-8"))


def raw(provider: str, name: str) -> bytes:
    """The bytes of ``data/<provider>/<name>.json``, as a request body carries them."""
    return (DATA / provider / f"{name}.json").read_bytes()


def digest(address: str) -> str:
    """The suppression digest of *address*."""
    return Suppression.digest(address)
