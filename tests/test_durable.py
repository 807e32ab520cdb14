from pathlib import Path

from evidenceboard.durable import free_path


def test_free_path_takes_the_plain_name_while_it_is_free(tmp_path: Path) -> None:
    assert free_path(tmp_path, "case", ".evboard") == tmp_path / "case.evboard"


def test_free_path_numbers_from_two_past_the_taken_names(tmp_path: Path) -> None:
    for name in ("case.evboard", "case 2.evboard"):
        (tmp_path / name).write_bytes(b"")
    assert free_path(tmp_path, "case", ".evboard") == tmp_path / "case 3.evboard"


def test_free_path_with_its_own_joiner_and_first_number(tmp_path: Path) -> None:
    (tmp_path / "20240506-0708.evboard").write_bytes(b"")
    found = free_path(tmp_path, "20240506-0708", ".evboard", first=1, joiner="-")
    assert found == tmp_path / "20240506-0708-1.evboard"
