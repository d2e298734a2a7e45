"""Every option is documented: an environment variable used anywhere in the code must be listed, with its type and
default, in the docstring of petakesos/settings.py (the one place users read them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from petakesos import settings
from petakesos._errors import SettingError

ROOT = Path(__file__).resolve().parent.parent


def _used_options() -> set[str]:
    used: set[str] = set()
    files = [ROOT / "dashboard.py", *ROOT.glob("petakesos/**/*.py"), *ROOT.glob("etl/**/*.py"), *ROOT.glob("pages/*.py")]
    for path in files:
        used.update(re.findall(r"PETAKESOS_[A-Z0-9_]*[A-Z0-9]", path.read_text(encoding="utf-8")))
    # PETAKESOS_DISPLAY_{level} is built from the level names
    used.update(f"PETAKESOS_DISPLAY_{tingkat.upper()}" for tingkat in settings.DEFAULT_DISPLAY)
    return {name for name in used if name != "PETAKESOS_DISPLAY"}


def test_every_option_in_the_code_is_documented_with_type_and_default() -> None:
    doc = settings.__doc__ or ""
    entries = dict(re.findall(r"`(PETAKESOS_[A-Z0-9_]+)`(?:, `PETAKESOS_[A-Z0-9_]+`)*: ([^—]+) —", doc))
    documented = set(re.findall(r"`(PETAKESOS_[A-Z0-9_]+)`", doc))
    missing = sorted(_used_options() - documented)
    assert not missing, f"options used in the code but not in petakesos/settings.py's docstring: {missing}"
    for name, type_and_default in entries.items():
        assert "," in type_and_default, f"{name}: write 'type, default' before the dash"


def test_a_bad_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETAKESOS_K", "lima")
    with pytest.raises(SettingError, match="PETAKESOS_K"):
        settings.get_settings()
    monkeypatch.setenv("PETAKESOS_K", "5")
    monkeypatch.setenv("PETAKESOS_SLIVER_HOLE_AREA", "kecil")
    with pytest.raises(SettingError, match="PETAKESOS_SLIVER_HOLE_AREA"):
        settings.get_settings()
