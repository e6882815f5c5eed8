"""`matcher rank` and matcher.ranking: every input kind, skipped documents, stable ordering,
the CSV/JSON contracts, the cache on a warm rerun, ranking postings, and Dask == local.

Most tests swap the encoder for a small deterministic bag-of-words one (FakeFactory) so they
run in milliseconds; the end-to-end tests use the real default model."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import matcher
from matcher import ranking
from matcher.cli import main
from matcher.errors import InputError, MatcherError
from matcher.ranking import RankResult, rank_postings, rank_resumes
from matcher.scoring import Scorer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POSTING = EXAMPLES / "postings" / "data-engineer.md"
RESUMES = EXAMPLES / "resumes"
TODAY = date(2025, 6, 1)

CSV_COLUMNS = ["rank", "id", "score", "required_met", "required_total", "preferred_met",
               "preferred_total", "top_gaps"]
RESULT_KEYS = {"rank", "id", "score", "required_met", "required_total", "preferred_met",
               "preferred_total", "top_gaps", "reasons"}

# --- a deterministic fake encoder ----------------------------------------------------------

ENCODED: list[int] = []  # size of every encode() call, across all fake encoders


def fake_encode(texts) -> np.ndarray:
    """Hashing bag-of-words, L2-normalised: similar wording -> similar vectors."""
    ENCODED.append(len(texts))
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for tok in re.findall(r"\w+", text.lower()):
            h = int.from_bytes(hashlib.md5(tok.encode()).digest()[:4], "little")
            out[row, h % 256] += 1.0
        out[row] /= max(np.linalg.norm(out[row]), 1e-9)
    return out


@dataclass(frozen=True)
class FakeFactory:
    """Same signature as ranking.ScorerFactory; builds a Scorer on the fake encoder."""

    model: str = "fake"
    backend: str = "auto"
    quantize: bool = False
    today: date | None = None
    cache: bool = True

    def __call__(self) -> Scorer:
        return Scorer(fake_encode, "fake-bow", today=TODAY)


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "cache"))
    ENCODED.clear()


@pytest.fixture
def fake(monkeypatch):
    """The CLI's default scorer becomes the fake one."""
    monkeypatch.setattr(ranking, "ScorerFactory", FakeFactory)


def _rank_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rank", *args])
    return result.exit_code, result.stdout, result.stderr


def _json(out: str) -> dict:
    return json.loads(out)


def _copy_resumes(dst: Path, names: tuple[str, ...]) -> list[Path]:
    dst.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(RESUMES / n, dst / n)) for n in names]


NAMES = ("jane-doe-data-engineer.md", "sam-lee-backend.txt", "pat-kim-nurse.txt",
         "alex-morgan-marketing.txt")


# --- inputs --------------------------------------------------------------------------------


def test_every_input_kind_gives_the_same_ranking(tmp_path, fake, monkeypatch):
    files = _copy_resumes(tmp_path / "docs" / "sub", NAMES)
    texts = {f.stem: f.read_text(encoding="utf-8") for f in files}
    # tables with text and id columns
    import pandas as pd

    frame = pd.DataFrame({"who": list(texts), "body": list(texts.values())})
    frame.to_csv(tmp_path / "r.csv", index=False)
    frame.to_parquet(tmp_path / "r.parquet")
    with open(tmp_path / "r.jsonl", "w", encoding="utf-8") as fh:
        for who, body in texts.items():
            fh.write(json.dumps({"who": who, "body": body}) + "\n")

    def ranking_of(*args: str) -> list[tuple[str, float]]:
        code, out, err = _rank_cli("--posting", str(POSTING), *args, "-f", "json", "-q")
        assert code == 0, err
        return [(Path(r["id"]).stem, r["score"]) for r in _json(out)["results"]]

    by_files = ranking_of(*map(str, files))
    assert sorted(s for s, _ in by_files) == sorted(texts)
    assert by_files[0][0] == "jane-doe-data-engineer"
    assert ranking_of(str(tmp_path / "docs")) == by_files  # directory, recursive
    monkeypatch.chdir(tmp_path)
    assert ranking_of("docs/**/*.*") == by_files  # quoted glob, expanded by matcher
    for table in ("r.csv", "r.jsonl", "r.parquet"):
        got = ranking_of(table, "--text-column", "body", "--id-column", "who")
        assert got == by_files, table


