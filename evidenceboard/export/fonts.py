"""The embedded Unicode fonts of the brief, and reportlab's safety settings.

The brief embeds DejaVu Sans (shipped in ``resources/fonts``; Bitstream Vera licence)
because reportlab's built-in Type 1 fonts only cover Latin-1: Turkish, Cyrillic, Greek,
Arabic and Hebrew names would come out as black boxes. DejaVu Sans Oblique lacks the
Arabic block, so the brief has no italic face and marks quotations by layout instead.

:func:`prepare_reportlab` also pins the settings that keep hostile board text from
reaching the network or the disk through reportlab, whatever the environment says
(``RL_trustedHosts`` and friends can be set from outside the process).
"""

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from evidenceboard.resources_path import resource

BODY_FONT = "EvidenceBoard-Sans"
BOLD_FONT = "EvidenceBoard-Sans-Bold"

_FILES = {BODY_FONT: "DejaVuSans.ttf", BOLD_FONT: "DejaVuSans-Bold.ttf"}


def prepare_reportlab() -> None:
    """Register the brief's fonts (once) and lock down reportlab's fetching of resources."""
    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    # The safe colour parser has been the default since 3.6.13; never let the
    # environment bring back the evaluating one (CVE-2023-33733).
    rl_config.toColorCanUse = "rl_extended_literal_eval"
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file_name))))
    # Map bold and italic requests onto faces that exist, so "<b>" in our own markup
    # picks the bold face and nothing falls back to a Latin-1-only built-in font.
    addMapping(BODY_FONT, 0, 0, BODY_FONT)
    addMapping(BODY_FONT, 1, 0, BOLD_FONT)
    addMapping(BODY_FONT, 0, 1, BODY_FONT)
    addMapping(BODY_FONT, 1, 1, BOLD_FONT)
