"""The examples in the experiment modules' docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "personal_touch._experiments._model",
    "personal_touch._experiments._assignment",
    "personal_touch._experiments._holdout",
    "personal_touch._experiments._bandit",
    "personal_touch._experiments._simulate",
    "personal_touch._experiments._level_experiments",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every docstring example of the module passes."""
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    failed, _ = doctest.testmod(importlib.import_module(name), optionflags=flags)
    assert 0 == failed
