"""kkletter: correspondence drafting for Københavns Kommune.

The package root is the Qt-free core; the desktop shell lives in `kkletter.gui`.
"""

from __future__ import annotations

__version__ = "0.1.0"
