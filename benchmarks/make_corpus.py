"""Generate a synthetic ranking corpus: N realistic-length résumés and one posting.

    python benchmarks/make_corpus.py OUT [--n 1000] [--seed 0] [--csv]

Writes OUT/posting.md and either OUT/resumes/r00001.md … (one file per résumé; a third of
them .txt) or, with --csv, OUT/resumes.csv with columns id,text. Every résumé has 30-60 lines:
a name and contact line, a summary, two to four roles with dated bullets, education, skills
and sometimes certifications, drawn from the word lists below for one of eight occupations.
Bullets combine a verb, an object, a tool and an outcome, so most lines are distinct, as in
real résumés. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

FIRST = ("Alex", "Jordan", "Sam", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery",
         "Quinn", "Priya", "Wei", "Luis", "Fatima", "Noah", "Emma", "Olu", "Ines", "Mateo",
         "Hana", "Tomasz", "Aisha", "Kenji", "Sofia", "Dmitri", "Grace", "Omar", "Lena")
LAST = ("Nguyen", "Smith", "Garcia", "Okafor", "Kowalski", "Chen", "Patel", "Müller",
        "Rossi", "Johnson", "Haddad", "Silva", "Kim", "Novak", "Brown", "Ito", "Larsen",
        "Mensah", "Dubois", "Reyes", "Schmidt", "Ahmed", "Walker", "Berg")
CITIES = ("Denver, CO", "Austin, TX", "Raleigh, NC", "Seattle, WA", "Chicago, IL",
          "Boston, MA", "Atlanta, GA", "Portland, OR", "Columbus, OH", "Phoenix, AZ")
COMPANIES = ("Tallgrass Logistics", "Brightline Retail", "Copperline Insurance", "Northwind",
             "Bluefin Health", "Summit Analytics", "Redwood Systems", "Harbor Bank",
             "Orchid Media", "Granite Manufacturing", "Keystone Energy", "Lumen Labs",
             "Pioneer Telecom", "Cedar Hospital", "Atlas Freight", "Nimbus Software",
             "Meridian Foods", "Silverline Travel", "Quarry Games", "Beacon Education")
UNIVERSITIES = ("University of Northern Colorado", "Ohio State University",
                "University of Texas at Austin", "Georgia Tech", "Portland State University",
                "University of Washington", "Boston University", "Arizona State University",
                "North Carolina State University", "DePaul University")
DEGREES = ("B.S. in", "B.A. in", "M.S. in", "Bachelor of Science in", "Master of Science in",
           "MBA,", "Associate degree in")
OUTCOMES = ("cutting runtime by {p}%", "saving {n} hours a week", "reducing costs by {p}%",
            "improving accuracy by {p}%", "for {n} internal users", "across {n} teams",
            "raising customer satisfaction by {p}%", "with zero downtime",
            "handling {n} million events a day", "ahead of schedule",
            "lowering error rates by {p}%", "growing revenue by {p}%")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

OCCUPATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "data": {
        "titles": ("Data Engineer", "Senior Data Engineer", "Analytics Engineer",
                   "Data Platform Engineer", "ETL Developer", "Big Data Engineer"),
        "fields": ("Computer Science", "Statistics", "Information Systems", "Mathematics"),
        "skills": ("Python", "SQL", "Apache Airflow", "Apache Spark", "dbt", "Kafka",
                   "Snowflake", "Redshift", "BigQuery", "PostgreSQL", "AWS", "Glue", "EMR",
                   "Terraform", "Docker", "Kinesis", "Scala", "Databricks", "Looker"),
        "verbs": ("Built", "Designed", "Migrated", "Automated", "Maintained", "Optimised",
                  "Rewrote", "Scaled", "Modelled", "Monitored"),
        "objects": ("batch pipelines", "streaming jobs", "warehouse models",
                    "data-quality checks", "ETL workflows", "the reporting layer",
                    "clickstream ingestion", "billing data marts", "feature tables",
                    "CDC replication"),
        "certs": ("AWS Certified Data Analytics", "Google Professional Data Engineer",
                  "Databricks Certified Data Engineer"),
    },
    "software": {
        "titles": ("Software Engineer", "Backend Engineer", "Senior Software Engineer",
                   "Full Stack Developer", "Platform Engineer", "Java Developer"),
        "fields": ("Computer Science", "Software Engineering", "Computer Engineering"),
        "skills": ("Java", "Go", "Python", "TypeScript", "React", "Node.js", "Kubernetes",
                   "Docker", "PostgreSQL", "Redis", "gRPC", "REST APIs", "AWS", "GCP",
                   "Spring Boot", "CI/CD", "Terraform", "Kafka", "GraphQL"),
        "verbs": ("Developed", "Shipped", "Refactored", "Designed", "Led", "Implemented",
                  "Scaled", "Debugged", "Containerised", "Owned"),
        "objects": ("payment microservices", "the public REST API", "a GraphQL gateway",
                    "the checkout flow", "authentication services", "a job scheduler",
                    "search indexing", "mobile backends", "internal developer tooling",
                    "the notification service"),
        "certs": ("AWS Certified Developer", "Certified Kubernetes Application Developer"),
    },
    "nursing": {
        "titles": ("Registered Nurse", "Charge Nurse", "ICU Nurse", "Nurse Manager",
                   "Clinical Nurse Specialist", "ER Nurse"),
        "fields": ("Nursing", "Health Sciences", "Public Health"),
        "skills": ("patient assessment", "medication administration", "Epic EHR", "BLS",
                   "ACLS", "wound care", "triage", "IV therapy", "patient education",
                   "care planning", "infection control", "telemetry", "HIPAA"),
        "verbs": ("Coordinated", "Delivered", "Supervised", "Trained", "Managed",
                  "Assessed", "Improved", "Documented", "Led", "Implemented"),
        "objects": ("care for a 24-bed unit", "discharge planning", "shift handovers",
                    "new graduate nurses", "medication reconciliation", "fall-prevention rounds",
                    "patient intake", "rapid response calls", "staff schedules",
                    "quality audits"),
        "certs": ("BLS", "ACLS", "PALS", "CCRN", "Registered Nurse license"),
    },
    "marketing": {
        "titles": ("Marketing Manager", "Digital Marketing Specialist", "Content Strategist",
                   "Growth Marketer", "Brand Manager", "SEO Specialist"),
        "fields": ("Marketing", "Communications", "Business Administration", "Journalism"),
        "skills": ("SEO", "Google Analytics", "HubSpot", "Salesforce", "content strategy",
                   "paid social", "email marketing", "A/B testing", "copywriting", "Figma",
                   "market research", "brand strategy", "Google Ads"),
        "verbs": ("Launched", "Managed", "Grew", "Planned", "Wrote", "Ran", "Optimised",
                  "Led", "Produced", "Analysed"),
        "objects": ("paid search campaigns", "the company blog", "email nurture programs",
                    "product launches", "social media channels", "the brand refresh",
                    "webinar series", "partner co-marketing", "landing pages",
                    "customer case studies"),
        "certs": ("Google Ads certification", "HubSpot Inbound certification"),
    },
    "finance": {
        "titles": ("Financial Analyst", "Senior Accountant", "FP&A Manager", "Controller",
                   "Staff Accountant", "Treasury Analyst"),
        "fields": ("Accounting", "Finance", "Economics"),
        "skills": ("Excel", "financial modelling", "GAAP", "NetSuite", "SAP", "budgeting",
                   "forecasting", "variance analysis", "month-end close", "SQL", "Tableau",
                   "audit", "reconciliations"),
        "verbs": ("Prepared", "Owned", "Built", "Reconciled", "Forecast", "Streamlined",
                  "Led", "Audited", "Reported", "Analysed"),
        "objects": ("the month-end close", "quarterly forecasts", "board reporting packs",
                    "capital expenditure budgets", "intercompany reconciliations",
                    "revenue recognition", "cash-flow models", "vendor payments",
                    "pricing analyses", "expense controls"),
        "certs": ("CPA", "CFA Level II", "CMA"),
    },
    "operations": {
        "titles": ("Operations Manager", "Supply Chain Analyst", "Logistics Coordinator",
                   "Warehouse Supervisor", "Procurement Specialist", "Project Manager"),
        "fields": ("Supply Chain Management", "Industrial Engineering", "Business"),
        "skills": ("inventory management", "SAP", "Lean", "Six Sigma", "vendor management",
                   "forecasting", "Excel", "logistics", "procurement", "Jira",
                   "process improvement", "budgeting", "OSHA"),
        "verbs": ("Managed", "Reduced", "Coordinated", "Negotiated", "Improved", "Led",
                  "Implemented", "Planned", "Tracked", "Standardised"),
        "objects": ("inbound freight", "warehouse operations", "supplier contracts",
                    "inventory cycle counts", "route planning", "a WMS rollout",
                    "safety programs", "purchase orders", "carrier scorecards",
                    "shift staffing"),
        "certs": ("PMP", "Six Sigma Green Belt", "APICS CSCP"),
    },
    "design": {
        "titles": ("Product Designer", "UX Designer", "UI Designer", "UX Researcher",
                   "Interaction Designer", "Design Lead"),
        "fields": ("Graphic Design", "Human-Computer Interaction", "Psychology"),
        "skills": ("Figma", "Sketch", "user research", "prototyping", "usability testing",
                   "design systems", "accessibility", "wireframing", "Adobe XD",
                   "journey mapping", "HTML", "CSS"),
        "verbs": ("Designed", "Led", "Ran", "Prototyped", "Redesigned", "Facilitated",
                  "Built", "Shipped", "Tested", "Documented"),
        "objects": ("the onboarding flow", "a component library", "usability studies",
                    "the mobile app", "checkout screens", "design critiques",
                    "accessibility audits", "the settings experience", "dashboards",
                    "a pricing page"),
        "certs": ("Nielsen Norman UX Certification", "Google UX Design Certificate"),
    },
    "sales": {
        "titles": ("Account Executive", "Sales Manager", "Business Development Rep",
                   "Customer Success Manager", "Sales Engineer", "Regional Sales Director"),
        "fields": ("Business Administration", "Communications", "Economics"),
        "skills": ("Salesforce", "pipeline management", "negotiation", "cold outreach",
                   "account planning", "CRM", "forecasting", "solution selling",
                   "contract renewals", "HubSpot", "presentations"),
        "verbs": ("Closed", "Grew", "Managed", "Prospected", "Negotiated", "Expanded",
                  "Renewed", "Built", "Led", "Exceeded"),
        "objects": ("enterprise accounts", "a $2M territory", "channel partnerships",
                    "the mid-market pipeline", "renewal contracts", "upsell campaigns",
                    "quarterly quota", "strategic deals", "new logos", "the SDR team"),
        "certs": ("Challenger Sales certification", "Salesforce Administrator"),
    },
}

SUMMARY = (
    "{title} with {years} years of experience in {a} and {b}.",
    "Known for {a}, {b} and clear communication with stakeholders.",
    "Comfortable owning work end to end, from planning to delivery and support.",
    "Looking for a team that values {a} and steady, measurable improvement.",
)

POSTING = """# Senior Data Engineer

