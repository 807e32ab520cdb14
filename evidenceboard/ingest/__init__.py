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

__getattr__ = lazy_names(
    __name__,
    {
        ".importer": ("ImportResult", "changes_for_items", "import_files", "read_file"),
        ".items": (
            "EmbeddedFile",
            "ImportedItem",
            "IngestError",
            "find_thumbnail",
            "thumbnail_name",
        ),
        ".pasted": (
            "card_from_pasted_text",
            "card_from_url",
            "item_from_pasted_image",
            "web_address",
        ),
    },
)


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
