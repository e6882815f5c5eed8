"""Build a labelled ranking set (qrels in both directions) from the shared dev data.

    python benchmarks/build_ranking_set.py [--out benchmarks/out/ranking] [--seed 0]

Reads ../shared/data (or --data): the DataTurks résumés (JSON lines with span labels), the
Google job-skills postings (CSV with Category) and, with --monster (default on), the Monster
postings (flattened text with a title). Every document gets an occupation group from keyword
rules on its titles; relevance is 1 when the résumé's group and the posting's group are
compatible (see COMPATIBLE), else 0. Documents whose group is unclear are left out of the set
altogether, so that no judgement rests on a guess. How and why: benchmarks/RANKING-SET.md.

Writes, under --out (git-ignored; the shared text never enters the repository):
    resumes/r###.txt            résumé text (### = line number in the JSON file)
    postings/p###.md            Google posting rendered as markdown (### = CSV row)
    postings/m###.txt           Monster posting, title + flattened text (### = CSV row)
    qrels-resume-to-postings.txt    query = résumé id, ~40 judged postings each
    qrels-posting-to-resumes.txt    query = posting id, ~40 judged résumés each
    labels.tsv                  id, source, group, the title the group was read from
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"

# --- occupation groups -------------------------------------------------------------------

GROUPS = (
    "software", "qa", "sap_erp", "it_support", "data", "devops",
    "hr", "sales", "finance", "pm",
)
OTHER = "other"          # clearly none of the groups (nurse, driver, marketing, legal …)
UNCLEAR = "unclear"      # could be one of the groups, or two of them: left out of the set


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])", re.I)


# A title that matches VETO says nothing reliable about the occupation: unclear.
VETO = _rx(
    r"data entry", r"beta tester", r"trainee", r"cnc", r"clinical", r"g suite",
    r"service representative",
    r"product (manager|specialist)", r"field (service|support)\w*",
    r"quality (assurance )?(manager|technician|inspector|monitor|auditor|engineer|supervisor"
    r"|systems analyst)", r"qa (laboratory|inspectors?|supervisor)",
    r"(energy|supplier quality|infosec|security|telecommunications quality assurance) audit\w*",
    r"sales engineer\w*", r"solutions? (engineer|architect|consultant)\w*",
    r"customer engineer\w*", r"pre-?sales", r"developer (advocate|relations)",
    r"business development", r"technical (solutions|account manager|specialist)",
)

# Postings only: a (business) internship or apprenticeship is not the occupation it names.
POSTING_VETO = _rx(r"intern(ship)?", r"mba", r"apprenticeship")

# Titles naming two of these groups at once are unclear ("Investment Banking Operations/PMO",
# "NOC and QA Engineer", "Program Manager, Product Owner, BI").
CONFLICTS = ({"finance", "pm"}, {"pm", "data"}, {"qa", "it_support"}, {"hr", "sales"})

# Ordered: the first group whose pattern matches a title wins. IT support first (its patterns
# are specific: "Finance IT Support" is IT support); then role nouns that outrank a tool name
# ("SAP … Senior Accountant" is an accountant, "HR officer … SAP" is HR); the specific IT
# families before the generic "developer".
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("it_support", _rx(r"(technical|tech|it|desktop|server|developer|customer) support",
                       r"support (engineer|executive|technician|analyst)",
                       r"(it|technology|technical) support specialist",
                       r"help ?desk", r"service desk", r"system administrator",
                       r"sys ?admin", r"(linux|windows|backup|network) administrator",
                       r"network (engineer|ops|operations|implementation|admin\w*|architect)",
                       r"network associate", r"noc", r"it technician", r"it operations",
                       r"escalation (engineer|specialist|manager)", r"incident manager",
                       r"production support", r"l[12] (analyst|engineer|support)",
                       r"corporate operations engineer", r"data cent(er|re) (operator|support)")),
    ("hr", _rx(r"hr", r"human resources?", r"recruiter", r"recruitment", r"talent acquisition",
               r"staffing (manager|channels|programs|project|specialist)", r"people (consultant|"
               r"partner|operations)", r"hr business partner", r"compensation analyst")),
    ("finance", _rx(r"accountant", r"accounting", r"accounts (payable|receivable)", r"finance",
                    r"financial", r"(senior |finance |forensic )?auditor", r"audit senior",
                    r"internal audit", r"controller", r"tax", r"treasury", r"payroll",
                    r"credit", r"banking operations")),
    ("sap_erp", _rx(r"sap", r"abap", r"fico", r"fi/co", r"s/4 ?hana", r"hana", r"peoplesoft",
                    r"maximo", r"dynamics ax", r"erp", r"oracle (apps|ebs|e-business)")),
    ("qa", _rx(r"qa", r"sqa", r"sdet", r"tester", r"testing", r"test (engineer|analyst|manager|"
               r"lead|automation)", r"software test\w*", r"(software )?engineer in test",
               r"(test )?automation (engineer|developer)", r"automated test\w*",
               r"quality analyst")),
    ("devops", _rx(r"devops", r"dev ops", r"site reliability", r"sre", r"cloud engineer",
                   r"cloud (devops|infrastructure)", r"release engineer", r"build and release")),
    ("pm", _rx(r"project manager", r"program manager", r"programme manager", r"pmo",
               r"project management", r"delivery manager", r"scrum master",
               r"product owner")),
    ("data", _rx(r"data (analyst|scientist|science|engineer|insights|analytics)",
                 r"business intelligence", r"bi (developer|analyst)", r"msbi", r"bi", r"big data",
                 r"quantitative analyst", r"product analyst", r"analytics (lead|manager)",
                 r"people analyst", r"etl")),
    ("software", _rx(r"software (engineer|developer|development)", r"developer", r"programmer",
                     r"java", r"\.net", r"asp\.net", r"python", r"php", r"front ?end",
                     r"back ?end", r"full ?stack", r"ios", r"android (developer|applications)",
                     r"app(lication)? develop\w*", r"web developer", r"technical architect",
                     r"sde", r"firmware engineer")),
    ("sales", _rx(r"sales", r"account (manager|executive|strategist|representative|lead)",
                  r"key account", r"inside sales", r"business development rep\w*",
                  r"relationship manager")),
)

# A project/program manager posting counts as "pm" only in an IT setting; PM résumés in this
# data are all IT project/program managers. Elsewhere (construction, marketing …): unclear.
PM_TECH = _rx(r"technical", r"it", r"is", r"software", r"engineering", r"cloud", r"release",
              r"data", r"systems?", r"infrastructure", r"security ecosystem", r"platform")

# Monster titles that name no occupation ("Monster" is the title of 9 scraped pages, one of
# them a JD Edwards business analyst): unclear.
GENERIC_TITLE = re.compile(r"\W*(monster|director|vp|avp|principal|(sr\.? )?manager|specialist"
                           r"|mgr\b.*)\W*", re.I)

# Google Category -> (default group when no title rule fires, groups a title rule may give).
# A title rule giving a group outside the allowed set makes the posting unclear.
CATEGORY = {
    "Software Engineering": ("software", {"software", "qa"}),
    "Technical Infrastructure": (UNCLEAR, {"devops", "it_support"}),
    "Network Engineering": ("it_support", {"it_support"}),
    "IT & Data Management": (UNCLEAR, {"it_support", "data"}),
    "Technical Solutions": (UNCLEAR, {"data", "devops", "it_support"}),
    "Product & Customer Support": (UNCLEAR, {"data", "it_support"}),
    "Business Strategy": (UNCLEAR, {"data", "pm"}),
    "Program Management": (UNCLEAR, {"pm", "devops"}),
    "Sales & Account Management": ("sales", {"sales"}),
    "Sales Operations": (UNCLEAR, {"sales", "data"}),
    "Finance": ("finance", {"finance", "data"}),
    "People Operations": ("hr", {"hr"}),
    "Partnerships": (UNCLEAR, set()),
    "Developer Relations": (UNCLEAR, set()),
    # Clearly outside every group, unless the title looks technical (then unclear).
    "Marketing & Communications": (OTHER, set()),
    "Legal & Government Relations": (OTHER, set()),
    "User Experience & Design": (OTHER, set()),
    "Administrative": (OTHER, set()),
    "Real Estate & Workplace Services": (OTHER, set()),
    "Hardware Engineering": (OTHER, set()),
    "Manufacturing & Supply Chain": (OTHER, set()),
    "Technical Writing": (OTHER, set()),
}

# A title in an OTHER category or a Monster title without a rule is only OTHER when none of
# these words appears; otherwise it may be an occupation the rules miss: unclear.
TECHISH = _rx(r"engineer\w*", r"developer", r"technical", r"technology", r"it", r"data",
              r"analyst", r"architect", r"software", r"systems?", r"network", r"cloud",
              r"consultant", r"program(me)? manager", r"project manager", r"specialist",
              r"analytics", r"security", r"operations", r"account\w*", r"sales", r"business",
              r"support", r"computer", r"web", r"digital", r"product manager", r"administrator",
              r"audit\w*", r"finance", r"financial", r"hr", r"human", r"recruit\w*",
              r"programmer", r"quality", r"qa", r"test\w*", r"producer", r"designer")

# Résumé group -> posting groups that are relevant to it. Deliberately the identity: the
# data is too small and the titles too noisy to defend cross-group relevance (e.g. a Linux
# administrator for an SRE posting) without reading each pair.
COMPATIBLE = {g: {g} for g in GROUPS}


def title_group(title: str) -> str | None:
    """The group a title names, UNCLEAR for a vetoed title, None when no rule fires."""
    if VETO.search(title):
        return UNCLEAR
    hits = [group for group, rx in RULES if rx.search(title)]
    if not hits:
        return None
    if any(c <= set(hits) for c in CONFLICTS):
        return UNCLEAR
    return hits[0]


def posting_group(title: str, category: str | None) -> str:
    g = UNCLEAR if POSTING_VETO.search(title) else title_group(title)
    if g == "pm" and not PM_TECH.search(title):
        g = UNCLEAR
    if category is None:  # Monster: the title alone
        if GENERIC_TITLE.fullmatch(title):
            return UNCLEAR
        if g is None:
            return UNCLEAR if TECHISH.search(title) else OTHER
        return g
    default, allowed = CATEGORY.get(category, (UNCLEAR, set()))
    if g is None:
        if default == OTHER and TECHISH.search(title):
            return UNCLEAR
        return default
    if g == UNCLEAR or g not in allowed:
        return UNCLEAR
    return g


# --- résumés -----------------------------------------------------------------------------

_NOT_A_TITLE = re.compile(r"email me on indeed|indeed\.com/r/|^-|^\W*$", re.I)


def resume_titles(record: dict) -> tuple[str | None, list[str]]:
    """The headline (2nd non-empty line, unless it is a location/contact line) and the
    distinct labelled Designation spans."""
    lines = [ln.strip() for ln in record["content"].splitlines() if ln.strip()]
    headline = lines[1] if len(lines) > 1 and not _NOT_A_TITLE.search(lines[1]) else None
    designations: list[str] = []
    for ann in record.get("annotation") or []:
        if "Designation" in ann.get("label", []):
            for p in ann.get("points", []):
                t = " ".join(p.get("text", "").split())
                if t and t.lower() not in {d.lower() for d in designations}:
                    designations.append(t)
    return headline, designations


def resume_group(headline: str | None, designations: list[str]) -> tuple[str, str]:
    """(group, the title it came from). The headline decides when a rule fires on it (it is
    how the person presents themself); otherwise the designations vote and the group needs
    a strict majority of the votes cast, else UNCLEAR; no signal at all is OTHER."""
    if headline:
        g = title_group(headline)
        if g is not None:
            return g, headline
    votes = Counter()
    source: dict[str, str] = {}
    for d in designations:
        g = title_group(d)
        if g is not None:
            votes[g] += 1
            source.setdefault(g, d)
    if not votes:
        return OTHER, headline or (designations[0] if designations else "")
    (top, n), *rest = votes.most_common()
    if top == UNCLEAR or n * 2 <= sum(votes.values()):
        return UNCLEAR, "; ".join(designations)
    return top, source[top]


# --- postings ----------------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _items(cell: str | None) -> list[str]:
    out = []
    for ln in (cell or "").splitlines():
        ln = ln.strip().lstrip("-•*· ").strip()
        if ln:
            out.append(ln)
    return out


def render_google(row: dict) -> str:
    parts = [f"# {row['Title'].strip()}", "", f"Google · {row['Location'].strip()}", ""]
    for heading, col in (("Responsibilities", "Responsibilities"),
                         ("Minimum qualifications", "Minimum Qualifications"),
                         ("Preferred qualifications", "Preferred Qualifications")):
        items = _items(row.get(col))
        if items:
            parts += [f"## {heading}", ""] + [f"- {it}" for it in items] + [""]
    return "\n".join(parts)


_MONSTER_JUNK = re.compile(r"\s*(\|\s*Monster\.com.*|body \{.*|function wrap.*|var MONS.*)$")


def monster_title(raw: str) -> str:
    t = raw.strip()
    t = re.sub(r"^.*?Job Application for\s+", "", t)
    t = _MONSTER_JUNK.sub("", t)
    t = re.sub(r"\s+Job in\s+.*$", "", t)
    return " ".join(t.split())


# --- building ----------------------------------------------------------------------------


def load(data: Path, monster: bool):
    resumes: dict[str, dict] = {}
    seen: set[str] = set()
    path = data / "resumes-dev" / "dataturks-resumes.json"
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip():
                continue
            rec = json.loads(line)
            key = " ".join(rec["content"].split())
            if key in seen:  # the file holds a few exact duplicates
                continue
            seen.add(key)
            headline, des = resume_titles(rec)
            group, why = resume_group(headline, des)
            resumes[f"r{i:03d}"] = {"text": rec["content"], "group": group, "title": why}

    postings: dict[str, dict] = {}
    path = data / "postings-dev" / "google-job-skills-dev.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            title = row["Title"].strip()
            if _CJK.search(title) or not _items(row.get("Minimum Qualifications")):
                continue  # non-English posting, or no qualifications to match against
            postings[f"p{i:03d}"] = {
                "text": render_google(row), "ext": ".md", "title": title,
                "group": posting_group(title, row["Category"].strip()),
                "source": f"google:{row['Category'].strip()}",
            }
    if monster:
        path = data / "postings-dev" / "monster-jobs-dev.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                title = monster_title(row["job_title"] or "")
                desc = " ".join((row["job_description"] or "").split())
                if not title or len(desc) < 400:
                    continue
                postings[f"m{i:03d}"] = {
                    "text": f"{title}\n\n{desc}\n", "ext": ".txt", "title": title,
                    "group": posting_group(title, None), "source": "monster",
                }
    return resumes, postings


def _negatives(rng: random.Random, pool_by_group: dict[str, list[str]], bad: set[str], n: int):
    """n ids drawn group-first (a uniformly chosen group, then a member), so that the
    negatives are not all from the biggest group, and the other target groups, which are the
    hard negatives, are well represented."""
    groups = sorted(g for g in pool_by_group if g not in bad and pool_by_group[g])
    available = sum(len(pool_by_group[g]) for g in groups)
    n = min(n, available)
    chosen: set[str] = set()
    while len(chosen) < n:
        g = rng.choice(groups)
        chosen.add(rng.choice(pool_by_group[g]))
    return sorted(chosen)


def build_qrels(rng, queries, docs, relevant_groups, n_queries, per_query, max_relevant,
                per_group_cap):
    """queries/docs: id -> group. Every query has at least one relevant document."""
    docs_by_group: dict[str, list[str]] = defaultdict(list)
    for d, g in sorted(docs.items()):
        docs_by_group[g].append(d)
    candidates: dict[str, list[str]] = defaultdict(list)
    for q, g in sorted(queries.items()):
        if g in GROUPS and any(docs_by_group[r] for r in relevant_groups(g)):
            candidates[g].append(q)
    # Stratified: at most per_group_cap queries per group, then trimmed to n_queries by
    # dropping from the largest groups.
    picked: dict[str, list[str]] = {}
    for g, qs in candidates.items():
        qs = qs[:]
        rng.shuffle(qs)
        picked[g] = sorted(qs[:per_group_cap])
    while sum(map(len, picked.values())) > n_queries:
        g = max(picked, key=lambda k: (len(picked[k]), k))
        picked[g].pop(rng.randrange(len(picked[g])))
    lines = []
    for g in sorted(picked):
        rel_groups = relevant_groups(g)
        for q in picked[g]:
            rel = [d for r in sorted(rel_groups) for d in docs_by_group[r] if d != q]
            rng.shuffle(rel)
            rel = sorted(rel[:max_relevant])
            neg = _negatives(rng, docs_by_group, set(rel_groups), per_query - len(rel))
            lines += [f"{q} 0 {d} 1" for d in rel] + [f"{q} 0 {d} 0" for d in neg]
    return picked, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "ranking")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--queries", type=int, default=80, help="queries per direction (max)")
    ap.add_argument("--per-query", type=int, default=40, help="judged documents per query")
    ap.add_argument("--max-relevant", type=int, default=10, help="relevant documents per query")
    ap.add_argument("--per-group", type=int, default=12, help="queries per group (max)")
    ap.add_argument("--no-monster", dest="monster", action="store_false",
                    help="Google postings only")
    args = ap.parse_args(argv)

    if not (args.data / "resumes-dev").is_dir():
        print(f"no shared data at {args.data}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    resumes, postings = load(args.data, args.monster)

    usable_r = {i: r["group"] for i, r in resumes.items() if r["group"] in GROUPS}
    # Postings: every clearly-labelled one; OTHER postings serve as plain negatives.
    usable_p = {i: p["group"] for i, p in postings.items() if p["group"] in GROUPS + (OTHER,)}

    inverse = defaultdict(set)
    for rg, pgs in COMPATIBLE.items():
        for pg in pgs:
            inverse[pg].add(rg)

    r2p_q, r2p = build_qrels(rng, usable_r, usable_p, lambda g: COMPATIBLE[g], args.queries,
                             args.per_query, args.max_relevant, args.per_group)
    p2r_q, p2r = build_qrels(rng, usable_p, usable_r, lambda g: inverse[g], args.queries,
                             args.per_query, args.max_relevant, args.per_group)

    out = args.out
    (out / "resumes").mkdir(parents=True, exist_ok=True)
    (out / "postings").mkdir(parents=True, exist_ok=True)
    used_r = {ln.split()[0] for ln in r2p} | {ln.split()[2] for ln in p2r}
    used_p = {ln.split()[2] for ln in r2p} | {ln.split()[0] for ln in p2r}
    for old in list((out / "resumes").glob("*")) + list((out / "postings").glob("*")):
        old.unlink()
    for i in sorted(used_r):
        (out / "resumes" / f"{i}.txt").write_text(resumes[i]["text"], encoding="utf-8")
    for i in sorted(used_p):
        p = postings[i]
        (out / "postings" / f"{i}{p['ext']}").write_text(p["text"], encoding="utf-8")
    head = f"# built by benchmarks/build_ranking_set.py --seed {args.seed}; query 0 doc relevance\n"
    (out / "qrels-resume-to-postings.txt").write_text(head + "\n".join(r2p) + "\n",
                                                      encoding="utf-8")
    (out / "qrels-posting-to-resumes.txt").write_text(head + "\n".join(p2r) + "\n",
                                                      encoding="utf-8")
    with (out / "labels.tsv").open("w", encoding="utf-8") as fh:
        fh.write("id\tsource\tgroup\ttitle\n")
        for i, r in sorted(resumes.items()):
            fh.write(f"{i}\tdataturks\t{r['group']}\t{r['title']}\n")
        for i, p in sorted(postings.items()):
            fh.write(f"{i}\t{p['source']}\t{p['group']}\t{p['title']}\n")

    rc, pc = Counter(r["group"] for r in resumes.values()), Counter(
        p["group"] for p in postings.values())
    qa = Counter(usable_r[q] for qs in r2p_q.values() for q in qs)
    qb = Counter(usable_p[q] for qs in p2r_q.values() for q in qs)
    print(f"{'group':<11} {'résumés':>8} {'postings':>9} {'r->p queries':>13} {'p->r queries':>13}")
    for g in GROUPS + (OTHER, UNCLEAR):
        print(f"{g:<11} {rc[g]:>8} {pc[g]:>9} {qa[g]:>13} {qb[g]:>13}")
    print(f"{'total':<11} {sum(rc.values()):>8} {sum(pc.values()):>9} "
          f"{sum(qa.values()):>13} {sum(qb.values()):>13}")
    for name, lines in (("resume-to-postings", r2p), ("posting-to-resumes", p2r)):
        rel = sum(1 for ln in lines if ln.endswith(" 1"))
        print(f"qrels-{name}.txt: {len({ln.split()[0] for ln in lines})} queries, "
              f"{len(lines)} judgements, {rel} relevant")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
