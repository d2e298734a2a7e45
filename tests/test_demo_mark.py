"""The demo mark ("DATA CONTOH") has one definition, `petakesos.welfare.DEMO_SOURCE`: the stored source label, the
export badge and watermark, the SQL flag and both UI catalogues all use that constant, so a new spelling cannot
appear in one place only."""

from __future__ import annotations

import ast
from pathlib import Path

from petakesos import i18n
from petakesos.welfare import DEMO_SOURCE

ROOT = Path(__file__).resolve().parents[1]
DEFINITION = ROOT / "petakesos" / "welfare" / "__init__.py"


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (module, class, function): prose, not values."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_the_demo_mark_is_spelled_out_only_once():
    sources = [p for folder in ("petakesos", "pages", "etl") for p in (ROOT / folder).rglob("*.py")]
    sources.append(ROOT / "dashboard.py")
    spelled = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and DEMO_SOURCE in node.value):
                spelled.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert spelled == [f"{DEFINITION.relative_to(ROOT)}:{_definition_line()}"]


def _definition_line() -> int:
    for number, line in enumerate(DEFINITION.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("DEMO_SOURCE ="):
            return number
    raise AssertionError("DEMO_SOURCE is not defined in petakesos/welfare/__init__.py")


def test_both_catalogues_show_the_one_mark():
    for lang in i18n.LANGUAGES:
        T = i18n.texts(lang)
        for key in ("DEMO_BANNER", "DEMO_SHORT", "DEMO_CSV_LINE"):
            assert T(key).startswith(DEMO_SOURCE), (lang, key)
