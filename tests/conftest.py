"""Shared test setup: make the project importable when pytest runs from the project root.

The project has no installed package or pytest configuration yet, and ``sim`` is a namespace
package, so without this the tests could only run as ``python -m pytest``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