## About the role

The Data Platform team owns the pipelines, the warehouse and the data contracts every
analyst depends on. You will join a team of six engineers.

## What you will do

* Design, build and operate batch and streaming pipelines into our Snowflake warehouse.
* Model warehouse tables with dbt and keep them documented and tested.
* Orchestrate workflows with Airflow and own their scheduling, retries and alerting.
* Improve data quality with automated checks and freshness monitors.

## Required qualifications

* 5+ years of experience as a data engineer or in a similar backend engineering role.
* Strong SQL skills, including window functions and query tuning on a cloud warehouse.
* Professional experience writing production Python.
* Hands-on experience with Apache Airflow or a comparable workflow orchestrator.
* Experience with Apache Spark or another distributed processing engine.
* Experience building on AWS (S3, IAM, EMR or Glue).
* Bachelor's degree in Computer Science, Statistics, Engineering or a related field.

## Preferred qualifications

* Experience with dbt and a cloud data warehouse such as Snowflake, BigQuery or Redshift.
* Experience with streaming systems such as Kafka or Kinesis.
* Familiarity with Terraform and infrastructure as code.
"""


def _bullet(rng: random.Random, occ: dict[str, tuple[str, ...]]) -> str:
    outcome = rng.choice(OUTCOMES).format(p=rng.randint(5, 80), n=rng.randint(2, 400))
    tool = rng.choice(occ["skills"])
    return f"{rng.choice(occ['verbs'])} {rng.choice(occ['objects'])} using {tool}, {outcome}."


def make_resume(rng: random.Random, markdown: bool = True) -> str:
    """One résumé of 30-60 lines."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    occ = OCCUPATIONS[rng.choice(sorted(OCCUPATIONS))]
    h1, h2, h3, bullet = ("# ", "## ", "### ", "* ") if markdown else ("", "", "", "- ")
    years = rng.randint(2, 22)
    skills = rng.sample(occ["skills"], k=min(len(occ["skills"]), rng.randint(7, 12)))
    title = rng.choice(occ["titles"])
    lines = [
        f"{h1}{name}",
        f"{rng.choice(CITIES)} · {name.lower().replace(' ', '.')}@example.com · "
        f"(555) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "",
        f"{h2}Summary",
        "",
    ]
    summary = [
        s.format(title=title, years=years, a=skills[0], b=skills[1]) for s in SUMMARY
    ]
    lines += rng.sample(summary, k=rng.randint(2, 3))
    lines += ["", f"{h2}Experience"]
    end_year = 2025
    n_roles = rng.randint(2, 4)
    for r in range(n_roles):
        start_year = end_year - rng.randint(1, 5)
        end = "Present" if r == 0 else f"{rng.choice(MONTHS)} {end_year}"
        role_title = title if r == 0 else rng.choice(occ["titles"])
        lines += [
            "",
            f"{h3}{role_title}, {rng.choice(COMPANIES)} — "
            f"{rng.choice(MONTHS)} {start_year} – {end}",
            "",
        ]
        lines += [f"{bullet}{_bullet(rng, occ)}" for _ in range(rng.randint(3, 7))]
        end_year = start_year
    lines += ["", f"{h2}Education", ""]
    lines.append(f"{rng.choice(DEGREES)} {rng.choice(occ['fields'])}, "
                 f"{rng.choice(UNIVERSITIES)}, {end_year - rng.randint(0, 2)}")
    lines += ["", f"{h2}Skills", ""]
    half = len(skills) // 2
    lines.append(f"{bullet}Core: {', '.join(skills[:half])}")
    lines.append(f"{bullet}Tools: {', '.join(skills[half:])}")
    if rng.random() < 0.5:
        lines += ["", f"{h2}Certifications", ""]
        lines += [f"{bullet}{c}, {rng.randint(2012, 2024)}"
                  for c in rng.sample(occ["certs"], k=min(2, len(occ["certs"])))]
    # pad or trim to 30-60 lines: extra bullets go to the first role
    target = rng.randint(30, 60)
    insert_at = next(i for i, ln in enumerate(lines) if ln.startswith(bullet)) + 1
    while len(lines) < target:
        lines.insert(insert_at, f"{bullet}{_bullet(rng, occ)}")
    return "\n".join(lines[:60]) + "\n"


def make_corpus(out: Path, n: int = 1000, seed: int = 0, as_csv: bool = False) -> Path:
    """Write the posting and `n` résumés under `out`; returns the résumés' folder or CSV."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "posting.md").write_text(POSTING, encoding="utf-8")
    if as_csv:
        target = out / "resumes.csv"
        with target.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "text"])
            for i in range(1, n + 1):
                writer.writerow([f"r{i:05d}", make_resume(rng, markdown=i % 3 != 0)])
        return target
    target = out / "resumes"
    target.mkdir(exist_ok=True)
    for i in range(1, n + 1):
        md = i % 3 != 0
        (target / f"r{i:05d}.{'md' if md else 'txt'}").write_text(
            make_resume(rng, markdown=md), encoding="utf-8"
        )
    return target


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--csv", action="store_true", help="one CSV (id,text) instead of files")
    args = ap.parse_args(argv)
    target = make_corpus(args.out, args.n, args.seed, args.csv)
    print(f"wrote {args.n} résumés to {target} and the posting to {args.out / 'posting.md'}")


if __name__ == "__main__":
    main()
