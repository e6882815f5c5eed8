"""Ranking many documents against one: résumés for a posting, or postings for a résumé.

Documents are streamed in chunks (`chunk_size`, 256 by default). For each chunk every document
is read and parsed, every text its score needs is collected, and all of the chunk's texts not
already embedded are encoded in ONE `encode` call (the Embedder dedupes and caches them); then
each document is scored with the chunk's vectors. The query's own texts are encoded once, up
front. Only a small `RankEntry` is kept per document, so memory stays flat for any number.

With more than one CPU and more than POOL_CHUNK documents, the local engine runs the same chunk
function in one worker process per CPU (`workers`), POOL_CHUNK documents a task, and puts the
results back in document order.

With `engine="dask"` the same chunk function runs as tasks on a `dask.distributed` cluster
(a given scheduler address, or a two-worker LocalCluster); each worker thread builds its Scorer
once. Chunks are identical to the local engine's, so ranks and scores are identical too.

Documents that cannot be read or parsed are skipped and listed in `RankResult.skipped`;
`strict=True` turns the first one into an error instead.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .blind import SINGLE_ID, anonymise, scrub
from .data import (
    MatchReport,
    Posting,
    QueryKind,
    RankedRequirement,
    RankEntry,
    RankResult,
    RequirementMatch,
    Resume,
    RoleMatch,
    SkippedDocument,
)
from .errors import InputError, MatcherError
from .sources import (
    DEFAULT_TEXT_COLUMN,
    SourceItem,
    count_items,
    expand_sources,
    iter_items,
    load_document,
)
from .wording import first_occupation, score_moves, seniority_reason

ENGINES = ("local", "dask")
DEFAULT_CHUNK_SIZE = 256
MAX_GAPS = 3
# A chunk's texts are embedded in groups of documents of about this many texts, so progress
# moves document by document while each encode call still fills the encoder's batches.
EMBED_GROUP_TEXTS = 512
DASK_INSTALL = "pip install 'matcher[dask]'"

Progress = Callable[[int, int | None], None]  # (documents done, total or None)

__all__ = [
    "RankEntry", "RankResult", "SkippedDocument", "rank", "rank_postings", "rank_resumes",
    "score_chunk", "entry_from_report", "distinguish",
]


# --- results -----------------------------------------------------------------------------


def rank_key(entry: RankEntry) -> tuple[float, str]:
    """Best first; equal scores (to 2 decimals) in id order, so ranks are stable."""
    return (-round(entry.score, 2), entry.id)


def _item(m: RequirementMatch) -> RankedRequirement:
    r = m.requirement
    return RankedRequirement(r.id, r.text, r.kind, m.verdict, tuple(m.missing))


def entry_from_report(doc_id: str, report: MatchReport, title: str | None = None,
                      ranked: QueryKind = "posting") -> RankEntry:
    """The summary of one report kept for ranking (rank is assigned later); `ranked` says
    which side the query is, so the occupation shown is the ranked document's."""
    summary = report.summary()
    req, pref = summary["required"], summary["preferred"]
    gaps = report.gaps()
    missing_required = [
        m for m in gaps if m.requirement.kind == "required" and m.verdict == "missing"
    ]
    reasons = []
    role = report.role
    occupation = query_occupation = None
    if role is not None:
        mine, theirs = ((role.resume_occupations, role.posting_occupations) if ranked == "posting"
                        else (role.posting_occupations, role.resume_occupations))
        occupation, query_occupation = first_occupation(mine), first_occupation(theirs)
        reasons.append(_role_reason(role, occupation))
    moves = score_moves(report, limit=3)
    if moves:
        reasons.append(f"moved by: {moves}")
    reasons.append(
        f"required {req['met']} met, {req['partial']} partial, {req['missing']} missing of "
        f"{sum(req.values())}",
    )
    if sum(pref.values()):
        reasons.append(f"preferred {pref['met']} met of {sum(pref.values())}")
    level = seniority_reason(report.seniority)
    if level:
        reasons.append(level)
    reasons.extend(f"capped: {c}" for c in report.caps)
    reasons.extend(f"warning: {w}" for w in report.warnings)
    return RankEntry(
        rank=0,
        id=doc_id,
        score=round(report.score, 2),
        required_met=req["met"],
        required_total=sum(req.values()),
        preferred_met=pref["met"],
        preferred_total=sum(pref.values()),
        top_gaps=tuple(m.requirement.text for m in missing_required[:MAX_GAPS]),
        reasons=tuple(reasons),
        title=title,
        requirements_score=report.requirements_score,
        role_score=None if role is None else round(100 * role.score, 2),
        role_verdict=None if role is None else role.verdict,
        occupation=occupation,
        gaps=tuple(_item(m) for m in gaps),
        strengths=tuple(_item(m) for m in report.matches if m.verdict == "met"),
        query_occupation=query_occupation,
    )


