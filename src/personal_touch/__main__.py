"""
``python -m personal_touch``.
"""

from __future__ import annotations

import sys

from ._cli import main, module_program_name

sys.exit(main(prog=module_program_name()))
