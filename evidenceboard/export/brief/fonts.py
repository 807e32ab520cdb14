"""The embedded Unicode fonts of the brief, the fallback fonts per script, and reportlab's
safety settings.

The brief embeds DejaVu Sans (shipped in ``resources/fonts``; Bitstream Vera licence)
because reportlab's built-in Type 1 fonts only cover Latin-1. DejaVu covers Latin,
Greek, Cyrillic, Hebrew and Arabic (with the presentation forms the shaper uses) but not
Chinese, Japanese, Korean, the Indic scripts, Thai, Khmer, Myanmar or most emoji. CJK
fonts run to megabytes
and the frozen app has no room for them, so the fallbacks are found on the system, in
order of preference: Noto Sans for each script, Droid Sans Fallback (Apache 2.0,
TrueType outlines; Noto Sans CJK is CFF, which reportlab cannot embed) for CJK, and
Symbola for emoji (monochrome; colour bitmap emoji fonts cannot be embedded), then the
fonts Windows and macOS come with. A font reportlab cannot embed (CFF outlines, or a
licence that forbids embedding) is skipped. A script
without a font is reported by :func:`missing_scripts` so the export can say so. The
fonts of the scripts marked ``shaped`` (Devanagari and the other Indic scripts, Thai,
Lao, Khmer, Myanmar) are :class:`~evidenceboard.export.brief.shaping.ShapedFont`, whose
words are shaped with HarfBuzz; a shaped script's own font is preferred to the body
font, which has Lao letters but no rules to place their marks.

:func:`font_runs` splits text into runs per font; :func:`run_markup` wraps the runs
that need a fallback in ``<font face=…>`` (our own constant names only). Every font is
embedded as a TrueType subset; no built-in font is ever referenced.

:func:`prepare_reportlab` also pins the settings that keep hostile board text from
reaching the network or the disk through reportlab, whatever the environment says
(``RL_trustedHosts`` and friends can be set from outside the process), and installs the
ToUnicode map of :mod:`evidenceboard.export.brief.font_unicode`.
"""

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import paragraph as paragraph_module
from reportlab.platypus.tables import CellStyle

from evidenceboard.export.brief.font_unicode import install_unicode_map
from evidenceboard.export.brief.shaping import ShapedFont, shaping_available
from evidenceboard.export.brief.word_widths import forget_widths, word_width
from evidenceboard.resources_path import resource

BODY_FONT = "EvidenceBoard-Sans"
BOLD_FONT = "EvidenceBoard-Sans-Bold"

_FILES = {BODY_FONT: "DejaVuSans.ttf", BOLD_FONT: "DejaVuSans-Bold.ttf"}
#: Characters with no width and no glyph of their own: they stay in the run around them.
_STICKY_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Zs", "Cc"})
#: Bidi isolates and embeddings: the brief uses them to order lines, then drops them.
ZERO_WIDTH = "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"
#: Zero-width controls drawn (as nothing) by the body font, whatever run they are in.
_BODY_CONTROLS = frozenset(ZERO_WIDTH + "\u200b\u200c\u200d\u200e\u200f")
#: Zero-width non-joiner and joiner: in a shaped script they stay in its run.
_JOINERS = frozenset("\u200c\u200d")


@dataclass(frozen=True, slots=True)
class Script:
    """A fallback script: its key, a label for messages, and file names to look for."""

    key: str
    label: str
    regular: tuple[str, ...]
    bold: tuple[str, ...] = ()
    #: Whether its letters are shaped (:mod:`evidenceboard.export.brief.shaping`).
    shaped: bool = False


