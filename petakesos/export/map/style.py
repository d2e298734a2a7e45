"""Colours, type and units shared by every part of the print map."""

FONT = "DejaVu Sans"  # matplotlib's own default sans-serif; Debian fonts-dejavu-core provides the same
INK = "#1a1a1a"
MUTED = "#555555"
CONTEXT_FILL = "#ececec"
# Pale blue water: the map reads as one block on the page (never as empty paper), and a white class (zero) or a
# pale one stays distinct from the sea. No palette has a class this pale or this blue-grey.
SEA_FILL = "#e4edf4"
HIDDEN_FILL = "#f4f4f4"
# Neutral dark grey for the demo badge and watermark: no class of any palette is grey-black.
DEMO_INK = "#4a4a4a"
ACCENT = "#c0392b"
MM = 1 / 25.4
