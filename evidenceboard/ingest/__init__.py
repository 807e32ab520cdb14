"""Files to cards: saved web pages, PDFs, images and text, read offline and safely.

:func:`read_file` reads one file into an item and :func:`changes_for_items` turns items
into one undoable change; the window and the CLI both reach them through
:mod:`evidenceboard.formats.pipeline`, which adds other boards' files to the same import.
:func:`import_files` does both steps for evidence alone. Pasted text and addresses go
through :func:`card_from_pasted_text` and :func:`card_from_url`, a pasted picture
through :func:`item_from_pasted_image` (then into the same import as a dropped image).

The names below load their modules on first use, and :func:`read_file` loads the reader
of each kind of file with the first file of that kind, so importing a web page does not
load Pillow, nor reading a picture trafilatura.
"""

from typing import TYPE_CHECKING

from evidenceboard.model.lazy_names import lazy_names

if TYPE_CHECKING:
    from evidenceboard.ingest.importer import (
        ImportResult,
        changes_for_items,
        import_files,
        read_file,
    )
    from evidenceboard.ingest.items import (
        EmbeddedFile,
        ImportedItem,
        IngestError,
        find_thumbnail,
        thumbnail_name,
    )
    from evidenceboard.ingest.pasted import (
        card_from_pasted_text,
        card_from_url,
        item_from_pasted_image,
        web_address,
    )

_MODULES: dict[str, str] = {
    "ImportResult": "evidenceboard.ingest.importer",
    "changes_for_items": "evidenceboard.ingest.importer",
    "import_files": "evidenceboard.ingest.importer",
    "read_file": "evidenceboard.ingest.importer",
    "EmbeddedFile": "evidenceboard.ingest.items",
    "ImportedItem": "evidenceboard.ingest.items",
    "IngestError": "evidenceboard.ingest.items",
    "find_thumbnail": "evidenceboard.ingest.items",
    "thumbnail_name": "evidenceboard.ingest.items",
    "card_from_pasted_text": "evidenceboard.ingest.pasted",
    "card_from_url": "evidenceboard.ingest.pasted",
    "item_from_pasted_image": "evidenceboard.ingest.pasted",
    "web_address": "evidenceboard.ingest.pasted",
}


__getattr__ = lazy_names(__name__, _MODULES)


__all__ = [
    "EmbeddedFile",
    "ImportResult",
    "ImportedItem",
    "IngestError",
    "card_from_pasted_text",
    "card_from_url",
    "changes_for_items",
    "find_thumbnail",
    "import_files",
    "item_from_pasted_image",
    "read_file",
    "thumbnail_name",
    "web_address",
]
