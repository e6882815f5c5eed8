"""Requirement extraction on postings as people receive them: PDF, DOCX and HTML.

Renders N seeded Google dev postings (their Responsibilities / Minimum / Preferred item lists,
one item per line in the CSV, with boilerplate from extraction_google.py) three ways:
* PDF (reportlab): long wrapped bullets, the glyph beside the text or alone on its own line,
  a repeated page header and footer with page numbers;
* DOCX (python-docx): list paragraphs under heading paragraphs;
* HTML: a saved career page whose text is noise and whose schema.org JobPosting JSON-LD holds
  the posting.
Items are matched by normalised text (a PDF has no source lines): recall = gold items found,
precision = extracted items that are gold items, kind accuracy = matched items of the right kind.

    python benchmarks/extraction_formats.py [--n 60] [--seed 11] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import extraction_google as eg  # noqa: E402

FORMATS = ("pdf", "docx", "html")
# rows printed: each format, and the PDF also by where its bullet glyph stands
ROWS = ("pdf", "pdf, glyph alone", "pdf, glyph beside", "docx", "html")
KINDS = (("responsibility", "Responsibilities"), ("required", "Minimum Qualifications"),
         ("preferred", "Preferred Qualifications"))


def posting_parts(row: dict[str, str], rng: random.Random) -> dict:
    """One posting as blocks: (heading, [items], kind or None) plus prose, in reading order."""
    company = rng.choice(eg.COMPANY_NAMES)
    fill = {"c": company}
    blocks: list[tuple[str, list[str], str | None]] = [
        (rng.choice(eg.COMPANY_HEADINGS).format(**fill), [rng.choice(eg.BLURBS).format(**fill)],
         None),
    ]
    kinds = list(KINDS)
    if rng.random() < 0.3:
        kinds[0], kinds[1] = kinds[1], kinds[0]
    for kind, field in kinds:
        blocks.append((rng.choice(eg.HEADINGS[kind]), eg._items(row[field]), kind))
    blocks.append((rng.choice(eg.BENEFIT_HEADINGS).format(**fill),
                   rng.sample(eg.BENEFITS, rng.randint(3, 6)), None))
    blocks.append((rng.choice(eg.EEO_HEADINGS), [rng.choice(eg.EEO).format(**fill)], None))
    return {"title": row["Title"], "company": company, "location": row["Location"],
            "blocks": blocks}


# --- PDF ---------------------------------------------------------------------------------------


def render_pdf(parts: dict, rng: random.Random, lone_glyph: bool = False) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    # Word processors export lists with a hanging indent: the text starts right of the glyph.
    listed = ParagraphStyle("listed", parent=body, leftIndent=14, bulletIndent=2)
    glyph = rng.choice(["●", "•", "■", "▪"])
    # Narrow frames wrap most items over two or three lines.
    width = rng.choice([300, 340, 380])
    story = [Paragraph(f"<b>{_esc(parts['title'])}</b>", styles["Title"]),
             Paragraph(f"{_esc(parts['company'])} · {_esc(parts['location'])}", body)]
    for heading, items, kind in parts["blocks"]:
        story.append(Paragraph(f"<b>{_esc(heading)}</b>", styles["Heading2"]))
        if kind is None and len(items) == 1:
            story.append(Paragraph(_esc(items[0]), body))
            continue
        for item in items:
            if lone_glyph:
                story.append(Paragraph(glyph, body))
                story.append(Paragraph(_esc(item), body))
            else:
                story.append(Paragraph(_esc(item), listed, bulletText=glyph))
        story.append(Spacer(1, 6))

    def page_furniture(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 760, f"{parts['company']} Careers")
        canvas.drawString(72, 30, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    margin = (612 - width) / 2
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=margin, rightMargin=margin,
                            invariant=1)
    doc.build(story, onFirstPage=page_furniture, onLaterPages=page_furniture)
    return buffer.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- DOCX --------------------------------------------------------------------------------------


def render_docx(parts: dict, rng: random.Random) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(parts["title"], level=1)
    document.add_paragraph(f"{parts['company']} · {parts['location']}")
    style = rng.choice(["List Bullet", "List Number"])
    for heading, items, kind in parts["blocks"]:
        document.add_heading(heading, level=2)
        if kind is None and len(items) == 1:
            document.add_paragraph(items[0])
            continue
        for item in items:
            document.add_paragraph(item, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- HTML with JSON-LD -------------------------------------------------------------------------


def render_html(parts: dict, rng: random.Random) -> bytes:
    blocks = {kind: items for _, items, kind in parts["blocks"] if kind}
    joiner = rng.choice(["list", "html", "text"])

    def field(items: list[str]):  # noqa: ANN202 - str or list, as career sites write it
        if joiner == "list":
            return items
        if joiner == "html":
            return "<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>"
        return "\n".join(items)

    ld = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": parts["title"],
        "hiringOrganization": {"@type": "Organization", "name": parts["company"]},
        "jobLocation": {"@type": "Place", "address": parts["location"]},
        "description": f"<p>{_esc(parts['blocks'][0][1][0])}</p>",
        "responsibilities": field(blocks["responsibility"]),
        "qualifications": field(blocks["required"]),
    }
    # Preferred items go where career sites put them: a qualifications list with a heading
    # inside the description (schema.org has no "preferred" property).
    ld["description"] += "<h3>Preferred qualifications</h3><ul>" + "".join(
        f"<li>{_esc(i)}</li>" for i in blocks["preferred"]) + "</ul>"
    nav = "".join(f"<a href='/{w.lower()}'>{w}</a> " for w in
                  ["Home", "Teams", "Locations", "Students", "Benefits", "Search jobs"])
    page = (
        "<!doctype html><html><head><title>Careers</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script></head><body>"
        f"<nav>{nav}</nav><h1>{_esc(parts['title'])}</h1>"
        "<div class='share'>Share this job: Email · LinkedIn · Copy link</div>"
        "<footer>Privacy · Terms · Cookie settings © 2026</footer></body></html>"
    )
    return page.encode("utf-8")


RENDERERS = {"pdf": render_pdf, "docx": render_docx, "html": render_html}


# --- scoring -----------------------------------------------------------------------------------


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^a-z0-9+#]+", " ", text)
    return " ".join(text.split())


def _matches(found: str, gold: str) -> bool:
    return found == gold


def score_posting(gold: list[tuple[str, str]], found: list[tuple[str, str]]) -> tuple[int, ...]:
    """(gold items, gold found, found items, found that are gold, matched with right kind)."""
    gold_norm = {normalise(t): k for t, k in gold}
    found_norm = [(normalise(t), k) for t, k in found]
    hit = {t for t, _ in found_norm if t in gold_norm}
    true_found = sum(1 for t, _ in found_norm if t in gold_norm)
    right_kind = sum(1 for t, k in found_norm if t in gold_norm and gold_norm[t] == k)
    return len(gold_norm), len(hit), len(found_norm), true_found, right_kind


def run(rows: list[dict[str, str]], n: int, seed: int, keep: Path | None) -> dict[str, tuple]:
    from matcher.errors import InputError
    from matcher.postings import parse_posting
    from matcher.reading import document_from_bytes

    rng = random.Random(seed)
    sample = rng.sample(rows, min(n, len(rows)))
    totals = {f: [0, 0, 0, 0, 0] for f in ROWS}
    misses: dict[str, list[str]] = {f: [] for f in ROWS}
    for i, row in enumerate(sample):
        parts = posting_parts(row, rng)
        gold = [(item, kind) for _, items, kind in parts["blocks"] if kind for item in items]
        for fmt in FORMATS:
            lone = i % 2 == 0  # half the PDFs: the glyph on a line of its own, text below
            data = render_pdf(parts, rng, lone) if fmt == "pdf" else RENDERERS[fmt](parts, rng)
            name = f"google-{i:03d}.{fmt}"
            if keep:
                (keep / name).write_bytes(data)
            try:
                posting = parse_posting(document_from_bytes(data, name, suffix="." + fmt))
                found = [(r.text, r.kind) for r in posting.requirements]
            except InputError:
                found = []
            counts = score_posting(gold, found)
            rows = [fmt] + ([f"pdf, glyph {'alone' if lone else 'beside'}"] if fmt == "pdf"
                            else [])
            gold_norm = {normalise(t) for t, _ in gold}
            for row in rows:
                totals[row] = [a + b for a, b in zip(totals[row], counts)]
                misses[row] += [f"{name}: extra {t[:90]!r}" for t, _ in found
                                if normalise(t) not in gold_norm][:2]
    return {f: (tuple(totals[f]), misses[f]) for f in ROWS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="also write the rendered files here")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong items")
    args = parser.parse_args()
    if not eg.GOOGLE_CSV.exists():
        print(f"shared data not found at {eg.GOOGLE_CSV}; nothing to do")
        return 0
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    results = run(eg.load_google(eg.GOOGLE_CSV), args.n, args.seed, args.keep)
    print(f"{'format':<18} {'postings':>8} {'recall':>7} {'precision':>9} {'kind acc':>8}")
    for fmt, ((gold, hit, found, true_found, right_kind), misses) in results.items():
        recall = hit / gold if gold else 0.0
        precision = true_found / found if found else 0.0
        kind = right_kind / true_found if true_found else 0.0
        shown = args.n // 2 if "glyph" in fmt else args.n
        print(f"{fmt:<18} {shown:>8} {recall:>7.3f} {precision:>9.3f} {kind:>8.3f}")
        for line in misses[: args.show]:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
