"""The words a user reads when a file could not be read or written."""

import errno
import os

from evidenceboard.storage.errors import DamagedBoardError, failure_words


def test_an_os_error_gives_the_systems_words_without_errno_or_path() -> None:
    error = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/cases/secret.evboard")
    words = failure_words(error)
    assert words == os.strerror(errno.EACCES)
    assert "Errno" not in words and "/cases" not in words


def test_an_os_error_without_system_words_keeps_its_message() -> None:
    assert failure_words(OSError("the disk went away")) == "the disk went away"


def test_a_board_error_keeps_its_sentence_without_the_full_stop() -> None:
    error = DamagedBoardError("The board is damaged: page 4 cannot be read.")
    assert failure_words(error) == "The board is damaged: page 4 cannot be read"
