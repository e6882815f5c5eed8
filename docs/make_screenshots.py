"""Remake docs/score-report.png and docs/rank-report.png from the examples.

    python docs/make_screenshots.py            # needs `chromium` on PATH (apt-get install chromium)

The HTML comes from the same renderers as `matcher score/rank -f html`, on the default model;
headless Chromium takes the pictures. The pages are written beside the PNGs only with --keep-html.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
POSTING = ROOT / "examples/postings/data-engineer.md"
RESUME = ROOT / "examples/resumes/sam-lee-backend.txt"  # a partial fit shows gaps
RESUMES = ROOT / "examples/resumes"
# Tall enough to show the overview, the gaps and the first requirements; the leaderboard whole.
SIZES = {"score-report": (1200, 2600), "rank-report": (1200, 1300)}


def screenshot(page: Path, png: Path, size: tuple[int, int], chromium: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
                f"--screenshot={png}", f"--window-size={size[0]},{size[1]}", page.as_uri(),
            ],
            check=True, capture_output=True, timeout=60,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-html", action="store_true", help="also write the .html pages")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("make_screenshots: chromium is not installed", file=sys.stderr)
        return 2

    import matcher.api as api
    from matcher.ranking import rank_resumes
    from matcher.rendering import render

    # Paths relative to the repository, as a user running from its root would see them.
    rel = {p: str(p.relative_to(ROOT)) for p in (POSTING, RESUME, RESUMES)}
    pages = {
        "score-report": render(api.score(rel[POSTING], rel[RESUME]), "html"),
        "rank-report": render(rank_resumes(rel[POSTING], [rel[RESUMES]]), "html"),
    }
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, html in pages.items():
            page = (DOCS if args.keep_html else Path(tmp)) / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            png = DOCS / f"{name}.png"
            screenshot(page, png, SIZES[name], chromium)
            print(f"wrote {png.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    import os

    os.chdir(ROOT)  # the relative example paths above are relative to the repository
    sys.exit(main())
