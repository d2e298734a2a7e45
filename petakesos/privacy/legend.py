"""Classes of a public map come from public values only.

The dashboard's analyst view classifies exact values; with few distinct values its class bounds can be the exact
hidden values, so a public export must never reuse that classification. It keeps the choices the user made (method,
number of classes, palette, manual breaks — numbers the user typed, not data) and `render_map` classifies the
public values again.
"""

from __future__ import annotations

from petakesos import classify as cls


def public_classification_options(classification: cls.Classification, state) -> dict:
    """Keyword arguments of `render_map` reproducing the on-screen choices of `state` (a `views.ViewState`) for a
    map classified from public values only."""
    method = classification.method if classification.method in cls.METHODS else "quantile"
    return {
        "method": method,
        "classes": int(state.kelas),
        "palette": state.palet,
        "manual_breaks": list(state.batas) if method == "manual" and state.batas else None,
    }
