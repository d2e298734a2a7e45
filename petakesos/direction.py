"""The one definition of each indicator's direction: whether a higher value is worse (PMKS: more people with
social-welfare problems; desa without a WKSBM: a larger SPM gap) or better (coverage, WKSBM, PSKS resources).

The Tren page colours a change by it (a worsening in brown, an improvement in teal) and the KPI cards colour
their change arrows by it.
"""

from __future__ import annotations

# Indicators whose increase is bad news; every PMKS indicator (`pmks_total`, `pmks_per_1000`, `pmks:<category>`)
# is one of them.
HIGHER_IS_WORSE = frozenset({"desa_tanpa_wksbm"})
HIGHER_IS_WORSE_PREFIX = "pmks"


def higher_is_worse(indikator: str) -> bool:
    return indikator in HIGHER_IS_WORSE or indikator.startswith(HIGHER_IS_WORSE_PREFIX)