def _role_reason(role: RoleMatch, occupation: str | None) -> str:
    # only the ranked document's side: the query's reading is the same in every row
    terms = f"; shared terms: {', '.join(role.shared_terms[:4])}" if role.shared_terms else ""
    return (f"role {role.verdict} ({100 * role.score:.0f} / 100): reads as "
            f"{occupation or '—'}{terms}")


def _key(item: RankedRequirement) -> str:
    # the same posting's requirement in two rows, or the same wording in two postings
    return " ".join(item.text.lower().split())


_KIND_ORDER = {"required": 0, "preferred": 1, "responsibility": 2}


def distinguish(entries: Sequence[RankEntry]) -> tuple[list[RankEntry], tuple[str, ...]]:
    """What sets each entry apart from the others in the ranking: its gaps and strengths that
    fewer than half of the other entries share (rarest first, up to MAX_GAPS of each), and
    the gaps more than half of all entries share, to be said once for the whole ranking."""
    n = len(entries)
    gap_count: dict[str, int] = {}
    met_count: dict[str, int] = {}
    for e in entries:
        for k in {_key(g) for g in e.gaps}:
            gap_count[k] = gap_count.get(k, 0) + 1
        for k in {_key(s) for s in e.strengths}:
            met_count[k] = met_count.get(k, 0) + 1
    others = n - 1

    def rare(items: tuple[RankedRequirement, ...], count: dict[str, int]) -> tuple[str, ...]:
        if others < 1:  # nothing to compare with: the heaviest items are what there is
            picked = [i for i in items if i.kind != "responsibility"] or list(items)
            return tuple(i.id for i in picked[:MAX_GAPS])
        shared = [(count[_key(i)] - 1, _KIND_ORDER.get(i.kind, 3), pos, i)
                  for pos, i in enumerate(items) if 2 * (count[_key(i)] - 1) < others]
        return tuple(i.id for *_, i in sorted(shared, key=lambda t: t[:3])[:MAX_GAPS])

    out = [replace(e, distinct_gaps=rare(e.gaps, gap_count),
                   distinct_strengths=rare(e.strengths, met_count) if others else ())
           for e in entries]
    common: dict[str, str] = {}
    if n > 1:
        for e in entries:
            for g in e.gaps:
                if 2 * gap_count[_key(g)] > n and g.kind != "responsibility":
                    common.setdefault(_key(g), g.text)
    return out, tuple(common.values())


def _anonymise_entries(entries: list[RankEntry], skipped: list[SkippedDocument]
                       ) -> tuple[list[RankEntry], list[SkippedDocument], dict[str, str]]:
    mapping = anonymise([e.id for e in entries] + [s.id for s in skipped])
    entries = [replace(e, id=mapping[e.id],
                       reasons=tuple(scrub(r, mapping) for r in e.reasons)) for e in entries]
    skipped = [SkippedDocument(mapping[s.id], scrub(s.reason, mapping)) for s in skipped]
    return entries, skipped, mapping


# --- scorers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorerFactory:
    """Builds the Scorer a ranking uses; picklable and hashable, so every Dask worker can
    build its own once. Subclass (or pass any such callable) to inject another encoder."""

    model: str = "all-MiniLM-L6-v2"
    backend: str = "auto"
    quantize: bool = False
    today: date | None = None
    cache: bool = True  # False: neither read nor write cached vectors and parsed documents

    def __call__(self):  # noqa: ANN204 - returns matcher.scoring.Scorer
        from .api import make_scorer

        return make_scorer(self.model, backend=self.backend, quantize=self.quantize,
                           today=self.today, cache="default" if self.cache else None)


