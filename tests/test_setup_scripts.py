"""The set-up contract of the README (issue 13): the two commands use the venv, CI runs the README's own test
command, and the lock file pins every requirement with hashes. These read files only; the real proof is .ci/run,
which runs the README's command under `env -i`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_command(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text.split(f"<!-- ci: {marker} -->", 1)[1]
    match = re.search(r"```bash\n(.*?)\n```", after, flags=re.S)
    assert match, f"README has no bash block after the {marker!r} marker"
    return match.group(1).strip()


def _names(lines: list[str]) -> set[str]:
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def test_readme_commands_run_in_the_venv() -> None:
    setup = _readme_command("setup-and-demo command")
    tests = _readme_command("test command")
    for command in (setup, tests):
        assert command.startswith("bash scripts/setup.sh && ")
        # Nothing after set-up may run a bare `python`/`pip`/`streamlit`: a stock shell has no `python`, and the
        # system Python is externally managed (PEP 668).
        for step in command.split("&&")[1:]:
            assert step.strip().startswith(".venv/bin/"), step
    assert ".venv/bin/streamlit run dashboard.py" in setup
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_in_a_stock_environment() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "env -i" in ci and "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" in ci
    extracted = subprocess.run(
        ["awk", re.search(r"awk '(.*?)' README\.md", ci, flags=re.S).group(1), "README.md"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert extracted == _readme_command("test command")


def test_setup_never_installs_into_the_system_python() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    code = [line for line in setup.splitlines() if not line.lstrip().startswith("#")]
    pip_lines = [line for line in code if "pip install" in line]
    assert pip_lines and all('"$VENV/bin/python" -m pip install' in line for line in pip_lines)
    assert all("--require-hashes -r requirements.lock" in line for line in pip_lines)
    assert any("-m venv" in line for line in code)


def test_lock_pins_every_requirement_with_hashes() -> None:
    wanted = _names((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==\S+", lock, flags=re.M)}
    missing = wanted - pinned
    assert not missing, f"requirements.txt names {sorted(missing)} but requirements.lock does not pin them: " \
                        "run `bash scripts/lock.sh`"
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", lock)
    assert all("--hash=sha256:" in block for block in blocks if "==" in block.split("\n", 1)[0])
