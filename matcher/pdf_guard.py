"""Text a PDF reader would not see: text whose colour is too close to what lies beneath it
(white on white, 0.9 gray on white, gray on a gray box), text painted over by an opaque shape
(a white rectangle drawn on top), tiny fonts, invisible render mode, text placed outside the
page. Such text is a known trick to game résumé screeners, so it is removed before scoring and
reported as a warning.

The page is replayed operator by operator: filled shapes (rectangles and paths, by their
bounding box) are recorded with their colour and drawing order; each piece of text is compared
with the last opaque shape beneath it (else the white page) and with the shapes drawn after it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

MIN_VISIBLE_FONT_PT = 3.0  # below this, print is unreadable at 100 % zoom
# Text whose colour differs from its background by less than this on every RGB channel
# (0-1) cannot be read: 0.9 gray on white (0.10) is hidden, 0.75 gray on white (0.25) is not.
MIN_COLOUR_CONTRAST = 0.15
MIN_OPAQUE_ALPHA = 0.9  # a shape this opaque hides what it covers
WHITE = (1.0, 1.0, 1.0)
_FILL_OPS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_PATH_END_OPS = _FILL_OPS | {b"n", b"S", b"s"}


@dataclass(frozen=True)
class _Shape:
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in page space
    colour: tuple[float, float, float]
    order: int


@dataclass(frozen=True)
class _Text:
    text: str
    box: tuple[float, float, float, float]
    colour: tuple[float, float, float]
    order: int
    size: float
    render_mode: int


@dataclass
class _GraphicsState:
    fill: tuple[float, ...] = (0.0,)  # gray, RGB or CMYK as given by the operator
    render_mode: int = 0
    alpha: float = 1.0
    stack: list[tuple[tuple[float, ...], int, float]] = field(default_factory=list)


def _rgb(fill: tuple[float, ...]) -> tuple[float, float, float]:
    if len(fill) == 1:
        return (fill[0], fill[0], fill[0])
    if len(fill) == 3:
        return (fill[0], fill[1], fill[2])
    if len(fill) == 4:  # CMYK: white is no ink
        c, m, y, k = fill
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return (0.0, 0.0, 0.0)


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return max(abs(x - y) for x, y in zip(a, b))


def _numbers(args: list) -> tuple[float, ...]:  # noqa: ANN001
    out = []
    for a in args:
        try:
            out.append(float(a))
        except (TypeError, ValueError):
            return ()
    return tuple(out)


def _apply(cm: list, x: float, y: float) -> tuple[float, float]:  # noqa: ANN001
    return (x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5])


def _bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _contains(outer: tuple[float, ...], inner: tuple[float, ...], slack: float = 1.0) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _alpha(page, name: object) -> float | None:  # noqa: ANN001 - pypdf PageObject
    """The fill alpha (/ca) of the named ExtGState, when it sets one."""
    with contextlib.suppress(Exception):
        states = page["/Resources"]["/ExtGState"]
        value = states[name].get_object().get("/ca")
        return None if value is None else float(value)
    return None


def _replay(page) -> tuple[list[_Text], list[_Shape]]:  # noqa: ANN001, C901 - PageObject
    """Every text piece and every opaque filled shape of the page, in drawing order."""
    state = _GraphicsState()
    texts: list[_Text] = []
    shapes: list[_Shape] = []
    path: list[tuple[float, float]] = []
    order = [0]

    def before(op: bytes, args: list, cm: list, tm: list) -> None:  # noqa: ANN001
        order[0] += 1
        if op == b"q":
            state.stack.append((state.fill, state.render_mode, state.alpha))
        elif op == b"Q" and state.stack:
            state.fill, state.render_mode, state.alpha = state.stack.pop()
        elif op in (b"g", b"rg", b"k", b"sc", b"scn"):
            values = _numbers(args)
            if values:
                state.fill = values
        elif op == b"Tr" and args:
            with contextlib.suppress(TypeError, ValueError):
                state.render_mode = int(args[0])
        elif op == b"gs" and args:
            alpha = _alpha(page, args[0])
            if alpha is not None:
                state.alpha = alpha
        elif op == b"re":
            values = _numbers(args)
            if len(values) == 4:
                x, y, w, h = values
                path.extend(_apply(cm, px, py) for px, py in
                            ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
        elif op in (b"m", b"l", b"c", b"v", b"y"):
            values = _numbers(args)
            path.extend(_apply(cm, values[i], values[i + 1]) for i in range(0, len(values) - 1, 2))
        if op in _PATH_END_OPS:
            if op in _FILL_OPS and path and state.alpha >= MIN_OPAQUE_ALPHA:
                shapes.append(_Shape(_bbox(path), _rgb(state.fill), order[0]))
            path.clear()

    def on_text(text: str, cm: list, tm: list, font_dict, font_size: float) -> None:  # noqa: ANN001
        if not text.strip():
            return
        scale = (abs(tm[3] * cm[3]) + abs(tm[0] * cm[0])) / 2 or 1.0
        size = abs(font_size) * scale
        x, y = _apply(cm, tm[4], tm[5])
        width = len(text.strip()) * size * 0.5  # an average glyph is about half an em wide
        box = (x, y, x + width, y + size * 0.7)  # baseline to x-height: what must be covered
        colour = (1.0, 1.0, 1.0) if state.render_mode in (3, 7) else _rgb(state.fill)
        texts.append(_Text(text, box, colour, order[0], size, state.render_mode))

    page.extract_text(visitor_operand_before=before, visitor_text=on_text)
    return texts, shapes


def _background(piece: _Text, shapes: list[_Shape]) -> tuple[float, float, float]:
    """The colour beneath a text piece: the last shape drawn before it that holds its start."""
    start = (piece.box[0], piece.box[1], piece.box[0] + 0.1, piece.box[1] + 0.1)
    for shape in reversed(shapes):
        if shape.order < piece.order and _contains(shape.box, start):
            return shape.colour
    return WHITE


def _covered(piece: _Text, shapes: list[_Shape]) -> bool:
    """Whether an opaque shape drawn after the text covers all of it."""
    return any(s.order > piece.order and _contains(s.box, piece.box) for s in shapes)


def _reason(piece: _Text, shapes: list[_Shape], page_box: tuple[float, ...]) -> str | None:
    x, y = piece.box[0], piece.box[1]
    if piece.render_mode in (3, 7):
        return "invisible"
    background = _background(piece, shapes)
    if _contrast(piece.colour, background) < MIN_COLOUR_CONTRAST:
        return "white" if background == WHITE and min(piece.colour) >= 0.95 else "low-contrast"
    if _covered(piece, shapes):
        return "covered"
    if 0 < piece.size < MIN_VISIBLE_FONT_PT:
        return "tiny"
    x0, y0, x1, y1 = page_box
    if not (x0 - 5 <= x <= x1 + 5 and y0 - 5 <= y <= y1 + 5):
        return "off-page"
    return None


def _hidden_fragments(page) -> tuple[list[str], dict[str, int]]:  # noqa: ANN001 - pypdf PageObject
    texts, shapes = _replay(page)
    box = page.mediabox
    page_box = (float(box.left), float(box.bottom), float(box.right), float(box.top))
    hidden: list[str] = []
    reasons: dict[str, int] = {}
    for piece in texts:
        reason = _reason(piece, shapes, page_box)
        if reason:
            hidden.append(piece.text)
            reasons[reason] = reasons.get(reason, 0) + len(piece.text.strip())
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
        "low-contrast": "text in nearly the colour beneath it",
        "covered": "text covered by a shape drawn over it",
        "tiny": f"text smaller than {MIN_VISIBLE_FONT_PT:g} pt",
        "off-page": "text placed outside the page",
        "invisible": "invisible (render mode 3) text",
    }
    warnings = tuple(
        f"hidden text removed: {labels[k]} ({n} characters)" for k, n in sorted(totals.items())
    )
    return pages, warnings
