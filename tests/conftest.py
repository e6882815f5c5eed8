"""One embedding cache for the whole test session, never the user's: the ONNX export and the
vectors of the examples are made once and shared by every test that does not ask for its own."""

from __future__ import annotations

import os
import tempfile

import pytest


@pytest.fixture(autouse=True, scope="session")
def _session_cache_dir():  # noqa: ANN202
    previous = os.environ.get("MATCHER_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="matcher-test-cache-") as folder:
        os.environ["MATCHER_CACHE_DIR"] = folder
        yield folder
    if previous is None:
        os.environ.pop("MATCHER_CACHE_DIR", None)
    else:
        os.environ["MATCHER_CACHE_DIR"] = previous