SCRIPTS = (
    Script(
        "devanagari",
        "Devanagari",
        (
            "NotoSansDevanagari-Regular.ttf",
            "NotoSansDevanagariUI-Regular.ttf",
            "Nirmala.ttf",
            "mangal.ttf",
            "Mangal.ttf",
        ),
        ("NotoSansDevanagari-Bold.ttf", "NotoSansDevanagariUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "thai",
        "Thai",
        ("NotoSansThai-Regular.ttf", "NotoSansThaiUI-Regular.ttf", "LeelawUI.ttf", "tahoma.ttf"),
        ("NotoSansThai-Bold.ttf", "NotoSansThaiUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "bengali",
        "Bengali",
        ("NotoSansBengali-Regular.ttf", "NotoSansBengaliUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansBengali-Bold.ttf", "NotoSansBengaliUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "gurmukhi",
        "Gurmukhi",
        ("NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhiUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansGurmukhi-Bold.ttf", "NotoSansGurmukhiUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "gujarati",
        "Gujarati",
        ("NotoSansGujarati-Regular.ttf", "NotoSansGujaratiUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansGujarati-Bold.ttf", "NotoSansGujaratiUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "oriya",
        "Odia",
        ("NotoSansOriya-Regular.ttf", "NotoSansOriyaUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansOriya-Bold.ttf", "NotoSansOriyaUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "tamil",
        "Tamil",
        ("NotoSansTamil-Regular.ttf", "NotoSansTamilUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansTamil-Bold.ttf", "NotoSansTamilUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "telugu",
        "Telugu",
        ("NotoSansTelugu-Regular.ttf", "NotoSansTeluguUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansTelugu-Bold.ttf", "NotoSansTeluguUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "kannada",
        "Kannada",
        ("NotoSansKannada-Regular.ttf", "NotoSansKannadaUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansKannada-Bold.ttf", "NotoSansKannadaUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "malayalam",
        "Malayalam",
        ("NotoSansMalayalam-Regular.ttf", "NotoSansMalayalamUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansMalayalam-Bold.ttf", "NotoSansMalayalamUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "sinhala",
        "Sinhala",
        ("NotoSansSinhala-Regular.ttf", "NotoSansSinhalaUI-Regular.ttf", "Nirmala.ttf"),
        ("NotoSansSinhala-Bold.ttf", "NotoSansSinhalaUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "lao",
        "Lao",
        ("NotoSansLao-Regular.ttf", "NotoSansLaoUI-Regular.ttf", "LeelawUI.ttf"),
        ("NotoSansLao-Bold.ttf", "NotoSansLaoUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "khmer",
        "Khmer",
        ("NotoSansKhmer-Regular.ttf", "NotoSansKhmerUI-Regular.ttf", "LeelawUI.ttf"),
        ("NotoSansKhmer-Bold.ttf", "NotoSansKhmerUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "myanmar",
        "Myanmar",
        ("NotoSansMyanmar-Regular.ttf", "NotoSansMyanmarUI-Regular.ttf", "mmrtext.ttf"),
        ("NotoSansMyanmar-Bold.ttf", "NotoSansMyanmarUI-Bold.ttf"),
        shaped=True,
    ),
    Script(
        "cjk",
        "Chinese, Japanese and Korean",
        (
            "DroidSansFallbackFull.ttf",
            "DroidSansFallback.ttf",
            "wqy-microhei.ttc",
            "msyh.ttc",
            "Arial Unicode.ttf",
        ),
    ),
    Script(
        "emoji",
        "emoji",
        ("Symbola_hint.ttf", "Symbola.ttf", "seguiemj.ttf", "seguisym.ttf"),
    ),
    Script(
        "symbols",
        "symbols",
        ("NotoSansSymbols2-Regular.ttf", "Symbola_hint.ttf", "Symbola.ttf"),
    ),
)
#: Folders searched when fontconfig is not there (or finds nothing).
_FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)


def _fc_list() -> list[Path]:
    """Every font file fontconfig knows (fixed arguments, no shell, bounded in time)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run(
            [fc_list, "--format=%{file}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line) for line in done.stdout.splitlines() if line.strip()]


@cache
def _system_fonts() -> dict[str, Path]:
    """Font files on this system by file name (fontconfig first, then known folders)."""
    found: dict[str, Path] = {}
    for path in _fc_list():
        found.setdefault(path.name, path)
    if not found:
        for folder in _FONT_FOLDERS:
            if folder.is_dir():
                for path in folder.rglob("*.tt[fc]"):
                    found.setdefault(path.name, path)
    return found


def _first(names: tuple[str, ...]) -> Path | None:
    fonts = _system_fonts()
    for name in names:
        path = fonts.get(name)
        if path is not None and path.is_file():
            return path
    return None


def _register(name: str, path: Path, *, shaped: bool = False) -> TTFont | None:
    if name in pdfmetrics.getRegisteredFontNames():
        font: TTFont = pdfmetrics.getFont(name)
        return font
    # Without HarfBuzz (a build without uharfbuzz) the script is drawn unshaped, as
    # before: legible to a reader of the script, though not well set.
    kind = ShapedFont if shaped and shaping_available() else TTFont
    try:
        font = kind(name, str(path))
    except (TTFError, OSError, ValueError, AssertionError):
        # A CFF-outline or broken font: reportlab cannot embed it, so it is not used (and
        # the script it was for is reported as missing).
        return None
    _zero_width(font)
    pdfmetrics.registerFont(font)
    return font


def _zero_width(font: TTFont) -> None:
    # The bidi controls the brief inserts are removed before drawing; while a line is
    # broken they must not take room (a missing glyph counts as the font's default width).
    for char in ZERO_WIDTH:
        font.face.charWidths[ord(char)] = 0


#: Code point ranges of each fallback script, so a board in one script loads one font.
_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "devanagari": ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    "thai": ((0x0E00, 0x0E7F),),
    "bengali": ((0x0980, 0x09FF),),
    "gurmukhi": ((0x0A00, 0x0A7F),),
    "gujarati": ((0x0A80, 0x0AFF),),
    "oriya": ((0x0B00, 0x0B7F),),
    "tamil": ((0x0B80, 0x0BFF),),
    "telugu": ((0x0C00, 0x0C7F),),
    "kannada": ((0x0C80, 0x0CFF),),
    "malayalam": ((0x0D00, 0x0D7F),),
    "sinhala": ((0x0D80, 0x0DFF),),
    "lao": ((0x0E80, 0x0EFF),),
    "myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
    "khmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "cjk": (
        (0x2E80, 0x9FFF),
        (0xAC00, 0xD7AF),
        (0xF900, 0xFAFF),
        (0xFE30, 0xFE4F),
        (0xFF00, 0xFFEF),
        (0x20000, 0x2FFFF),
    ),
    "emoji": ((0x1F000, 0x1FAFF), (0x2600, 0x27BF)),
}
_BY_KEY = {script.key: script for script in SCRIPTS}


@dataclass(frozen=True, slots=True)
class _Fallback:
    regular: str
    bold: str
    covered: frozenset[int]


#: Each script's fallback once looked for (None: no usable font on this system).
_loaded: dict[str, _Fallback | None] = {}
_loaded_files: dict[Path, _Fallback] = {}
_primary: dict[int, int] = {}
_run_cache: dict[str, str] = {}
#: The names of the fallback faces that shape their text.
_shaped_fonts: set[str] = set()


def _load(script: Script) -> _Fallback | None:
    if script.key in _loaded:
        return _loaded[script.key]
    fallback: _Fallback | None = None
    path = _first(script.regular)
    if path is not None and path in _loaded_files:
        fallback = _loaded_files[path]  # one file serving two scripts (Symbola)
    elif path is not None:
        regular = _register(f"EvidenceBoard-{script.key}", path, shaped=script.shaped)
        if regular is not None:
            bold_name = regular.fontName
            bold_path = _first(script.bold)
            bold = (
                None
                if bold_path is None
                else _register(f"{regular.fontName}-Bold", bold_path, shaped=script.shaped)
            )
            if bold is not None:
                bold_name = bold.fontName
            # "<b>" around a fallback run picks its bold face, or the regular one.
            addMapping(regular.fontName, 0, 0, regular.fontName)
            addMapping(regular.fontName, 1, 0, bold_name)
            addMapping(regular.fontName, 0, 1, regular.fontName)
            addMapping(regular.fontName, 1, 1, bold_name)
            # A copy: shaping adds private-use characters to the font's own map for the
            # glyphs that have none, and board text in that area is not its to draw.
            covered = frozenset(regular.face.charToGlyph)
            fallback = _Fallback(regular.fontName, bold_name, covered)
            if isinstance(regular, ShapedFont):
                _shaped_fonts.update((regular.fontName, bold_name))
            _loaded_files[path] = fallback
    _loaded[script.key] = fallback
    return fallback


def _script_of(code: int) -> Script | None:
    for key, ranges in _RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return _BY_KEY[key]
    return None


#: What reportlab compares to tell whether two fragments can share one run of text.
_FRAG_STYLE = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def _same_frag(f: Any, g: Any) -> bool:
    """reportlab's own ``sameFrag``, as its pure-Python version has it.

    The C one of ``rl-accel`` takes four times as long (some 4 µs a call); a 1,000-claim
    brief calls it 150,000 times while breaking lines of more than one fragment.
    """
    fdict = f.__dict__
    gdict = g.__dict__
    if "cbDefn" in fdict or "lineBreak" in fdict or "cbDefn" in gdict or "lineBreak" in gdict:
        return False
    return [fdict.get(k) for k in _FRAG_STYLE] == [gdict.get(k) for k in _FRAG_STYLE]


def prepare_reportlab() -> None:
    """Register the brief's fonts (once) and lock down reportlab's fetching of resources."""
    # The same answers as reportlab's accelerated comparison, in a quarter of the time.
    paragraph_module.sameFrag = _same_frag
    # Line breaking measures each word; a brief's words repeat (word_widths.py).
    paragraph_module.stringWidth = word_width
    forget_widths()
    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    # The safe colour parser has been the default since 3.6.13; never let the
    # environment bring back the evaluating one (CVE-2023-33733).
    rl_config.toColorCanUse = "rl_extended_literal_eval"
    # A new canvas selects its base font on every page; a built-in one would be a
    # reference to a font the PDF does not embed.
    rl_config.canvas_basefontname = BODY_FONT
    # A table selects its cells' font even for cells that hold paragraphs.
    CellStyle.fontname = BODY_FONT
    # And a drawing (the board diagram) starts from the graphics state's default font.
    STATE_DEFAULTS["fontName"] = BODY_FONT
    install_unicode_map()
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file_name in _FILES.items():
        if name not in registered:
            font = TTFont(name, str(resource("fonts", file_name)))
            _zero_width(font)
            pdfmetrics.registerFont(font)
    # Map bold and italic requests onto faces that exist, so "<b>" in our own markup
    # picks the bold face and nothing falls back to a Latin-1-only built-in font.
    addMapping(BODY_FONT, 0, 0, BODY_FONT)
    addMapping(BODY_FONT, 1, 0, BOLD_FONT)
    addMapping(BODY_FONT, 0, 1, BODY_FONT)
    addMapping(BODY_FONT, 1, 1, BOLD_FONT)
    if not _primary:
        _primary.update(pdfmetrics.getFont(BODY_FONT).face.charToGlyph)


def _font_for(char: str) -> str:
    """The font that draws ``char``: the body font when it can, else a fallback.

    A shaped script's own font comes before the body font: DejaVu Sans has Lao letters
    but no rules to place their marks.
    """
    code = ord(char)
    if not _primary:
        prepare_reportlab()
    own = _script_of(code)
    if code in _primary and (own is None or not own.shaped or _load(own) is None):
        return BODY_FONT
    # The script's own font first; any other only for characters outside the ranges.
    for script in (own,) if own is not None else SCRIPTS:
        if script is None:
            continue
        fallback = _load(script)
        if fallback is not None and code in fallback.covered:
            return fallback.regular
    return BODY_FONT


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into ``(font name, text)`` runs; marks and spaces join their run."""
    if text.isascii():
        return [(BODY_FONT, text)] if text else []
    runs: list[tuple[str, str]] = []
    current = BODY_FONT
    start = 0
    for index, char in enumerate(text):
        if char in _JOINERS and current in _shaped_fonts:
            font = current  # they choose a conjunct's form, so the shaper must see them
        elif char < "\u0250" or char in _BODY_CONTROLS:
            font = BODY_FONT
        elif unicodedata.category(char) in _STICKY_CATEGORIES:
            font = current
        else:
            font = _run_cache.get(char) or _run_cache.setdefault(char, _font_for(char))
        if font != current:
            if index > start:
                runs.append((current, text[start:index]))
            current, start = font, index
    if len(text) > start:
        runs.append((current, text[start:]))
    return runs


def needs_fallback(text: str) -> bool:
    """Whether any character of ``text`` is drawn with a fallback font."""
    if text.isascii():
        return False
    return any(font != BODY_FONT for font, _run in font_runs(text))


def run_markup(markup: str) -> str:
    """Escaped ``markup`` with each run that needs a fallback font put in ``<font face>``.

    Entities and tags are ASCII, so they always stay in body-font runs and are never cut.
    """
    if markup.isascii():
        return markup
    return "".join(
        chunk if font == BODY_FONT else f'<font face="{font}">{chunk}</font>'
        for font, chunk in font_runs(markup)
    )


def missing_scripts(text: str) -> list[str]:
    """The scripts in ``text`` that no font on this system can draw (their labels)."""
    if text.isascii():
        return []
    labels: set[str] = set()
    for char in set(text):
        if char < "\u0250" or unicodedata.category(char) in _STICKY_CATEGORIES:
            continue
        if _font_for(char) != BODY_FONT or ord(char) in _primary:
            continue
        script = _script_of(ord(char))
        if script is not None:
            labels.add(script.label)
        else:
            # Named after the character's script, as Unicode names begin: "BENGALI LETTER A".
            labels.add(unicodedata.name(char, "SOME CHARACTERS").split(" ")[0].title())
    return sorted(labels)