_WORKER_SCORERS: dict[tuple[Any, int], Any] = {}
_WORKER_LOCK = threading.Lock()


def _worker_scorer(factory: Callable[[], Any]) -> Any:
    """One Scorer per factory and thread of a worker process, built on first use."""
    key = (factory, threading.get_ident())
    with _WORKER_LOCK:
        scorer = _WORKER_SCORERS.get(key)
    if scorer is None:
        scorer = factory()
        with _WORKER_LOCK:
            _WORKER_SCORERS[key] = scorer
    return scorer


# --- the work ----------------------------------------------------------------------------


def _query_texts(scorer: Any, kind: QueryKind, query: Posting | Resume) -> list[str]:
    from .scoring import DENSE_UNITS

    if kind == "posting":
        texts = scorer.texts_to_encode(query)
    else:
        texts = [e.text for e in query.evidence if e.unit in DENSE_UNITS]
    return list(dict.fromkeys(texts))


def query_vectors(scorer: Any, kind: QueryKind, query: Posting | Resume) -> dict[str, np.ndarray]:
    """The query's texts embedded once, reused by every chunk."""
    texts = _query_texts(scorer, kind, query)
    return dict(zip(texts, scorer.encode(texts))) if texts else {}


# the libraries that read files: another version may read the same bytes differently
_READER_DISTRIBUTIONS = ("pypdf", "python-docx", "beautifulsoup4", "ftfy", "pandas", "pyarrow")


