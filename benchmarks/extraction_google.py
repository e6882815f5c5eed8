"""Generalisation benchmark for requirement extraction.

Renders N seeded postings from the Google job-skills dev CSV (its Responsibilities / Minimum /
Preferred item lists) in several layouts, wrapped in boilerplate written here (company blurb,
role prose, benefits, pay, EEO, privacy, how-to-apply, apply links) with varied heading
wordings; writes line-level gold in the format of shared/data/postings/gold.json and runs the
shared scorer. Then prints a sanity report on flattened monster.com postings.

    python benchmarks/extraction_google.py [--n 60] [--seed 7] [--monster 50] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOOGLE_CSV = SHARED / "data" / "postings-dev" / "google-job-skills-dev.csv"
MONSTER_CSV = SHARED / "data" / "postings-dev" / "monster-jobs-dev.csv"
SCORER = SHARED / "tools" / "score_extraction.py"

LAYOUTS = ("markdown", "plain", "bold_escaped", "numbered", "paragraphs", "lead_in")

HEADINGS = {
    "responsibility": [
        "Responsibilities", "What you'll do", "What You Will Do", "Your responsibilities",
        "Key Responsibilities", "In this role you will", "The day-to-day", "Your impact",
        "What your day will look like", "Duties", "Role responsibilities", "Expectations",
        "What you will be doing", "Your mission", "How you'll spend your time",
        "What you'll work on", "Main duties", "Core responsibilities",
    ],
    "required": [
        "Minimum qualifications", "Requirements", "What we are looking for",
        "What we're looking for", "About you", "Who you are", "Basic Qualifications",
        "You might thrive in this role if you", "Must-haves", "What you'll need",
        "What you bring", "Required skills and experience", "Qualifications",
        "Wondering if you're a good fit?", "You should have", "Skills & Experience",
        "To be successful you will have", "The ideal candidate", "Essential criteria",
        "Required qualifications",
    ],
    "preferred": [
        "Preferred qualifications", "Nice to have", "Bonus points", "Nice-to-haves",
        "It's a plus if you have", "Bonus points if you have", "Preferred skills",
        "Even better if you have", "Desired qualifications", "Extra credit",
        "What will set you apart", "Ideally you also have", "Pluses", "Desirable",
        "We'd love it if you also have",
    ],
}

LEAD_INS = {
    "responsibility": [
        "In this role, you will:", "Day to day, you will have the opportunity to:",
        "Your responsibilities will include:", "As part of the team you will:",
    ],
    "required": [
        "We are looking for someone who has:", "To succeed in this role you need:",
        "You will thrive here if you have:", "Candidates must have:",
    ],
    "preferred": [
        "It would be a plus if you have:", "Bonus points for:",
        "Preferred, but not required:", "Nice to have:",
    ],
}

COMPANY_NAMES = [
    "Brightwater Labs", "Ostrander Systems", "Kelpie Analytics", "Northgate Robotics",
    "Sablewood Health", "Tidemark Logistics", "Juniper Circuit Co.", "Harrowgate Media",
    "Polaris Freightworks", "Emberline Energy",
]
BLURBS = [
    "{c} builds software that helps regional hospitals schedule staff and beds. We are a team "
    "of 300 people spread across four time zones, and we have been profitable since 2019.",
    "At {c}, we believe that every small business deserves enterprise-grade tools. Founded in "
    "2012, we now serve more than 40,000 customers in 30 countries.",
    "{c} is a fast-growing company on a mission to make clean energy cheaper than coal. Our "
    "investors include some of the best-known climate funds.",
    "{c} designs and manufactures warehouse robots. Our machines move millions of parcels every "
    "night for retailers you know.",
    "We are {c}: a small, independent studio making tools for journalists and newsrooms.",
]
ROLE_PROSE = [
    "This team owns the systems that our customers rely on every single day, and you will join "
    "it at an exciting time as we double our footprint.",
    "The group works closely with sales, support and product, and reports to the VP of "
    "Operations.",
    "This position sits within a cross-functional team of twelve people and has a lot of "
    "visibility across the company.",
]
ROLE_HEADINGS = ["About the role", "The role", "About the team", "The opportunity", "Overview"]
COMPANY_HEADINGS = ["About us", "About {c}", "Who we are", "Our story", "Company overview"]
BENEFIT_HEADINGS = ["Benefits", "What we offer", "Perks and benefits", "Why join us?",
                    "Why {c}?", "Life at {c}", "Our benefits"]
BENEFITS = [
    "Medical, dental and vision insurance for you and your family",
    "401(k) plan with a 5% company match",
    "Unlimited paid time off and twelve company holidays",
    "Sixteen weeks of paid parental leave",
    "A home-office stipend of $1,000",
    "Annual learning budget for conferences and courses",
    "Commuter benefits and free lunches on office days",
    "Generous equity in a growing company",
    "Wellness reimbursement for gym memberships",
    "Flexible hours and a hybrid schedule",
]
PAY_HEADINGS = ["Compensation", "Pay range", "Salary", "Total rewards"]
PAY = [
    "The base salary range for this position is $120,000 - $165,000 per year. Actual pay "
    "depends on location, skills and experience.",
    "Pay range: $48 - $62 per hour, plus an annual bonus.",
    "Our compensation reflects the cost of labor across several markets. The base pay for this "
    "role ranges from $98,000 to $140,000 annually.",
]
EEO_HEADINGS = ["Equal opportunity", "EEO statement", "Diversity and inclusion", "Our commitment"]
EEO = [
    "{c} is an equal opportunity employer. We do not discriminate on the basis of race, "
    "religion, color, national origin, gender, sexual orientation, age, marital status, "
    "veteran status, or disability status.",
    "We are committed to equal employment opportunity regardless of race, sex, age, disability "
    "or any other protected status. Reasonable accommodations are available on request.",
    "All qualified applicants will receive consideration for employment without regard to "
    "race, color, religion, sex, national origin, disability or protected veteran status.",
]
PRIVACY_HEADINGS = ["Privacy notice", "Applicant privacy", "California Privacy Notice"]
PRIVACY = [
    "By submitting your application you agree that {c} may process your personal data for "
    "recruiting purposes, as described in our applicant privacy policy.",
    "Please read our candidate privacy notice to learn how we collect and use personal "
    "information during the hiring process.",
]
APPLY_HEADINGS = ["How to apply", "Next steps", "Ready to apply?", "Application process",
                  "How to stand out"]
APPLY = [
    "Send your resume and a short cover letter to jobs@example.com. We review every "
    "application within two weeks.",
    "To apply, click the button below and submit your CV. Our interview process has three "
    "short rounds.",
    "Highlight your most relevant projects in your cover letter and be prepared to discuss "
    "them in the first call.",
]
APPLY_LINKS = [
    "[Apply now](https://jobs.example.com/{slug})", "Apply here: https://careers.example.com/{slug}",
    "## CLICK TO [APPLY](https://apply.example.com/{slug})", "Apply now",
]


def load_google(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = ("Responsibilities", "Minimum Qualifications", "Preferred Qualifications")
    return [r for r in rows if all((r.get(f) or "").strip() for f in fields)]


def _items(cell: str) -> list[str]:
    return [ln.strip() for ln in cell.split("\n") if ln.strip()]


class Page:
    """Lines of a rendered posting with the gold kind of each line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.labels: dict[int, str] = {}

    def add(self, text: str = "", label: str | None = None) -> None:
        self.lines.append(text)
        if label:
            self.labels[len(self.lines)] = label

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _heading(layout: str, text: str, rng: random.Random, level: int = 2) -> str:
    if layout == "markdown":
        return "#" * level + " " + text
    if layout == "bold_escaped":
        return f"**{text}**"
    if layout in ("plain", "paragraphs", "lead_in"):
        return text + (":" if rng.random() < 0.3 and not text.endswith(("?", ":")) else "")
    return text.upper() if rng.random() < 0.3 else text  # numbered


