"""Hold the one page layout of a letter: geometry, fonts, sizes and spacing.

Every renderer reads these numbers (the DOCX writer in twips, the Typst PDF renderer
and page view in points and millimetres); none of them keeps a copy of a layout rule.
Lengths are in millimetres (`_mm`) for the page and in points (`_pt`) for type.

The fonts: the DOCX names Arial, which Word on Windows has and LibreOffice maps to
Liberation Sans; the PDF embeds Liberation Sans (shipped with kkletter), which has
Arial's metrics, so a line breaks at the same word in both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kkletter.markup import Table

MM_PER_PT = 25.4 / 72
TWIPS_PER_PT = 20


def mm_to_twips(mm: float) -> int:
    """Return `mm` millimetres in twips (twentieths of a point), rounded."""
    return round(mm / MM_PER_PT * TWIPS_PER_PT)


def pt_to_twips(pt: float) -> int:
    """Return `pt` points in twips, rounded."""
    return round(pt * TWIPS_PER_PT)


@dataclass(frozen=True)
class Page:
    """A4 with a wide right margin that leaves room for page 1's contact column."""

    width_mm: float = 210.0
    height_mm: float = 297.0
    margin_top_mm: float = 25.0
    margin_bottom_mm: float = 25.0
    margin_left_mm: float = 25.0
    margin_right_mm: float = 58.0
    header_distance_mm: float = 12.5  # "Side X af Y" on pages 2+
    column_x_mm: float = 158.0  # the contact column, from the page's left edge
    column_y_mm: float = 45.0  # ... and from its top edge
    column_width_mm: float = 44.0

    @property
    def text_width_mm(self) -> float:
        """Return the width of the text column."""
        return self.width_mm - self.margin_left_mm - self.margin_right_mm


@dataclass(frozen=True)
class Style:
    """One paragraph style: size, bold, line spacing (a multiple) and spacing in points."""

    size_pt: float
    bold: bool = False
    line: float = 1.1  # multiple of the font's single line height
    before_pt: float = 0.0
    after_pt: float = 0.0
    caps: bool = False


@dataclass(frozen=True)
class Fonts:
    """The font families: `docx` is named in the DOCX, `pdf` embedded in the PDF."""

    docx: str = "Arial"
    pdf: str = "Liberation Sans"
    # For characters Liberation Sans lacks (Arabic, Hebrew, many symbols); shipped too.
    pdf_fallback: str = "DejaVu Sans"


# A font's single line height as a multiple of its size: (ascent + descent + line gap)
# of Arial / Liberation Sans, which Word and LibreOffice use for "single" spacing.
LINE_HEIGHT = 2355 / 2048
# The descent below the baseline (as a multiple of the size); a line's box is its
# line height, the baseline sits this far above the box's bottom.
DESCENT = 434 / 2048


