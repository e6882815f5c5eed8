"""No real posting or résumé in ../shared is refused as the wrong kind (skips without it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
pytestmark = pytest.mark.skipif(not (DATA / "resumes-dev").exists(), reason="../shared absent")


def test_no_real_document_is_refused_and_most_are_recognised() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from doctype_shared import _sets

    from matcher.doctype import document_kind

    for name, (kind, docs) in _sets().items():
        kinds = [document_kind(text) for _, text in docs]
        refused = [doc_id for (doc_id, _), k in zip(docs, kinds) if k not in (kind, "unknown")]
        assert not refused, (name, refused[:5])
        if "résumé" in name:
            assert kinds.count(kind) >= 0.95 * len(docs), name
