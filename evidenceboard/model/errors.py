"""Errors raised by the domain model.

Every error carries a sentence a user can read, because the CLI and the window show
``str(error)`` as it is.
"""


class ModelError(Exception):
    """Base class for domain errors."""


class InvalidValueError(ModelError, ValueError):
    """A value does not fit the field it was given for (a grade, a date, a colour...)."""


class ChangeError(ModelError):
    """A change cannot be applied to the board as it is now (missing card, duplicate id...)."""
