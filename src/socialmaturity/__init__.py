"""socialmaturity: social business maturity assessments from YAML questionnaires.

The package is a library first: load questionnaires and responses, score them, build roadmaps
and render reports without the command line. Importing it stays cheap; the heavy parts load on
first use.

The layers, each a subpackage, import only downward (``a -> b``: a may import b)::

    cli -> commands -> render, interview -> engine -> model
        -> the shared bottom modules: errors, files, locks, resources, terminal
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
