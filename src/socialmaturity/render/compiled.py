"""The bundled report templates, compiled once and kept in the tool's cache folder.

Compiling the HTML template costs each ``report`` about 0.1 s. Jinja can keep the compiled code,
but its own file cache waits for ever on an entry that is a named pipe, reads an entry's checksum
with :mod:`pickle`, and fails the report when its folder cannot be written. Here an entry is read
like any cache entry (:func:`socialmaturity.model.cache.read_entry`: a regular file, without
waiting, only from a folder nobody else can write), holds Jinja's format tag and release, the
template's source checksum and the marshalled code, and anything wrong with it only means
compiling again.
User templates are never kept: they are compiled afresh in the sandbox every time.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from jinja2 import __version__ as jinja_version
from jinja2.bccache import Bucket, BytecodeCache, bc_magic

from socialmaturity.model.cache import cache_folder, read_entry, write_entry


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, kept in the tool's ``templates`` cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give ``bucket`` the kept code when its entry is whole and of this very source."""
        data = read_entry(self._entry(bucket))
        header = _header(bucket)
        if data is None or not data.startswith(header):
            return
        try:
            bucket.code = marshal.loads(data[len(header) :])
        except Exception:  # a damaged entry: Jinja compiles the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja just compiled, best effort."""
        if bucket.code is not None:
            write_entry(self._entry(bucket), _header(bucket) + marshal.dumps(bucket.code))

    def _entry(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.jinja"


def compiled_templates() -> CompiledTemplates | None:
    """The cache of compiled templates, or None when the tool's cache is off."""
    folder = cache_folder("templates")
    return None if folder is None else CompiledTemplates(folder)


def _header(bucket: Bucket) -> bytes:
    """What an entry must start with: Jinja's format tag, its release, the source's checksum.

    The tag holds Jinja's code format and Python's version, so code compiled by another Jinja,
    another Python or from another source is never used.
    """
    return b"%s%s %s\n" % (bc_magic, jinja_version.encode(), bucket.checksum.encode())
