"""
``python -m personal_touch.packs --markdown``: print the reference table of every rule.
"""

from __future__ import annotations

import argparse
import sys

from . import PACKS, markdown, rows


def main(argv: list[str] | None = None) -> int:
    """
    Print the packs' rule table as Markdown (``--markdown``) or one line per rule.
    """
    parser = argparse.ArgumentParser(prog="python -m personal_touch.packs")
    parser.add_argument("--markdown", action="store_true", help="print docs/reference/packs.md")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown(PACKS))
    else:
        for r in rows(PACKS):
            sys.stdout.write(f"{r.id}\t{r.pack}\t{r.citation}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
