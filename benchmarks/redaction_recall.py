"""Blind-screening recall on the 200 real dev résumés (../shared/data/resumes-dev).

Gold: the "Name" span labels; e-mails are every address in the text plus the profile
ids of the "Email Address" labels (mostly Indeed links); phone numbers are every run of 10+ digits
(with separators) in the original text. A name counts as removed when neither it nor any of
its parts (2+ letters) is left anywhere in the redacted text, in any case. Prints counts and
résumé numbers; with --show it also prints what survived (personal data: never commit it).

    .venv/bin/python benchmarks/redaction_recall.py [--show]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from matcher.reading import repair_text
from matcher.redaction import redact_text

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "resumes-dev"
PHONE_GOLD = re.compile(r"(?<![\w+])\+?\d[\d \t().-]{8,}\d(?!\w)")


def _spans(record: dict, label: str) -> list[str]:
    out = []
    for a in record.get("annotation") or []:
        if label in a["label"]:
            out += [p["text"].strip() for p in a["points"] if p["text"].strip()]
    return out


def _contacts(record: dict, text: str) -> set[str]:
    """E-mail addresses in the text, and the profile ids of the labelled 'Email Address' spans
    (in this data mostly Indeed links: 'indeed.com/r/First-Last/0123456789abcdef')."""
    found = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    for span in _spans(record, "Email Address"):
        found.update(re.findall(r"\b[0-9a-f]{16}\b", span))
    return found


def _left(text: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.I) is not None


def main(show: bool) -> None:
    path = DATA / "dataturks-resumes.json"
    if not path.exists():
        sys.exit(f"no data at {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    counts = {"name": [0, 0], "email": [0, 0], "phone": [0, 0]}
    missed: dict[str, list[tuple[int, str]]] = {k: [] for k in counts}
    for number, row in enumerate(rows):
        text = repair_text(row["content"])
        blind = redact_text(text)
        names = set(_spans(row, "Name"))
        if names:
            counts["name"][1] += 1
            parts = {p for n in names for p in re.split(r"[\s.]+", n) if len(p) >= 2}
            left = sorted(p for p in parts | names if _left(blind, p))
            counts["name"][0] += not left
            if left:
                missed["name"].append((number, ", ".join(left)))
        for contact in _contacts(row, text):
            counts["email"][1] += 1
            if contact in blind:
                missed["email"].append((number, contact))
            else:
                counts["email"][0] += 1
        for phone in {m.group(0).strip() for m in PHONE_GOLD.finditer(text)}:
            if len(re.sub(r"\D", "", phone)) < 10 or re.search(r"\b(?:19|20)\d\d\s*[-–]", phone):
                continue
            counts["phone"][1] += 1
            if phone in blind:
                missed["phone"].append((number, phone))
            else:
                counts["phone"][0] += 1
    for kind, (found, total) in counts.items():
        recall = found / total if total else 1.0
        print(f"{kind if kind != 'email' else 'email/link':10} recall {recall:.3f} ({found}/{total})")
        if missed[kind]:
            print(f"  still missed in résumés: {', '.join(str(n) for n, _ in missed[kind])}")
            if show:
                for n, value in missed[kind]:
                    print(f"    #{n}: {value}")


if __name__ == "__main__":
    main("--show" in sys.argv)
