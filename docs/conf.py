"""Sphinx configuration for the personal-touch documentation."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "personal-touch"
author = "The personal-touch contributors"
copyright = f"%Y, {author}"  # %Y becomes the current year

try:
    release = _version("personal-touch")
except PackageNotFoundError:  # building from a checkout without installing the package
    release = "0.1.0.dev0"
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    # No intersphinx: the docs build without network access.
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

nitpicky = False

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "personal-touch"


class _AllowEmptyGlob(logging.Filter):
    """
    Drop "toctree glob pattern ... didn't match any documents".

    index.md's section toctrees use globs so that pages can be added without touching it; a
    section with no page yet must not fail the `-W` build. (`suppress_warnings` cannot do this:
    Sphinx logs that warning without a type.)
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "didn't match any documents" not in str(record.msg)


def setup(app: Sphinx) -> dict[str, bool]:
    """Install the empty-glob filter on the logger of Sphinx's toctree directive."""
    logging.getLogger("sphinx.sphinx.directives.other").addFilter(_AllowEmptyGlob())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