@dataclass(frozen=True)
class Layout:
    """The letter's layout; `LAYOUT` is the one every renderer uses."""

    page: Page = Page()
    fonts: Fonts = Fonts()
    body: Style = Style(11, after_pt=10)
    title: Style = Style(16, bold=True, after_pt=12, caps=True)  # the document type
    headings: tuple[Style, ...] = (
        Style(14, bold=True, before_pt=6, after_pt=10),
        Style(12, bold=True, before_pt=14, after_pt=5),
        Style(11, bold=True, before_pt=12, after_pt=4),
        Style(11, bold=True, before_pt=10, after_pt=3),
        Style(11, bold=True, before_pt=10, after_pt=3),
        Style(11, bold=True, before_pt=10, after_pt=3),
    )
    letterhead: Style = Style(10)
    letterhead_gap_pt: float = 34.6  # below the letterhead: the recipient starts 5 cm down
    column: Style = Style(8, line=1.0)  # the contact column on page 1
    column_gap_pt: float = 8.0  # between its entries
    column_section_gap_pt: float = 24.0  # between the case block and the contact lines
    recipient: Style = Style(11)
    recipient_gap_pt: float = 30.0
    signer: Style = Style(11)
    signature_gap_pt: float = 24.0  # room for a handwritten signature without an image
    signature_width_mm: float = 40.0
    logo_gap_pt: float = 8.0  # below the unit's logo, above the letterhead lines
    page_number: Style = Style(9, line=1.0)
    list_indent_pt: float = 17.85  # per level; the marker hangs in it
    list_item_after_pt: float = 3.0
    list_markers: tuple[str, ...] = ("•", "–", "▪")
    list_numbering: tuple[str, ...] = ("1.", "a.", "i.")
    table_cell: Style = Style(11, line=1.0, before_pt=2, after_pt=2)
    table_cell_padding_pt: float = 5.4  # left and right
    table_rule_pt: float = 0.5
    table_gap_pt: float = 1.0  # the small paragraph that keeps adjacent tables apart
    page_label: str = "Side {page} af {pages}"

    def heading(self, level: int) -> Style:
        """Return the style of a heading of `level` (1-6; out of range is clamped)."""
        return self.headings[min(max(level, 1), len(self.headings)) - 1]


LAYOUT = Layout()


def line_pitch_pt(style: Style) -> float:
    """Return the distance between two baselines of `style` in points."""
    return style.size_pt * LINE_HEIGHT * style.line


# --- table columns ---------------------------------------------------------------

# Rough text metrics for 11 pt Arial: an average character's width. Good enough to
# give a long-label column more room.
_CHAR_PT = 5.75
_MIN_COLUMN_PT = 42.5  # 1.5 cm


def column_widths(table: Table, total_pt: float) -> list[float]:
    """Return column widths in points for `table` that add up to `total_pt`.

    Like a browser's automatic table layout: every column first gets room for its
    longest word (so no word breaks mid-way where avoidable), the rest is shared in
    proportion to how much more each column's longest line wants. No column is ever
    narrower than 1.5 cm (or an equal share, when there are many columns): a very
    long word breaks instead of squeezing its neighbours to nothing.
    """
    columns = table.columns
    if columns == 0:
        return []
    padding = 2 * LAYOUT.table_cell_padding_pt
    floor = min(_MIN_COLUMN_PT, total_pt / columns)
    shortest = [0] * columns
    widest = [0] * columns
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            for line in cell.text.split("\n"):
                if len(line) > widest[index]:
                    widest[index] = len(line)
                words = line.split()
                if words:
                    longest_word = max(map(len, words))
                    if longest_word > shortest[index]:
                        shortest[index] = longest_word
    least = [max(floor, n * _CHAR_PT + padding) for n in shortest]
    most = [max(low, n * _CHAR_PT + padding) for low, n in zip(least, widest, strict=True)]
    if sum(least) >= total_pt:
        # Not even the longest words fit: every column keeps its floor and the rest is
        # shared by how much more each one wants.
        wants = [low - floor for low in least]
        spare = total_pt - floor * columns
        share = sum(wants) or 1.0
        widths = [floor + spare * want / share for want in wants]
    elif sum(most) <= total_pt:
        scale = total_pt / sum(most)
        widths = [high * scale for high in most]
    else:
        spare = total_pt - sum(least)
        wants = [high - low for low, high in zip(least, most, strict=True)]
        share = sum(wants) or 1.0
        widths = [low + spare * want / share for low, want in zip(least, wants, strict=True)]
    widths[-1] = total_pt - sum(widths[:-1])
    return widths


# --- writing direction -----------------------------------------------------------


def is_right_to_left(text: str) -> bool:
    """Return whether `text`'s first strong character is right-to-left (Arabic, Hebrew)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def any_right_to_left(texts: Sequence[str]) -> bool:
    """Return whether the first of `texts` with a strong character is right-to-left."""
    return is_right_to_left("".join(texts))
