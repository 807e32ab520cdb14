"""Open formats: the JSON dump, JSON Canvas, GraphML and CSV, written and read.

This package sits beside ``export``: it may use the model, the analysis and its own
libraries (json, csv, networkx, jsonschema), never storage or Qt. Writers return bytes
or data and leave the disk to the caller (or write atomically via
:mod:`evidenceboard.formats.files`); readers treat every file as untrusted.

The import names below load :mod:`evidenceboard.formats.importing` on first use, so an
export, which imports a writer of this package, does not load the import readers too.
"""

from typing import TYPE_CHECKING

from evidenceboard.model.lazy_names import lazy_names

if TYPE_CHECKING:
    from evidenceboard.formats.importing import (
        IMPORT_SUFFIXES,
        import_board_file,
        read_board_file,
    )

__getattr__ = lazy_names(
    __name__,
    {".importing": ("IMPORT_SUFFIXES", "import_board_file", "read_board_file")},
)


__all__ = ["IMPORT_SUFFIXES", "import_board_file", "read_board_file"]
