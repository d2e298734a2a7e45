"""One verdict line per benchmark target, so a run on an idle machine is read at a glance.

`verdict(...)` prints `VERDICT <target>: target ≤ L unit, measured M unit (note) → MET / NOT MET` at once;
`summary()` prints every verdict of the run again at the end.
"""

from __future__ import annotations

_VERDICTS: list[str] = []


def verdict(target: str, measured: float, limit: float, unit: str, note: str = "") -> bool:
    met = measured <= limit
    text = (f"VERDICT {target}: target ≤ {limit:,.0f} {unit}, measured {measured:,.1f} {unit}"
            f"{f' ({note})' if note else ''} → {'MET' if met else 'NOT MET'}")
    _VERDICTS.append(text)
    print(text, flush=True)
    return met


def summary() -> None:
    print("\n".join(["", "Summary:", *_VERDICTS]), flush=True)
