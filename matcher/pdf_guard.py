"""Text a PDF reader would not see: white or near-white text, tiny fonts, invisible render mode,
text placed outside the page. Such text is a known trick to game résumé screeners, so it is
removed before scoring and reported as a warning.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

MIN_VISIBLE_FONT_PT = 3.0  # below this, print is unreadable at 100 % zoom
NEAR_WHITE = 0.92  # fill colour components above this on a white page read as blank


@dataclass
class _GraphicsState:
    fill: tuple[float, ...] = (0.0,)  # gray, RGB or CMYK as given by the operator
    render_mode: int = 0
    stack: list[tuple[tuple[float, ...], int]] = field(default_factory=list)


def _is_near_white(fill: tuple[float, ...]) -> bool:
    if len(fill) == 4:  # CMYK: white is no ink
        return all(c <= 1 - NEAR_WHITE for c in fill)
    return all(c >= NEAR_WHITE for c in fill)


def _numbers(args: list) -> tuple[float, ...]:  # noqa: ANN001
    out = []
    for a in args:
        try:
            out.append(float(a))
        except (TypeError, ValueError):
            return ()
    return tuple(out)


def _hidden_fragments(page) -> tuple[list[str], dict[str, int]]:  # noqa: ANN001 - pypdf PageObject
    state = _GraphicsState()
    hidden: list[str] = []
    reasons: dict[str, int] = {}
    box = page.mediabox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)

    def before(op: bytes, args: list, cm: list, tm: list) -> None:  # noqa: ANN001
        if op == b"q":
            state.stack.append((state.fill, state.render_mode))
        elif op == b"Q" and state.stack:
            state.fill, state.render_mode = state.stack.pop()
        elif op in (b"g", b"rg", b"k", b"sc", b"scn"):
            values = _numbers(args)
            if values:
                state.fill = values
        elif op == b"Tr" and args:
            with contextlib.suppress(TypeError, ValueError):
                state.render_mode = int(args[0])

    def on_text(text: str, cm: list, tm: list, font_dict, font_size: float) -> None:  # noqa: ANN001
        if not text.strip():
            return
        scale = (abs(tm[3] * cm[3]) + abs(tm[0] * cm[0])) / 2 or 1.0
        size = abs(font_size) * scale
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        reason = None
        if state.render_mode in (3, 7):
            reason = "invisible"
        elif _is_near_white(state.fill):
            reason = "white"
        elif 0 < size < MIN_VISIBLE_FONT_PT:
            reason = "tiny"
        elif not (x0 - 5 <= x <= x1 + 5 and y0 - 5 <= y <= y1 + 5):
            reason = "off-page"
        if reason:
            hidden.append(text)
            reasons[reason] = reasons.get(reason, 0) + len(text.strip())

    page.extract_text(visitor_operand_before=before, visitor_text=on_text)
    return hidden, reasons


def extract_visible_text(reader) -> tuple[str, tuple[str, ...]]:  # noqa: ANN001 - PdfReader
    """The text of every page without hidden fragments, and one warning per kind removed."""
    pages, warnings = visible_page_texts(reader, layout=False)
    return "\n".join(pages), warnings


def _page_text(page, layout: bool) -> str:  # noqa: ANN001 - pypdf PageObject
    if layout:
        try:
            return page.extract_text(extraction_mode="layout") or ""
        except Exception:  # noqa: BLE001 - layout mode fails on some odd fonts; plain reads
            pass
    return page.extract_text() or ""


def visible_page_texts(reader, layout: bool = True) -> tuple[list[str], tuple[str, ...]]:  # noqa: ANN001
    """Each page's text (pypdf layout mode by default) without hidden fragments, and one
    warning per kind removed."""
    pages: list[str] = []
    totals: dict[str, int] = {}
    for page in reader.pages:
        text = _page_text(page, layout)
        try:
            hidden, reasons = _hidden_fragments(page)
        except Exception:  # noqa: BLE001 - a damaged content stream must not stop reading
            hidden, reasons = [], {}
        for fragment in hidden:
            piece = fragment.strip()
            if piece and piece in text:
                text = text.replace(piece, "", 1)
        for k, v in reasons.items():
            totals[k] = totals.get(k, 0) + v
        pages.append(text)
    labels = {
        "white": "white or near-white text",
        "tiny": f"text smaller than {MIN_VISIBLE_FONT_PT:g} pt",
        "off-page": "text placed outside the page",
        "invisible": "invisible (render mode 3) text",
    }
    warnings = tuple(
        f"hidden text removed: {labels[k]} ({n} characters)" for k, n in sorted(totals.items())
    )
    return pages, warnings
