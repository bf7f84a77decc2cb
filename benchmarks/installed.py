"""How every benchmark runs the tool: as it runs installed, the way a user runs it.

Through the ``socialmaturity`` script pip put beside this Python (``python -m socialmaturity``
where there is none), with Python's cache of compiled modules: ``PYTHONDONTWRITEBYTECODE`` is
dropped, because with it every run recompiles our sources (about 25 ms that no user pays).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The command line of the tool, to which a command's arguments are added.
SCRIPT = Path(sys.executable).with_name("socialmaturity")
CLI = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialmaturity"]
#: The environment the tool runs in.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
#: The demo response the single-document benchmarks use.
DEMO = (
    Path(__file__).resolve().parents[1] / "src" / "socialmaturity" / "data" / "demo-response.yaml"
)
