"""What each command does, between parsed options and printed output.

The CLI calls one function here per command; each returns the exit status. Results go to stdout,
problems and progress to stderr. Nothing here knows about typer, so commands can also be driven
from tests or other programs. One module per group of commands, and :mod:`.batch`, which reads many
response files and scores them in worker processes (file I/O, so not in the pure engine).

The command line imports each command's module only when that command runs (so a command loads
only the modules it needs: start-up time is part of the product); this package itself imports
nothing, and names each command nowhere but in its own module and in ``cli``.

May import: every layer below (``interview``, ``render``, ``engine``, ``model``) and the shared
bottom modules; only ``cli`` imports this package.
"""
