"""The ``socialmaturity`` command line: parses options, calls the core, maps errors to exits.

Kept thin on purpose: each command hands its work to a function of :mod:`socialmaturity.commands`,
whose module it imports only when it runs, so ``--help`` and ``--version`` stay fast. The
application and its guard are in :mod:`.app`, the shared options in :mod:`.options`, the commands
in :mod:`.answers`, :mod:`.results` and :mod:`.survey` (registered in the order ``--help`` lists
them).
"""

from socialmaturity.cli import answers, results, survey
from socialmaturity.cli.app import app, app_for, command_name, guarded, main

__all__ = ["answers", "app", "app_for", "command_name", "guarded", "main", "results", "survey"]