def test_table_rows_get_file_and_row_number_ids(tmp_path, fake):
    body = (RESUMES / "sam-lee-backend.txt").read_text(encoding="utf-8")
    with open(tmp_path / "r.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text"])
        w.writerow([body])
        w.writerow([""])  # a row without text: skipped, not lost
        w.writerow([body.replace("Sam Lee", "Sam Q. Lee")])
    table = str(tmp_path / "r.csv")
    code, out, err = _rank_cli("--posting", str(POSTING), table, "-f", "json", "-q")
    assert code == 0, err
    data = _json(out)
    assert sorted(r["id"] for r in data["results"]) == [f"{table}#1", f"{table}#3"]
    assert data["skipped"] == [{"id": f"{table}#2", "reason": "row has no text"}]


def test_table_without_the_column_is_a_one_line_error(tmp_path, fake):
    (tmp_path / "r.csv").write_text("name,body\nx,hello\n", encoding="utf-8")
    code, out, err = _rank_cli("--posting", str(POSTING), str(tmp_path / "r.csv"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "no column 'text'" in err and "--text-column" in err
    code, _, err = _rank_cli("--posting", str(POSTING), str(tmp_path / "r.csv"),
                             "--text-column", "body", "--id-column", "nope")
    assert code == 2 and "no column 'nope'" in err


# --- skipped documents -----------------------------------------------------------------------


def test_unreadable_documents_are_reported_and_skipped(tmp_path, fake):
    files = _copy_resumes(tmp_path, NAMES[:2])
    bad = [str(EXAMPLES / "bad" / n) for n in ("empty.txt", "scanned.pdf", "corrupt.docx")]
    missing = str(tmp_path / "nope.md")
    args = ["--posting", str(POSTING), *map(str, files), *bad, missing]
    code, out, err = _rank_cli(*args, "-f", "json", "-q")
    assert code == 0, err
    data = _json(out)
    assert len(data["results"]) == 2
    skipped = {s["id"]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {*bad, missing}
    assert all(skipped.values())
    assert "skipped 4 unreadable documents" in err
    for ident in skipped:
        assert ident in err
    code, out, err = _rank_cli(*args, "--strict", "-q")
    assert code == 2 and out == ""
    assert "--strict" in err and err.count("\n") == 1


def test_posting_without_requirements_is_skipped_when_ranking_postings(tmp_path, fake):
    postings = [str(POSTING), str(EXAMPLES / "postings" / "backend-engineer.txt"),
                str(EXAMPLES / "bad" / "no-requirements.md")]
    result = rank_postings(RESUMES / "jane-doe-data-engineer.md", postings,
                           scorer_factory=FakeFactory(), today=TODAY)
    assert [e.id for e in result.entries][0] == str(POSTING)
    assert {e.id for e in result.entries} == set(postings[:2])
    assert [s.id for s in result.skipped] == [postings[2]]
    assert result.query_kind == "resume"
    assert all(e.title for e in result.entries)  # postings carry their titles


# --- ordering and contracts ------------------------------------------------------------------


def test_ties_are_broken_by_id_and_ranks_are_stable(tmp_path, fake):
    body = (RESUMES / "jane-doe-data-engineer.md").read_text(encoding="utf-8")
    for name in ("c.md", "a.md", "b.md"):
        (tmp_path / name).write_text(body, encoding="utf-8")
    _copy_resumes(tmp_path, ("pat-kim-nurse.txt",))
    outs = set()
    for order in (["c.md", "a.md", "b.md", "pat-kim-nurse.txt"],
                  ["pat-kim-nurse.txt", "b.md", "c.md", "a.md"]):
        code, out, err = _rank_cli("--posting", str(POSTING),
                                   *[str(tmp_path / n) for n in order], "-f", "csv", "-q")
        assert code == 0, err
        outs.add(out)
    assert len(outs) == 1
    rows = list(csv.DictReader(io.StringIO(outs.pop())))
    assert [Path(r["id"]).name for r in rows[:3]] == ["a.md", "b.md", "c.md"]
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    assert len({r["score"] for r in rows[:3]}) == 1


def test_csv_and_json_contracts(tmp_path, fake):
    files = [str(f) for f in _copy_resumes(tmp_path, NAMES)]
    code, out, err = _rank_cli("--posting", str(POSTING), *files, "-f", "csv", "-q")
    assert code == 0, err
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames[: len(CSV_COLUMNS)] == CSV_COLUMNS
    rows = list(reader)
    assert len(rows) == 4
    for r in rows:
        assert int(r["required_met"]) <= int(r["required_total"]) == 7
        assert int(r["preferred_total"]) == 4
        assert 0 <= float(r["score"]) <= 100
        assert len([g for g in r["top_gaps"].split(" | ") if g]) <= 3
    assert [float(r["score"]) for r in rows] == sorted((float(r["score"]) for r in rows),
                                                      reverse=True)

    out_file = tmp_path / "ranked.json"
    code, out, err = _rank_cli("--posting", str(POSTING), *files, "-f", "json", "--top", "2",
                               "-o", str(out_file), "-q")
    assert code == 0 and out == "", err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert {"query", "model", "results", "skipped"} <= set(data)
    assert data["query"] == {"kind": "posting", "path": str(POSTING),
                             "title": "Senior Data Engineer", "occupation": None}
    assert data["model"] == "fake-bow"
    assert [r["rank"] for r in data["results"]] == [1, 2]
    for r in data["results"]:
        assert set(r) >= RESULT_KEYS
        assert isinstance(r["top_gaps"], list) and isinstance(r["reasons"], list)
        assert r["reasons"][0].startswith("required ")
    marketing = [r for r in _json(_rank_cli("--posting", str(POSTING), *files, "-f", "json",
                                            "-q")[1])["results"]
                 if "alex-morgan" in r["id"]][0]
    assert marketing["top_gaps"] and len(marketing["top_gaps"]) <= 3


def test_table_shows_ranks_scores_and_gaps(tmp_path, fake):
    files = [str(f) for f in _copy_resumes(tmp_path, NAMES)]
    code, out, err = _rank_cli("--posting", str(POSTING), *files, "-q")
    assert code == 0, err
    assert "Senior Data Engineer" in out
    assert "jane-doe" in out and "req " in out and "sets it apart" in out
    assert "4 résumés ranked" in out
    code, out, err = _rank_cli("--posting", str(POSTING), *files, "-f", "html", "-q")
    assert code == 0, err
    assert "<html" in out.lower() and "jane-doe-data-engineer" in out


def test_exactly_one_query_is_required(fake):
    code, _, err = _rank_cli(str(RESUMES))
    assert code == 2 and "exactly one of --posting" in err
    code, _, err = _rank_cli("--posting", str(POSTING), "--resume", str(POSTING), str(RESUMES))
    assert code == 2


def test_bad_posting_is_an_error(fake):
    code, out, err = _rank_cli("--posting", str(EXAMPLES / "bad" / "no-requirements.md"),
                               str(RESUMES), "-q")
    assert code == 2 and out == "" and err.count("\n") == 1


# --- speed: one encode call per chunk, every text once ----------------------------------------


def test_one_encode_call_per_chunk(tmp_path):
    files = [str(f) for f in _copy_resumes(tmp_path, NAMES)]
    ENCODED.clear()
    result = rank_resumes(POSTING, files * 1 + [str(RESUMES / "sam-lee-backend.docx")],
                          scorer_factory=FakeFactory(), chunk_size=2)
    assert result.ranked == 5
    # one call for the posting's texts, then one per chunk of two documents
    assert len(ENCODED) == 1 + 3
    small = rank_resumes(POSTING, files, scorer_factory=FakeFactory(), chunk_size=256)
    assert [e.id for e in small.entries] == [e.id for e in result.entries if e.id in files]


def test_progress_is_reported(tmp_path):
    files = [str(f) for f in _copy_resumes(tmp_path, NAMES)]
    seen = []
    rank_resumes(POSTING, files, scorer_factory=FakeFactory(), chunk_size=3,
                 progress=lambda done, total: seen.append((done, total)))
    # once per document, not once per chunk of three
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_unknown_engine_is_an_error():
    with pytest.raises(MatcherError):
        rank_resumes(POSTING, [str(RESUMES)], scorer_factory=FakeFactory(), engine="spark")


@pytest.mark.slow
def test_worker_processes_give_the_one_process_results(tmp_path):
    # more documents than one pool task holds, so the local engine starts its workers
    names = [p.name for p in RESUMES.iterdir() if p.suffix in (".md", ".txt")]
    for i in range(ranking.POOL_CHUNK + 8):
        name = names[i % len(names)]
        shutil.copy(RESUMES / name, tmp_path / f"{i:03d}-{name}")
    sources = [str(tmp_path), str(EXAMPLES / "bad" / "empty.txt")]
    seen = []
    pooled = rank_resumes(POSTING, sources, scorer_factory=FakeFactory(), workers=2,
                          progress=lambda done, total: seen.append((done, total)))
    alone = rank_resumes(POSTING, sources, scorer_factory=FakeFactory(), workers=1)
    assert pooled == alone
    assert pooled.ranked == ranking.POOL_CHUNK + 8 and len(pooled.skipped) == 1
    assert seen[-1] == (ranking.POOL_CHUNK + 9, ranking.POOL_CHUNK + 9)
    with pytest.raises(InputError):  # --strict stops at the bad document in a worker too
        rank_resumes(POSTING, sources, scorer_factory=FakeFactory(), workers=2, strict=True)


def test_workers_must_be_positive():
    with pytest.raises(MatcherError):
        rank_resumes(POSTING, [str(RESUMES)], scorer_factory=FakeFactory(), workers=0)


# --- Dask ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_engine_gives_the_local_results(tmp_path):
    pytest.importorskip("distributed")
    sources = [str(RESUMES), str(EXAMPLES / "bad" / "empty.txt")]
    local = rank_resumes(POSTING, sources, scorer_factory=FakeFactory(), chunk_size=4)
    dask = rank_resumes(POSTING, sources, scorer_factory=FakeFactory(), chunk_size=4,
                        engine="dask")
    assert isinstance(dask, RankResult)
    assert dask == local
    assert local.ranked >= 14 and len(local.skipped) == 1


def test_dask_engine_without_dask_names_the_extra(fake, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    code, out, err = _rank_cli("--posting", str(POSTING), str(RESUMES), "--engine", "dask",
                               "-q")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "pip install 'matcher[dask]'" in err


@pytest.mark.slow
def test_cli_dask_engine_matches_local(fake):
    pytest.importorskip("distributed")
    args = ["--posting", str(POSTING), str(RESUMES), "-f", "csv", "-q", "--chunk-size", "5"]
    code, local, err = _rank_cli(*args)
    assert code == 0, err
    code, dask, err = _rank_cli(*args, "--engine", "dask")
    assert code == 0, err
    assert dask == local


# --- end to end on the real model ------------------------------------------------------------

EMBEDDERS: list = []


@dataclass(frozen=True)
class RecordingFactory:
    """The real default encoder, remembering its Embedder so a test can read its stats."""

    def __call__(self) -> Scorer:
        from matcher.api import role_model
        from matcher.embedding import Embedder
        from matcher.scoring import ScoringConfig

        embedder = Embedder()
        EMBEDDERS.append(embedder)
        config = ScoringConfig.load(embedder.model_id)
        return Scorer(embedder.encode, embedder.model_id, config=config, today=TODAY,
                      role=role_model(embedder, config))


@pytest.mark.slow
def test_real_model_ranks_examples_and_warm_rerun_encodes_nothing(tmp_path):
    EMBEDDERS.clear()
    sources = [str(RESUMES / n) for n in NAMES]
    cold = rank_resumes(POSTING, sources, scorer_factory=RecordingFactory())
    first = EMBEDDERS[-1].stats
    assert first.encoded > 50 and first.model_calls == 2  # the posting, then one chunk
    warm = rank_resumes(POSTING, sources, scorer_factory=RecordingFactory())
    second = EMBEDDERS[-1].stats
    assert second.encoded == 0 and second.model_calls == 0
    assert second.cache_hits == first.encoded
    assert warm == cold
    ids = [Path(e.id).name for e in cold.entries]
    assert ids[0] == "jane-doe-data-engineer.md"
    assert ids.index("sam-lee-backend.txt") < ids.index("pat-kim-nurse.txt")
    assert cold.entries[0].score > cold.entries[-1].score + 20
    assert cold.model == "all-MiniLM-L6-v2"
    # role texts (titles) are embedded in the same calls as the lines
    first_entry = cold.entries[0]
    assert first_entry.role_verdict == "match" and first_entry.role_score > 50
    assert first_entry.reasons[0].startswith("role match")
    assert cold.entries[-1].role_verdict == "different"


@pytest.mark.slow
def test_real_model_cli_ranks_postings_for_a_resume():
    postings = EXAMPLES / "postings"
    code, out, err = _rank_cli("--resume", str(RESUMES / "pat-kim-nurse.txt"),
                               str(postings / "*.md"), str(postings / "*.txt"),
                               str(postings / "*.html"), "-f", "json", "-q")
    assert code == 0, err
    data = _json(out)
    assert data["query"]["kind"] == "resume"
    assert data["model"] == "all-MiniLM-L6-v2"
    results = data["results"]
    assert len(results) == 3
    assert results[0]["id"].endswith("nurse-manager.html")
    assert results[0]["role_verdict"] == "match" and "Nurse" in results[0]["occupation"]
    assert all(r["role_score"] < 20 for r in results[1:])
    # the fitted combination rises with each part: the posting that is the same kind of work
    # (and better met) sorts first by a wide margin, and every rank says what moved it
    assert results[0]["score"] >= 60 and all(r["score"] <= 30 for r in results[1:])
    assert all(any(x.startswith("moved by: ") for x in r["reasons"]) for r in results)
    assert any("role fit −" in x for x in results[-1]["reasons"])


def test_table_with_absolute_and_relative_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids from a relative folder and an absolute one in the same table (regression)."""
    from matcher.rendering import render

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    absolute = tmp_path / "postings"
    absolute.mkdir()
    (absolute / "b.md").write_text("# B\n\n## Requirements\n* 3+ years of SQL\n", encoding="utf-8")
    result = matcher.rank(["examples/postings", str(absolute)],
                          resume="examples/resumes/jane-doe-data-engineer.md")
    text = render(result, "table")
    assert "b.md" in text and "data-engineer" in text


@dataclass(frozen=True)
class StoringFakeFactory(FakeFactory):
    """The fake encoder, with parsed documents cached like the real factory does."""

    def __call__(self) -> Scorer:
        from matcher.cache import EmbeddingCache

        return Scorer(fake_encode, "fake-bow", today=TODAY, store=EmbeddingCache())


def test_warm_rank_reuses_parsed_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun over the same files parses nothing again, and gives the same result."""
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "resumes"
    shutil.copytree(RESUMES, folder)
    calls: list[str] = []
    real_parse = ranking._parse

    def counting(kind, item, *args):  # noqa: ANN001, ANN202
        calls.append(item.id)
        return real_parse(kind, item, *args)

    monkeypatch.setattr(ranking, "_parse", counting)
    options = {"today": TODAY, "scorer_factory": StoringFakeFactory()}
    first = rank_resumes(POSTING, [folder], **options)
    parsed_first = len(calls)
    second = rank_resumes(POSTING, [folder], **options)
    assert parsed_first >= 10
    assert len(calls) == parsed_first  # nothing parsed the second time
    assert first.to_dict() == second.to_dict()
    (folder / "alex-morgan-marketing.txt").write_text("ALEX MORGAN\n\nSUMMARY\nChanged résumé "
                                                      "text about accounting.\n", encoding="utf-8")
    rank_resumes(POSTING, [folder], **options)
    assert len(calls) == parsed_first + 1  # only the changed file
