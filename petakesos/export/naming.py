"""File names of exports that say what the file is, so that no export overwrites another.

peta_<indikator>_<wilayah>_<tahun>_<level>_<publik|analis>_<kertas>-<orientasi>.<format>
tabel_<wilayah>_<tahun>_<publik|analis>.<format>

`publik` files are safe to publish (docs/privacy.md); `analis` files hold exact sensitive values.
"""

from __future__ import annotations

import re


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def audience(public: bool) -> str:
    return "publik" if public else "analis"


def map_file_name(indikator: str, kode: str, tahun: int, fmt: str, *, paper: str, orientation: str, public: bool,
                  level: str | None = None) -> str:  # fmt: skip
    region = kode.replace(".", "") or "indonesia"
    detail = f"_{_slug(level)}" if level else ""
    sheet = "layar" if paper.lower() == "screen" else f"{paper.lower()}-{orientation.lower()}"
    return f"peta_{_slug(indikator)}_{region}_{int(tahun)}{detail}_{audience(public)}_{sheet}.{fmt.lower()}"


def table_file_name(kode: str, tahun: int, fmt: str, *, public: bool) -> str:
    region = kode.replace(".", "") or "indonesia"
    return f"tabel_{region}_{int(tahun)}_{audience(public)}.{fmt.lower()}"
