"""Writing export files whole or not at all, and reading untrusted JSON strictly.

An export replaces the destination only once it is complete
(:func:`evidenceboard.durable.write_atomically`, re-exported here), so a crash or a full
disk leaves the previous file as it was.

JSON read from other people's files refuses ``NaN`` and ``Infinity`` (Python's json
module accepts them by default) and files larger than :data:`MAX_IMPORT_BYTES`.
"""

import json
from pathlib import Path
from typing import Any

from evidenceboard.durable import write_atomically
from evidenceboard.model.errors import InvalidValueError

__all__ = ["MAX_IMPORT_BYTES", "loads_json", "read_json", "write_atomically"]

#: Largest file read for import: well above any real board export.
MAX_IMPORT_BYTES = 512 * 1024 * 1024


def _refuse_constant(name: str) -> Any:
    raise InvalidValueError(f"The file contains {name}, which is not a number.")


def read_json(path: Path) -> Any:
    """Parse a JSON file from an untrusted source."""
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise InvalidValueError(f"{path.name} is too large to import.")
    try:
        return loads_json(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidValueError(f"{path.name} is not UTF-8 text.") from exc


def loads_json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise InvalidValueError("The JSON is nested too deeply.") from exc
    except json.JSONDecodeError as exc:
        raise InvalidValueError(
            f"The file is not valid JSON ({exc.msg}, line {exc.lineno})."
        ) from exc
