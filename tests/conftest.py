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


@pytest.fixture(scope="module")
def module_cache_dir(tmp_path_factory):  # noqa: ANN001, ANN201
    """An empty cache of the module's own, with no encoder loaded yet: for tests of the ONNX
    export and of cold runs. The export is built once per module."""
    from matcher import embedding

    path = tmp_path_factory.mktemp("matcher-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATCHER_CACHE_DIR", str(path))
        embedding.clear_loaded_models()
        yield path
        embedding.clear_loaded_models()