def _bullet(layout: str, index: int, rng: random.Random) -> str:
    return {
        "markdown": "* ", "plain": "• ", "bold_escaped": "\\- ", "numbered": f"{index}. ",
        "lead_in": "- ", "paragraphs": "",
    }[layout]


def render(row: dict[str, str], layout: str, rng: random.Random) -> Page:
    company = rng.choice(COMPANY_NAMES)
    slug = row["Title"].lower().replace(" ", "-")[:40]
    page = Page()
    fill = {"c": company}
    sep_blank = layout != "plain" or rng.random() < 0.5

    def block_gap() -> None:
        if sep_blank:
            page.blank()

    page.add(("# " if layout == "markdown" else "") + row["Title"])
    page.add(f"{company} · {row['Location']}")
    block_gap()
    if rng.random() < 0.6:
        page.add(_heading(layout, rng.choice(COMPANY_HEADINGS).format(**fill), rng))
        block_gap()
    page.add(rng.choice(BLURBS).format(**fill))
    block_gap()
    if rng.random() < 0.6:
        page.add(_heading(layout, rng.choice(ROLE_HEADINGS), rng))
        block_gap()
        page.add(rng.choice(ROLE_PROSE), "optional")
        block_gap()

    kinds = [("responsibility", "Responsibilities"), ("required", "Minimum Qualifications"),
             ("preferred", "Preferred Qualifications")]
    if rng.random() < 0.3:
        kinds[0], kinds[1] = kinds[1], kinds[0]
    for kind, field in kinds:
        page.add(_heading(layout, rng.choice(HEADINGS[kind]), rng))
        block_gap()
        if layout == "lead_in" or rng.random() < 0.15:
            page.add(rng.choice(LEAD_INS[kind]))
            block_gap()
        for i, item in enumerate(_items(row[field]), start=1):
            page.add(_bullet(layout, i, rng) + item, kind)
            if layout == "paragraphs":
                page.blank()
        block_gap()
        if kind == kinds[-1][0] and rng.random() < 0.3:
            # Pay text straight after the last list, with no heading of its own.
            page.add(rng.choice(PAY))
            block_gap()

    if rng.random() < 0.8:
        page.add(_heading(layout, rng.choice(BENEFIT_HEADINGS).format(**fill), rng))
        block_gap()
        for i, benefit in enumerate(rng.sample(BENEFITS, rng.randint(3, 7)), start=1):
            page.add(_bullet(layout if layout != "paragraphs" else "plain", i, rng) + benefit)
        block_gap()
    if rng.random() < 0.6:
        page.add(_heading(layout, rng.choice(PAY_HEADINGS), rng))
        block_gap()
        page.add(rng.choice(PAY))
        block_gap()
    if rng.random() < 0.5:
        page.add(_heading(layout, rng.choice(EEO_HEADINGS), rng))
        block_gap()
    page.add(rng.choice(EEO).format(**fill))
    block_gap()
    if rng.random() < 0.5:
        page.add(_heading(layout, rng.choice(PRIVACY_HEADINGS), rng))
        block_gap()
        page.add(rng.choice(PRIVACY).format(**fill))
        block_gap()
    if rng.random() < 0.7:
        page.add(_heading(layout, rng.choice(APPLY_HEADINGS), rng))
        block_gap()
        page.add(rng.choice(APPLY))
        block_gap()
    page.add(rng.choice(APPLY_LINKS).format(slug=slug))
    return page