@functools.lru_cache(maxsize=1)
def parser_version() -> str:
    """A fingerprint of the code that turns bytes into parsed documents (matcher's reading
    and parsing modules, the versions of the libraries that read files): a cached parse is
    reused only by the same code."""
    from importlib import metadata

    from . import (
        __version__,
        api,
        cache,
        data,
        errors,
        facts,
        matching,
        pdf_guard,
        postings,
        reading,
        redaction,
        resumes,
        sources,
        stuffing,
    )

    digest = hashlib.sha256(__version__.encode())
    for module in (api, cache, data, errors, facts, matching, pdf_guard, postings, reading,
                   redaction, resumes, sources, stuffing):
        digest.update(Path(module.__file__).read_bytes())
    for name in _READER_DISTRIBUTIONS:
        try:
            digest.update(f"|{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"|{name}=-".encode())
    return digest.hexdigest()[:16]


def parsed_key(kind: QueryKind, item: SourceItem, redact: bool, force: bool = False) -> str | None:
    """Cache key of a document's parse: its content, what it is parsed as, and the parser.
    None when the item has no content to key on (an error item)."""
    content = item.data if item.data is not None else (
        item.text.encode("utf-8") if item.text is not None else None)
    if content is None:
        return None
    # the id is part of the key: documents carry their path, which reports show
    # forced parses are kept apart: a later run without --force must still check the kind
    head = f"{parser_version()}|{kind}|{int(redact)}{'f' * force}|{item.id}|".encode()
    return hashlib.sha256(head + content).hexdigest()


def _parse_all(
    kind: QueryKind, items: Sequence[SourceItem], redact: bool, store: Any, force: bool = False
) -> list[Posting | Resume | Exception]:
    """Parse every item, reusing parses stored in the cache (`store`, or None for none)."""
    items = [it.with_bytes() if it.path is not None and it.error is None else it for it in items]
    keys = [parsed_key(kind, it, redact, force) for it in items]
    known = store.get_documents([k for k in keys if k]) if store is not None else {}
    out: list[Posting | Resume | Exception] = []
    fresh: dict[str, object] = {}
    for item, key in zip(items, keys):
        if key in known:
            out.append(known[key])  # type: ignore[arg-type]
            continue
        try:
            doc = _parse(kind, item, redact, force)
        except Exception as e:  # noqa: BLE001 - one bad document never stops a ranking
            out.append(e)
            continue
        out.append(doc)
        if key:
            fresh[key] = doc
    if store is not None and fresh:
        store.put_documents(fresh)
    return out


def _parse(kind: QueryKind, item: SourceItem, redact: bool, force: bool = False
           ) -> Posting | Resume:
    from .api import posting_from_document, resume_from_document
    from .doctype import POSTING, RESUME, document_kind

    doc = load_document(item)
    if not force:
        # a posting among the résumés (or the reverse) is skipped with its reason, not ranked
        wanted = RESUME if kind == "posting" else POSTING
        found = document_kind(doc.text)
        if found not in (wanted, "unknown"):
            raise InputError(item.id, f"this looks like a {found}, not a {wanted} "
                                      "(--force to rank it anyway)")
    return resume_from_document(doc, redact=redact) if kind == "posting" else (
        posting_from_document(doc)
    )


def _reason(e: Exception) -> str:
    if isinstance(e, InputError):
        return e.reason
    if isinstance(e, MatcherError):
        return str(e)
    return f"internal error while parsing: {type(e).__name__}: {e}"


def score_chunk(
    scorer: Any,
    kind: QueryKind,
    query: Posting | Resume,
    qvecs: Mapping[str, np.ndarray],
    items: Sequence[SourceItem],
    redact: bool = False,
    on_document: Callable[[], None] | None = None,
    force: bool = False,
) -> tuple[list[RankEntry], list[SkippedDocument]]:
    """Parse, embed and score `items` against `query`. The chunk's texts are embedded in
    groups of documents (one encode call per EMBED_GROUP_TEXTS texts or so, each text once),
    and each group is scored as soon as its vectors are there, so `on_document` is called
    once per document (scored or skipped) as the work goes."""
    parsed: list[tuple[str, Posting, Resume, list[str]]] = []
    skipped: list[SkippedDocument] = []
    tick = on_document or (lambda: None)
    for item, doc in zip(items, _parse_all(kind, items, redact, getattr(scorer, "store", None),
                                           force)):
        try:
            if isinstance(doc, Exception):
                raise doc
            posting, resume = (query, doc) if kind == "posting" else (doc, query)
            texts = scorer.texts_to_encode(posting, resume)
        except Exception as e:  # noqa: BLE001 - one bad document never stops a ranking
            skipped.append(SkippedDocument(item.id, _reason(e)))
            tick()
            continue
        parsed.append((item.id, posting, resume, texts))
    vectors = dict(qvecs)
    entries: list[RankEntry] = []
    for group in _groups(parsed, vectors):
        need = list(dict.fromkeys(t for *_, texts in group for t in texts if t not in vectors))
        if need:
            vectors.update(zip(need, scorer.encode(need)))
        for doc_id, posting, resume, _texts in group:
            try:
                report = scorer.score(posting, resume, vectors=vectors)
            except MatcherError as e:
                skipped.append(SkippedDocument(doc_id, _reason(e)))
                continue
            finally:
                if kind == "resume":
                    # postings are prepared once per Scorer; a ranked one is not needed again
                    scorer.forget(posting)
                tick()
            entries.append(entry_from_report(
                doc_id, report, title=posting.title if kind == "resume" else None, ranked=kind))
    return entries, skipped


def _groups(parsed: list[tuple[str, Posting, Resume, list[str]]],
            known: Mapping[str, np.ndarray]) -> Iterator[list[tuple[str, Posting, Resume, list[str]]]]:
    """Consecutive documents whose new texts add up to about EMBED_GROUP_TEXTS."""
    group: list[tuple[str, Posting, Resume, list[str]]] = []
    size = 0
    seen: set[str] = set()
    for doc in parsed:
        new = {t for t in doc[3] if t not in known and t not in seen}
        seen |= new
        group.append(doc)
        size += len(new)
        if size >= EMBED_GROUP_TEXTS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _worker_task(
    factory: Callable[[], Any],
    kind: QueryKind,
    query: Posting | Resume,
    qvecs: Mapping[str, np.ndarray],
    items: Sequence[SourceItem],
    redact: bool,
    force: bool = False,
) -> tuple[list[RankEntry], list[SkippedDocument]]:
    return score_chunk(_worker_scorer(factory), kind, query, qvecs, items, redact, force=force)


def _worker_query_vectors(
    factory: Callable[[], Any], kind: QueryKind, query: Posting | Resume
) -> tuple[dict[str, np.ndarray], str]:
    scorer = _worker_scorer(factory)
    return query_vectors(scorer, kind, query), scorer.model_id


def _chunks(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _check_strict(skipped: Sequence[SkippedDocument], strict: bool) -> None:
    if strict and skipped:
        first = skipped[0]
        raise InputError(first.id, f"{first.reason} (--strict: no document may be skipped)")


def _in_chunk_order(results: Mapping[int, tuple[list[RankEntry], list[SkippedDocument]]]
                    ) -> tuple[list[RankEntry], list[SkippedDocument]]:
    """Chunks' results, finished in any order, back in the order of the chunks."""
    entries = [e for i in sorted(results) for e in results[i][0]]
    skipped = [s for i in sorted(results) for s in results[i][1]]
    return entries, skipped


@dataclass(frozen=True)
class _Job:
    """What every chunk of one ranking is scored with, whichever engine runs it."""

    factory: Callable[[], Any]
    kind: QueryKind
    query: Posting | Resume
    redact: bool
    force: bool


def _run_local(job: _Job, chunks: Iterator[list[SourceItem]], strict: bool,
               on_chunk: Callable[[int], None]) -> tuple[str, list[RankEntry], list[SkippedDocument]]:
    scorer = job.factory()
    qvecs = query_vectors(scorer, job.kind, job.query)
    entries: list[RankEntry] = []
    skipped: list[SkippedDocument] = []
    for chunk in chunks:
        got, bad = score_chunk(scorer, job.kind, job.query, qvecs, chunk, job.redact,
                               on_document=lambda: on_chunk(1), force=job.force)
        _check_strict(bad, strict)
        entries.extend(got)
        skipped.extend(bad)
    return scorer.model_id, entries, skipped


# With more than one CPU, a local ranking of more than POOL_CHUNK documents parses, embeds and
# scores in one worker process per CPU (each encoder on one thread), POOL_CHUNK documents a
# task: the encoder alone already used every CPU, but parsing and scoring ran on one.
POOL_CHUNK = 32


def _pool_init() -> None:
    import os

    os.environ["MATCHER_THREADS"] = "1"


def _pool_call(task: Callable[..., Any], *args: Any) -> tuple[Any, list[tuple[type, str]]]:
    """Run `task` in a worker and bring back the warnings it gave, for the parent to show
    once each as one process would (and as the command line formats them)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = task(*args)
    return result, [(w.category, str(w.message)) for w in caught]


def _sendable(factory: Callable[[], Any]) -> bool:
    """Whether a spawned worker can rebuild `factory`: it pickles, and not by reference to a
    `__main__` a worker cannot import (a notebook, `python -c`, a script read from stdin)."""
    import pickle
    import sys

    try:
        pickle.dumps(factory)
    except Exception:  # noqa: BLE001 - any failure means "cannot be sent"
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    defined_in_main = any(getattr(x, "__module__", None) == "__main__"
                          for x in (factory, type(factory)))
    return not defined_in_main or main_file not in (None, "<stdin>")


def _local_workers() -> int:
    from .embedding import _cpu_count

    return _cpu_count()


def _run_processes(job: _Job, chunks: Iterator[list[SourceItem]], strict: bool,
                   on_chunk: Callable[[int], None], workers: int,
                   ) -> tuple[str, list[RankEntry], list[SkippedDocument]]:
    """The local engine on `workers` processes: the same chunk function, results in the
    order of the chunks (so ranks and scores are those of one process)."""
    import multiprocessing
    import warnings
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    shown: set[tuple[type, str]] = set()

    def result_of(fut: Any) -> Any:
        value, caught = fut.result()
        for category, message in caught:
            if (category, message) not in shown:
                shown.add((category, message))
                warnings.warn(message, category, stacklevel=2)
        return value

    # spawned, not forked: the parent may hold encoder threads a fork would copy mid-flight
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_pool_init)
    results: dict[int, tuple[list[RankEntry], list[SkippedDocument]]] = {}
    try:
        qvecs, model_id = result_of(
            pool.submit(_pool_call, _worker_query_vectors, job.factory, job.kind, job.query))
        pending: dict[Any, tuple[int, int]] = {}
        numbered = enumerate(chunks)

        def submit() -> bool:
            nxt = next(numbered, None)
            if nxt is None:
                return False
            i, chunk = nxt
            chunk = [item.with_bytes() for item in chunk]  # a path's bytes read once, here
            fut = pool.submit(_pool_call, _worker_task, job.factory, job.kind, job.query, qvecs,
                              chunk, job.redact, job.force)
            pending[fut] = (i, len(chunk))
            return True

        for _ in range(2 * workers):  # a task queued behind each running one
            if not submit():
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i, n = pending.pop(fut)
                got, bad = result_of(fut)
                _check_strict(bad, strict)
                results[i] = (got, bad)
                on_chunk(n)
                submit()
    except BaseException:
        # an error or Ctrl-C: stop now, not after the tasks already running (the pool forgets
        # its processes on shutdown, so they are taken first)
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.terminate()
        for proc in processes:
            proc.join(timeout=5)
        raise
    pool.shutdown()
    return (model_id, *_in_chunk_order(results))


LOCAL_HOST = "127.0.0.1"


def _loopback_worker_class() -> type:
    from distributed import Worker

    class LoopbackWorker(Worker):
        """A worker without a dashboard whose HTTP server still gets an address (LocalCluster
        turns the worker dashboard on whenever it passes one; without one the server listens
        on all interfaces)."""

        def __init__(self, *args: Any, **kwargs: Any):
            kwargs["dashboard"] = False
            super().__init__(*args, **kwargs)

    return LoopbackWorker


def _dask_client(scheduler: str | None, dashboard: str | None = None):  # noqa: ANN202
    try:
        import logging

        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise MatcherError(f"--engine dask needs dask.distributed: {DASK_INSTALL}") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, ValueError, TypeError) as e:
            raise MatcherError(f"cannot reach Dask scheduler {scheduler}: {e}") from e
    # Nothing of a local cluster needs to be reachable from elsewhere: workers talk in
    # process (inproc://), and the HTTP servers every scheduler and worker starts (even with
    # dashboard_address=None, which only means "the default :8787 on all interfaces") listen
    # on loopback, on a free port, and serve a health check only, unless a dashboard is asked.
    routes = {} if dashboard else {
        "distributed.scheduler.http.routes": ["distributed.http.health"],
        "distributed.worker.http.routes": ["distributed.http.health"],
    }
    try:
        with dask.config.set(routes):
            cluster = LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=False,
                dashboard_address=dashboard or f"{LOCAL_HOST}:0",
                worker_dashboard_address=f"{LOCAL_HOST}:0",
                worker_class=_loopback_worker_class(),
                scheduler_kwargs={"dashboard": bool(dashboard)},
                silence_logs=logging.ERROR,
            )
    except (OSError, RuntimeError, ValueError) as e:
        if not dashboard:
            raise
        # an address that cannot be served (bad HOST:PORT, port taken) is bad input
        raise MatcherError(f"cannot serve the Dask dashboard on {dashboard}: {e}") from e
    return Client(cluster), cluster


def _run_dask(job: _Job, chunks: Iterator[list[SourceItem]], strict: bool,
              on_chunk: Callable[[int], None], scheduler: str | None,
              dashboard: str | None = None,
              ) -> tuple[str, list[RankEntry], list[SkippedDocument]]:
    client, cluster = _dask_client(scheduler, dashboard)
    try:
        from distributed import as_completed

        qvecs, model_id = client.submit(
            _worker_query_vectors, job.factory, job.kind, job.query, pure=False
        ).result()
        [qvecs_f] = client.scatter([qvecs], broadcast=True)
        [query_f] = client.scatter([job.query], broadcast=True)
        in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 2)
        results: dict[int, tuple[list[RankEntry], list[SkippedDocument]]] = {}
        sizes: dict[Any, tuple[int, int]] = {}
        numbered = enumerate(chunks)

        def submit(pool: Any) -> bool:
            nxt = next(numbered, None)
            if nxt is None:
                return False
            i, chunk = nxt
            # files travel as bytes, so workers need no shared filesystem
            chunk = [item.with_bytes() for item in chunk]
            fut = client.submit(_worker_task, job.factory, job.kind, query_f, qvecs_f, chunk,
                                job.redact, job.force, pure=False)
            sizes[fut.key] = (i, len(chunk))
            pool.add(fut)
            return True

        pool = as_completed()
        for _ in range(in_flight):
            if not submit(pool):
                break
        for fut in pool:
            i, n = sizes.pop(fut.key)
            got, bad = fut.result()
            _check_strict(bad, strict)
            results[i] = (got, bad)
            on_chunk(n)
            submit(pool)
        return (model_id, *_in_chunk_order(results))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
            # the in-process workers' scorers (encoder sessions, skill index) go with them
            with _WORKER_LOCK:
                for key in [k for k in _WORKER_SCORERS if k[0] == job.factory]:
                    del _WORKER_SCORERS[key]


_RANK_USAGE = "matcher rank --posting POSTING RESUMES... or matcher rank --resume RESUME POSTINGS..."


def _rank(
    kind: QueryKind,
    query: str | Path | Posting | Resume,
    sources: Sequence[str | Path],
    *,
    model: str,
    backend: str,
    quantize: bool,
    today: date | None,
    redact: bool,
    text_column: str,
    id_column: str | None,
    top: int | None,
    strict: bool,
    engine: str,
    scheduler: str | None,
    chunk_size: int,
    scorer_factory: Callable[[], Any] | None,
    progress: Progress | None,
    force: bool = False,
    cache: bool = True,
    dashboard: str | None = None,
    workers: int | None = None,
) -> RankResult:
    from .api import read_posting, read_resume

    if engine not in ENGINES:
        raise MatcherError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if chunk_size < 1:
        raise MatcherError(f"chunk size must be positive, got {chunk_size}")
    if workers is not None and workers < 1:
        raise MatcherError(f"workers must be positive, got {workers}")
    if kind == "posting":
        q = query if isinstance(query, Posting) else read_posting(
            query, expect_kind=None if force else _RANK_USAGE)
        title = q.title
    else:
        q = query if isinstance(query, Resume) else read_resume(
            query, redact=redact, expect_kind=None if force else _RANK_USAGE)
        title = None
    # "today" is fixed here so every worker judges dates (years of experience) alike
    factory = scorer_factory or ScorerFactory(model, backend, quantize, today or date.today(),
                                              cache)
    srcs = expand_sources(sources, text_column, id_column)
    total = count_items(srcs) if progress else None
    done = 0

    def on_chunk(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    items = iter_items(srcs, text_column, id_column)
    workers = _local_workers() if workers is None else workers
    head: list[SourceItem] = []
    if engine == "local" and workers > 1:
        head = list(itertools.islice(items, POOL_CHUNK + 1))
        # a small ranking runs here (starting workers would cost more), and so does one
        # whose scorer cannot be sent to another process
        if len(head) <= POOL_CHUNK or not _sendable(factory):
            workers = 1
    items = itertools.chain(head, items)
    job = _Job(factory, kind, q, redact, force)
    if engine == "local" and workers > 1:
        model_id, entries, skipped = _run_processes(
            job, _chunks(items, min(chunk_size, POOL_CHUNK)), strict, on_chunk, workers)
    elif engine == "dask":
        model_id, entries, skipped = _run_dask(job, _chunks(items, chunk_size), strict, on_chunk,
                                               scheduler, dashboard)
    else:
        model_id, entries, skipped = _run_local(job, _chunks(items, chunk_size), strict, on_chunk)
    mapping: dict[str, str] = {}
    query_path = q.path
    if redact and kind == "posting":  # the ranked résumés are the candidates
        entries, skipped, mapping = _anonymise_entries(entries, skipped)
    elif redact:  # the query résumé is the candidate
        original = str(query) if isinstance(query, (str, Path)) else q.path
        mapping = {original: SINGLE_ID}
        query_path = SINGLE_ID
        forms = {**mapping, q.path: SINGLE_ID}  # the parse's stand-in path too
        entries = [replace(e, reasons=tuple(scrub(r, forms) for r in e.reasons))
                   for e in entries]
    entries, common = distinguish(entries)
    ordered = sorted(entries, key=rank_key)
    if top is not None:
        ordered = ordered[:top]
    return RankResult(
        query_kind=kind,
        query_path=query_path,
        query_title=title,
        model=model_id,
        entries=tuple(replace(e, rank=i) for i, e in enumerate(ordered, 1)),
        skipped=tuple(skipped),
        ranked=len(entries),
        common_gaps=common,
        query_occupation=next((e.query_occupation for e in entries if e.query_occupation),
                              None),
        redacted=redact,
        redaction_map=tuple(sorted({anon: orig for orig, anon in mapping.items()}.items())),
    )


def rank_resumes(
    posting: str | Path | Posting,
    sources: Sequence[str | Path],
    *,
    model: str = "all-MiniLM-L6-v2",
    backend: str = "auto",
    quantize: bool = False,
    today: date | None = None,
    redact: bool = False,
    text_column: str = DEFAULT_TEXT_COLUMN,
    id_column: str | None = None,
    top: int | None = None,
    strict: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    scorer_factory: Callable[[], Any] | None = None,
    progress: Progress | None = None,
    force: bool = False,
    cache: bool = True,
    dashboard: str | None = None,
    workers: int | None = 1,
) -> RankResult:
    """Rank the résumés in `sources` (files, directories, globs, .csv/.jsonl/.parquet tables
    with one résumé per row) by how well they fit `posting`, best first.

    `scorer_factory` (a picklable callable returning a Scorer) replaces the default encoder,
    e.g. in tests; `progress(done, total)` is called after every document (after every chunk
    with the Dask engine). With `redact`, résumés are shown as C001 ... (see `anonymise`).
    `cache=False` neither reads nor writes cached vectors and parsed documents; `dashboard`
    ("127.0.0.1:8787") turns on the local Dask cluster's dashboard (it has none, and listens
    on loopback only). `workers`: processes of the local engine; None: one per CPU when there
    are more than POOL_CHUNK documents (as the command line does). Workers are spawned, so a
    script that passes workers other than 1 must guard its entry point
    (`if __name__ == "__main__":`)."""
    return _rank(
        "posting", posting, sources, model=model, backend=backend, quantize=quantize,
        today=today, redact=redact, text_column=text_column, id_column=id_column, top=top,
        strict=strict, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
        scorer_factory=scorer_factory, progress=progress, force=force, cache=cache,
        dashboard=dashboard, workers=workers,
    )


def rank_postings(
    resume: str | Path | Resume,
    sources: Sequence[str | Path],
    *,
    model: str = "all-MiniLM-L6-v2",
    backend: str = "auto",
    quantize: bool = False,
    today: date | None = None,
    redact: bool = False,
    text_column: str = DEFAULT_TEXT_COLUMN,
    id_column: str | None = None,
    top: int | None = None,
    strict: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    scorer_factory: Callable[[], Any] | None = None,
    progress: Progress | None = None,
    force: bool = False,
    cache: bool = True,
    dashboard: str | None = None,
    workers: int | None = 1,
) -> RankResult:
    """Rank the postings in `sources` by how well `resume` fits each, best first (same
    inputs and options as `rank_resumes`)."""
    return _rank(
        "resume", resume, sources, model=model, backend=backend, quantize=quantize,
        today=today, redact=redact, text_column=text_column, id_column=id_column, top=top,
        strict=strict, engine=engine, scheduler=scheduler, chunk_size=chunk_size,
        scorer_factory=scorer_factory, progress=progress, force=force, cache=cache,
        dashboard=dashboard, workers=workers,
    )


def rank(
    sources: Sequence[str | Path],
    posting: str | Path | Posting | None = None,
    resume: str | Path | Resume | None = None,
    **options: Any,
) -> RankResult:
    """Rank résumés for `posting`, or postings for `resume` (give exactly one)."""
    if (posting is None) == (resume is None):
        raise MatcherError("give exactly one of --posting (to rank résumés) or --resume "
                           "(to rank postings)")
    if posting is not None:
        return rank_resumes(posting, sources, **options)
    return rank_postings(resume, sources, **options)  # type: ignore[arg-type]
