"""Stable identifiers.

Ids are random UUIDs written as 32 lowercase hex digits. They never change, so undoing a
delete restores the same rows, merges match items across copies of a board and exports
reuse them.
"""

import re
import uuid

_ID_RE = re.compile(r"^[0-9a-f]{32}$")


def new_id() -> str:
    """Return a fresh random id."""
    return uuid.uuid4().hex


def is_valid_id(value: str) -> bool:
    """Tell whether ``value`` has the form of an id made by :func:`new_id`."""
    return bool(_ID_RE.match(value))
