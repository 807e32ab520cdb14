"""The packaging shell scripts parse, pass shellcheck where it is installed, and
install-user.sh refuses options it does not know instead of installing."""

import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
SCRIPTS = {
    PACKAGING / "linux" / "install-user.sh": "sh",
    PACKAGING / "build.sh": "bash",
    PACKAGING / "check.sh": "bash",
}


@pytest.mark.parametrize("script", list(SCRIPTS), ids=lambda path: path.name)
def test_script_parses(script: Path) -> None:
    done = subprocess.run([SCRIPTS[script], "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="no shellcheck")
@pytest.mark.parametrize("script", list(SCRIPTS), ids=lambda path: path.name)
def test_script_passes_shellcheck(script: Path) -> None:
    done = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_install_user_refuses_an_unknown_option(tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", str(PACKAGING / "linux" / "install-user.sh"), "--remove"],
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "usage" in done.stderr
    assert list(tmp_path.iterdir()) == []
