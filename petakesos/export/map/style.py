"""Colours, type and units shared by every part of the print map."""

FONT = "DejaVu Sans"  # matplotlib's own default sans-serif; Debian fonts-dejavu-core provides the same
INK = "#1a1a1a"
MUTED = "#555555"
CONTEXT_FILL = "#ececec"
HIDDEN_FILL = "#f4f4f4"
# Neutral dark grey for the demo badge and watermark: no class of any palette is grey-black.
DEMO_INK = "#4a4a4a"
ACCENT = "#c0392b"
MM = 1 / 25.4
