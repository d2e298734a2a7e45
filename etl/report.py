"""The report every ETL stage writes into: problems are collected, never raised one at a time.

A problem names the file and, where it applies, the sheet, row, column, region code and name, with a short
machine-readable code and a human message that says how to fix it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from petakesos._errors import CommandError, FatalInput  # noqa: F401  (re-exported for the ETL stages)

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Problem:
    severity: str
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None  # 1-based row in the file as the user sees it (header = row 1 for tables)
    column: str = ""
    kode: str = ""
    nama: str = ""

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column:
            parts.append(f"kolom {self.column!r}")
        return ", ".join(p for p in parts if p)

    def format(self) -> str:
        subject = " ".join(p for p in (self.kode, f"({self.nama})" if self.nama else "") if p)
        head = f"[{self.severity.upper()} {self.code}] {self.where()}"
        return f"{head}{': ' + subject if subject else ''} — {self.message}"




@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, severity: str, code: str, message: str, **where: object) -> None:
        self.problems.append(Problem(severity, code, message, **where))  # type: ignore[arg-type]

    def error(self, code: str, message: str, **where: object) -> None:
        self.add(ERROR, code, message, **where)

    def warning(self, code: str, message: str, **where: object) -> None:
        self.add(WARNING, code, message, **where)

    def info(self, code: str, message: str, **where: object) -> None:
        self.add(INFO, code, message, **where)

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    def counts(self) -> Counter:
        return Counter((p.severity, p.code) for p in self.problems)

    def format(self, limit: int = 200) -> str:
        lines = list(self.notes)
        shown = sorted(self.problems, key=lambda p: {ERROR: 0, WARNING: 1, INFO: 2}[p.severity])
        lines += [p.format() for p in shown[:limit]]
        if len(shown) > limit:
            lines.append(f"… dan {len(shown) - limit} masalah lain (lihat --report FILE untuk daftar lengkap)")
        summary = ", ".join(f"{n}× {sev} {code}" for (sev, code), n in sorted(self.counts().items()))
        if summary:
            lines.append(f"Ringkasan masalah: {summary}")
        return "\n".join(lines)

    def to_frame(self):
        """Every problem as a table (file, sheet, row, column, problem, fix) for the data administration page."""
        import pandas as pd

        order = {ERROR: 0, WARNING: 1, INFO: 2}
        shown = sorted(self.problems, key=lambda p: order[p.severity])
        return pd.DataFrame(
            [{"tingkat": p.severity, "file": p.file, "sheet": p.sheet, "baris": p.row, "kolom": p.column,
              "kode": p.kode, "masalah": p.code, "perbaikan": p.message} for p in shown],
            columns=["tingkat", "file", "sheet", "baris", "kolom", "kode", "masalah", "perbaikan"],
        ).astype({"baris": "Int64"})

    def to_csv(self, path: str) -> None:
        """Every problem as CSV (cells quoted from the user's file are neutralised against formula injection)."""
        import csv

        from petakesos.export.safe import neutralise

        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["severity", "code", "file", "sheet", "row", "column", "kode", "nama", "message"])
            for p in self.problems:
                writer.writerow([neutralise(v) for v in (p.severity, p.code, p.file, p.sheet, p.row or "", p.column,
                                                          p.kode, p.nama, p.message)])


def print_report(report: Report, csv_path: object | None = None, limit: int = 200) -> None:
    """Print the report for the command line and, when asked, write every problem to a CSV file."""
    print(report.format(limit=limit))
    if csv_path:
        report.to_csv(str(csv_path))
        print(f"Laporan lengkap: {csv_path}")
