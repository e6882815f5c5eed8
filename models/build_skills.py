"""Build models/skills-v1.json.gz: the skill/tool/language index used by matcher.skills.

Sources (both CC BY 4.0, see models/SKILLS-ATTRIBUTION.md):
  * O*NET 29.2 "Technology Skills.txt" -> tool names (the Example column), Commodity Title
    as category, Hot Technology / In Demand flags and occupation counts as weight.
  * ESCO 1.2.0 digital, language and transversal skill collections -> technology names,
    short knowledge phrases, languages and soft skills.
  * models/skill_aliases.json (hand-written) -> short forms, missing modern skills, and the
    list of surface forms that are ordinary words.

Every surface form gets a mode:
  "i"  case-insensitive (distinctive strings: "kubernetes", "postgresql", "c++");
  "c"  exact case only (acronyms whose lower case is a word or too short: "SAS", "ML");
  "x"  exact case AND technical context (ordinary words: "Go", "R", "Excel", "Spark").
Ordinary words are detected from prose (O*NET task statements and occupation descriptions,
ESCO descriptions): a one-word name that occurs there in lower case is a common word, kept
as "x" only when curated or a Hot Technology, dropped otherwise.

Rebuild:  python models/build_skills.py [--data /work/shared/data] [--out models/skills-v1.json.gz]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ARTIFACT_VERSION = "skills-v1"
SOURCES = {
    "onet": "O*NET 29.2 Technology Skills (U.S. Department of Labor/ETA), CC BY 4.0",
    "esco": "ESCO 1.2.0 digital, language and transversal skill collections (European Union), CC BY 4.0",
    "curated": "models/skill_aliases.json (matcher project)",
}
HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"

MAX_WORDS = 5  # longer labels are descriptions, never written verbatim in postings
COMMON_MIN_COUNT = 3  # lower-case occurrences in prose that make a word "ordinary"
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
# Companies whose name prefixes product names ("Microsoft Excel" is also written "Excel").
VENDORS = (
    "Amazon Web Services AWS", "Amazon Web Services", "Amazon", "Apache", "Adobe", "Atlassian",
    "Autodesk", "Apple", "Bentley", "Cisco", "Corel", "Dassault Systemes", "ESRI", "Google",
    "IBM", "Intuit", "Microsoft", "Oracle", "Red Hat", "SAP", "Salesforce", "Siemens",
    "The MathWorks", "Trimble", "VMware", "Hewlett Packard", "HP", "Citrix", "Symantec",
    "Elastic", "Mozilla", "Facebook", "Meta", "Informatica", "Teradata",
)
GENERIC_TAILS = ("software", "software suite", "system software")


@dataclass
class Raw:
    """One concept from one source before merging."""

    label: str
    type: str
    forms: dict[str, str] = field(default_factory=dict)  # surface -> mode
    category: str | None = None
    sources: set[str] = field(default_factory=set)
    hot: bool = False
    in_demand: bool = False
    occupations: int = 0


# ---------------------------------------------------------------- text helpers


def key(surface: str) -> str:
    """The lookup key matcher.skills computes for a span: lower case, tokens joined by a
    space only where the surface had whitespace ("Node.js" -> "node.js", "CI / CD" -> "ci / cd")."""
    out: list[str] = []
    prev_end = None
    for m in _TOKEN.finditer(surface):
        if prev_end is not None and m.start() > prev_end:
            out.append(" ")
        out.append(m.group().lower())
        prev_end = m.end()
    return "".join(out)


def strip_parens(label: str) -> str:
    """ESCO disambiguates names in parentheses: 'Ruby (computer programming)' -> 'Ruby'."""
    return _PAREN.sub(" ", label).strip()


def n_words(s: str) -> int:
    return len(_WORD.findall(s))


def is_name(s: str) -> bool:
    """True for proper names ('Wireshark', 'MySQL', 'Visual Basic', 'id Tech'), False for
    sentence-case phrases ('data mining', 'ICT project management', 'Extreme programming')."""
    words = s.split()
    if len(words) == 1:
        return any(ch.isupper() for ch in s)
    return any(ch.isupper() for ch in "".join(words[1:]))


def common_words(paths_and_columns: Iterable[tuple[Path, str, str]]) -> Counter[str]:
    """Count words that occur in lower case in ordinary prose."""
    counts: Counter[str] = Counter()
    for path, column, delim in paths_and_columns:
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter=delim):
                text = row.get(column) or ""
                counts.update(w for w in _WORD.findall(text) if w.islower())
    return counts


# ---------------------------------------------------------------- sources


def _acronym_split(words: list[str]) -> tuple[str, str] | None:
    """'Structured query language SQL' -> ('Structured query language', 'SQL') when the trailing
    all-caps token spells (as a subsequence) the words before it."""
    if len(words) < 3:
        return None
    acro = words[-1]
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,6}", acro):
        return None
    letters = [c.lower() for c in acro if c.isalpha()]
    for start in range(len(words) - 2, -1, -1):
        if words[start][0].lower() != letters[0]:
            continue
        phrase = " ".join(words[start:-1]).lower()
        it = iter(phrase)
        if all(c in it for c in letters):
            return " ".join(words[:-1]), acro
    return None


def _strip_vendor(name: str) -> str | None:
    for v in VENDORS:
        if name.startswith(v + " ") and len(name) > len(v) + 1:
            return name[len(v) + 1 :]
    return None


def _is_generic_description(example: str) -> bool:
    """'Spreadsheet software', 'Log book software': a sentence-case description, not a name."""
    words = example.split()
    return len(words) > 1 and not any(ch.isupper() or ch.isdigit() for ch in "".join(words[1:]))


def onet_raws(path: Path) -> Iterator[Raw]:
    per_example: dict[str, Raw] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ex = row["Example"].strip()
            raw = per_example.get(ex)
            if raw is None:
                raw = per_example[ex] = _onet_raw(ex, row["Commodity Title"])
            raw.occupations += 1
            raw.hot |= row["Hot Technology"] == "Y"
            raw.in_demand |= row["In Demand"] == "Y"
    yield from (r for r in per_example.values() if r.forms)


def _onet_raw(example: str, category: str) -> Raw:
    if _is_generic_description(example):
        forms = {example.lower(): "i"} if n_words(example) <= 4 else {}
        return Raw(example.lower(), "skill", forms, category, {"onet"})
    names = [example]
    base = example
    for tail in GENERIC_TAILS:
        if base.endswith(" " + tail):
            base = base[: -len(tail) - 1]
            names.append(base)
            break
    label = base
    split = _acronym_split(base.split())
    if split:
        expansion, acro = split
        names += [expansion, acro]
        label = acro
    forms = {n: "?" for n in names if n_words(n) <= MAX_WORDS}
    for n in names:
        stripped = _strip_vendor(n)
        if stripped and n_words(stripped) <= MAX_WORDS:
            forms.setdefault(stripped, "v")  # "v": a name only because a vendor preceded it
    return Raw(label, "tool", forms, category, {"onet"})


def _esco_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _alt_labels(row: dict[str, str]) -> list[str]:
    return [a.strip() for a in re.split(r"\n|\|", row.get("altLabels") or "") if a.strip()]


def esco_digital_raws(path: Path) -> Iterator[Raw]:
    """Knowledge concepts only: skill/competence concepts are verb phrases ('manage databases')
    that postings do not write verbatim. A lower-case concept's capitalised alt labels are
    instances ('graphics editor software' lists GIMP, Inkscape...): they become tools of their own
    so that knowing GIMP does not count as knowing Inkscape."""
    for row in _esco_rows(path):
        if row["skillType"] != "knowledge":
            continue
        pref = row["preferredLabel"].strip()
        name = strip_parens(pref)
        alts = [strip_parens(a) for a in _alt_labels(row)]
        if is_name(name):
            forms = {n: "?" for n in [name, *alts] if n_words(n) <= MAX_WORDS}
            yield Raw(name, "tool", forms, row.get("broaderConceptPT"), {"esco"})
            continue
        synonyms = [a for a in alts if not is_name(a) or a.lower().startswith(name.lower())]
        forms = {n.lower(): "?" for n in [name, *synonyms] if n_words(n) <= MAX_WORDS}
        if forms:
            yield Raw(name, "skill", forms, None, {"esco"})
        for a in alts:
            if a not in synonyms and n_words(a) <= MAX_WORDS:
                yield Raw(a, "tool", {a: "?"}, name, {"esco"})


def esco_language_raws(path: Path) -> Iterator[Raw]:
    """Languages are the concepts whose broader concept is 'languages'; 'write Hungarian' etc.
    are competences on top of them and add nothing to exact-term matching."""
    for row in _esco_rows(path):
        if "languages" not in (row.get("broaderConceptPT") or ""):
            continue
        name = strip_parens(row["preferredLabel"].strip())
        alts = [a for a in _alt_labels(row) if n_words(a) == 1]
        # Language names are always capitalised in English: exact case keeps "polish" the verb out.
        forms = {n: "c" for n in [name, *alts]}
        yield Raw(name, "language", forms, "languages", {"esco"})


def esco_transversal_raws(path: Path) -> Iterator[Raw]:
    for row in _esco_rows(path):
        name = row["preferredLabel"].strip()
        forms = {n.lower(): "i" for n in [name, *_alt_labels(row)] if 2 <= n_words(n) <= 4}
        if forms:
            yield Raw(name, "soft", forms, row.get("broaderConceptPT"), {"esco"})


def curated_raws(spec: dict) -> Iterator[Raw]:
    for e in spec["entries"]:
        forms = {e["label"]: "?"}
        forms |= {a: "i" for a in e.get("aliases", [])}
        forms |= {a: "c" for a in e.get("case_sensitive", [])}
        forms |= {a: "x" for a in e.get("ambiguous", [])}
        yield Raw(e["label"], e["type"], forms, None, {"curated"})


# ---------------------------------------------------------------- classification


def classify(
    surface: str, mode: str, raw: Raw, common: Counter[str], ambiguous: set[str]
) -> str | None:
    """Mode for a surface form whose mode is still '?' (or 'v': left over once a vendor name
    was stripped, so 'Microsoft Project' -> 'Project' is no evidence of a name); None drops it."""
    if surface in ambiguous:
        return "x"
    words = _WORD.findall(surface)
    if not words:
        return None
    vendor_stripped = mode == "v"
    # a Hot Technology that is one ordinary word (Chef, Puppet, Zoom) is still a name
    rescue = raw.hot and not vendor_stripped and raw.type == "tool"
    if len(surface) == 1:
        return "x" if rescue else None  # single letters only when clearly a technology (C, R)
    is_common = [common[w.lower()] >= COMMON_MIN_COUNT for w in words]
    if len(words) == 1:
        if is_common[0]:
            return "x" if rescue else None
        if surface.isupper() and surface.isalpha() and len(surface) <= 5:
            return "c"  # acronyms are written in capitals: 'APPS' must not match 'apps'
        if vendor_stripped and surface.istitle():
            return "c"  # 'Adobe Persuasion' -> 'Persuasion', never 'persuasion'
        return "c" if len(surface) <= 2 else "i"
    if all(is_common) and raw.type == "tool":
        if vendor_stripped:
            return None
        # 'Visual Basic' is a name made of ordinary words; 'Structured query language' a phrase
        return "c" if is_name(surface) else "i"  # "Visual Basic", "Spring Boot": names made of ordinary words
    return "i"


def finalise_forms(raw: Raw, common: Counter[str], ambiguous: set[str], drop: set[str]) -> None:
    out: dict[str, str] = {}
    for surface, mode in raw.forms.items():
        surface = " ".join(surface.split())
        if not surface or surface in drop:
            continue
        if mode in "?v":
            mode = classify(surface, mode, raw, common, ambiguous)
        elif surface in ambiguous:
            mode = "x"  # curated: an ordinary word even where a source says otherwise
        if mode is None:
            continue
        if mode == "i":
            surface = surface.lower()
        out[surface] = mode
        # hyphenated names are also written with a space or closed up ("scikit learn")
        if mode == "i" and "-" in surface and n_words(surface) > 1:
            out.setdefault(surface.replace("-", " "), "i")
            out.setdefault(surface.replace("-", ""), "i")
    raw.forms = out


# ---------------------------------------------------------------- merging


def merge(raws: list[Raw]) -> list[Raw]:
    """Union a concept with every concept whose label is one of its forms ('Oracle Java' has
    form 'Java', the label of ESCO 'Java'). Other shared forms do not merge (two vendors'
    'Cloud'); to_entries gives such a form to the weightier concept."""
    parent = list(range(len(raws)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def form_keys(raw: Raw) -> set[str]:
        return {key(s) for s in raw.forms}

    def lists_instances(raw: Raw) -> bool:
        # ESCO phrase concepts list tools as alt labels ('computer vision': keras, matlab):
        # sharing such an alias is not identity
        return raw.type in ("skill", "soft") and "esco" in raw.sources

    label_owner: dict[str, list[int]] = {}
    for i, raw in enumerate(raws):
        label_owner.setdefault(key(raw.label), []).append(i)
    for i, raw in enumerate(raws):
        for k in form_keys(raw):
            for j in label_owner.get(k, ()):
                same_label = key(raws[i].label) == k
                if i == j or (lists_instances(raw) and not same_label):
                    continue
                if _case_compatible(raw, raws[j], k):
                    parent[find(i)] = find(j)

    groups: dict[int, list[Raw]] = {}
    for i, raw in enumerate(raws):
        groups.setdefault(find(i), []).append(raw)
    return [_combine(g) for g in groups.values()]


def _case_compatible(a: Raw, b: Raw, k: str) -> bool:
    """Exact-case forms only join identical case: ESCO 'SPARK' (Ada) is not Apache 'Spark'."""
    sa = {s: m for s, m in a.forms.items() if key(s) == k}
    sb = {s: m for s, m in b.forms.items() if key(s) == k}
    if "i" in sa.values() or "i" in sb.values():
        return True
    return bool(set(sa) & set(sb))


_TYPE_RANK = {"language": 0, "tool": 1, "skill": 2, "soft": 3}


def _combine(group: list[Raw]) -> Raw:
    curated = [r for r in group if "curated" in r.sources]
    pool = curated or group
    best = min(pool, key=lambda r: (not r.hot, len(r.label), r.label))
    out = Raw(best.label, min((r.type for r in group), key=_TYPE_RANK.__getitem__))
    if curated:
        out.type = curated[0].type
    for r in group:
        for surface, mode in r.forms.items():
            if surface not in out.forms or "curated" in r.sources:
                out.forms[surface] = mode
        out.sources |= r.sources
        out.hot |= r.hot
        out.in_demand |= r.in_demand
        out.occupations += r.occupations
        out.category = out.category or r.category
    return out


def slug(label: str) -> str:
    return key(label).replace(" ", "-")


def to_entries(raws: list[Raw]) -> list[dict]:
    """Plain-data entries; forms that two concepts still share go to the weightier concept."""
    raws = sorted(raws, key=lambda r: (-(r.hot * 1000 + r.occupations + 500 * ("curated" in r.sources)), r.label))
    taken_any: set[str] = set()  # keys of every form already given out
    taken_exact: set[tuple[str, str]] = set()
    entries = []
    ids: set[str] = set()
    for r in raws:
        aliases, cased, ambiguous = [], [], []
        for surface, mode in sorted(r.forms.items()):
            k = key(surface)
            # a case-insensitive form would shadow any exact form of the same key, and the
            # reverse: the weightier concept keeps the key ('Agile' vs ESCO 'agile')
            if (mode == "i" and k in taken_any) or (k, "i") in taken_exact or (k, surface) in taken_exact:
                continue
            taken_any.add(k)
            taken_exact.add((k, "i" if mode == "i" else surface))
            {"i": aliases, "c": cased, "x": ambiguous}[mode].append(surface)
        if not (aliases or cased or ambiguous):
            continue
        sid = slug(r.label)
        while sid in ids:
            sid += "_"
        ids.add(sid)
        entry = {"id": sid, "label": r.label, "type": r.type, "aliases": aliases}
        if cased:
            entry["case_sensitive"] = cased
        if ambiguous:
            entry["ambiguous"] = ambiguous
        if r.category:
            entry["category"] = r.category
        if r.hot or r.in_demand or r.occupations:
            entry["weight"] = {"hot": r.hot, "in_demand": r.in_demand, "occupations": r.occupations}
        entries.append(entry)
    return sorted(entries, key=lambda e: e["id"])


# ---------------------------------------------------------------- main


def build(data: Path, curated_path: Path) -> dict:
    tax = data / "taxonomies"
    onet, esco = tax / "onet", tax / "esco"
    spec = json.loads(curated_path.read_text(encoding="utf-8"))
    common = common_words(
        [
            (onet / "Task Statements.txt", "Task", "\t"),
            (onet / "Occupation Data.txt", "Description", "\t"),
            (esco / "digitalSkillsCollection_en.csv", "description", ","),
            (esco / "transversalSkillsCollection_en.csv", "description", ","),
            (esco / "occupations_en.csv", "description", ","),
        ]
    )
    raws = [
        *onet_raws(onet / "Technology Skills.txt"),
        *esco_digital_raws(esco / "digitalSkillsCollection_en.csv"),
        *esco_language_raws(esco / "languageSkillsCollection_en.csv"),
        *esco_transversal_raws(esco / "transversalSkillsCollection_en.csv"),
        *curated_raws(spec),
    ]
    ambiguous, drop = set(spec["ambiguous"]), set(spec["drop"])
    for r in raws:
        finalise_forms(r, common, ambiguous, drop)
    entries = to_entries(merge([r for r in raws if r.forms]))
    labels = {e["label"] for e in entries}
    implies = {
        slug(k): [slug(v) for v in vs if v in labels] for k, vs in spec["implies"].items() if k in labels
    }
    return {
        "version": ARTIFACT_VERSION,
        "sources": SOURCES,
        "modes": {"aliases": "case-insensitive", "case_sensitive": "exact case",
                  "ambiguous": "exact case and technical context"},
        "implies": implies,
        "entries": entries,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--curated", type=Path, default=HERE / "skill_aliases.json")
    ap.add_argument("--out", type=Path, default=HERE / "skills-v1.json.gz")
    args = ap.parse_args(argv)
    artifact = build(args.data, args.curated)
    payload = json.dumps(artifact, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # no file name and mtime=0 in the gzip header: rebuilds are byte-identical
    with args.out.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as f:
        f.write(payload.encode("utf-8"))
    print(f"{args.out}: {len(artifact['entries'])} entries, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