def build(rows: list[dict[str, str]], n: int, seed: int, out: Path) -> None:
    rng = random.Random(seed)
    gold: dict[str, dict[str, list[int]]] = {}
    for i, row in enumerate(rng.sample(rows, min(n, len(rows)))):
        layout = LAYOUTS[i % len(LAYOUTS)]
        page = render(row, layout, rng)
        name = f"google-{i:03d}-{layout}.{'md' if layout in ('markdown', 'bold_escaped') else 'txt'}"
        (out / name).write_text("\n".join(page.lines) + "\n", encoding="utf-8")
        entry: dict[str, list[int]] = {k: [] for k in ("required", "preferred", "responsibility",
                                                       "optional")}
        for line, label in page.labels.items():
            entry[label].append(line)
        gold[name] = entry
    about = "Generated by benchmarks/extraction_google.py from the Google job-skills dev CSV."
    (out / "gold.json").write_text(json.dumps({"about": about, "postings": gold}, indent=1))


def score(folder: Path) -> str:
    command = f"{sys.executable} -m matcher requirements {{file}} --format json"
    result = subprocess.run([sys.executable, str(SCORER), str(folder), command],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    return (result.stdout + result.stderr).strip()


def monster_report(n: int, seed: int) -> None:
    from matcher.data import Document
    from matcher.errors import NoRequirementsError
    from matcher.postings import parse_posting

    with open(MONSTER_CSV, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r.get("job_description") or "").strip()]
    rng = random.Random(seed)
    sample = rng.sample(rows, min(n, len(rows)))
    found, counts, examples = 0, [], []
    for i, row in enumerate(sample):
        doc = Document(path=f"monster-{i}", text=row["job_description"], format="txt")
        try:
            reqs = parse_posting(doc).requirements
        except NoRequirementsError:
            reqs = ()
        found += bool(reqs)
        counts.append(len(reqs))
        if reqs and len(examples) < 6:
            examples.append((row["job_title"], reqs))
    print(f"\nmonster sanity: {found}/{len(sample)} postings give >=1 requirement; "
          f"median items {sorted(counts)[len(counts) // 2]}, max {max(counts)}")
    for title, reqs in examples:
        print(f"  {title}")
        for r in reqs[:6]:
            print(f"    [{r.kind[:4]}] {r.text[:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--monster", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="write the postings here instead of a temp dir")
    args = parser.parse_args()
    if not GOOGLE_CSV.exists():
        print(f"shared data not found at {GOOGLE_CSV}; nothing to do")
        return 0
    rows = load_google(GOOGLE_CSV)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        build(rows, args.n, args.seed, out)
        report = score(out)
    print(report.splitlines()[-1] if report else "scorer printed nothing")
    if args.monster and MONSTER_CSV.exists():
        monster_report(args.monster, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
