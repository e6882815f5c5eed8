"""Where the project's versioned artifacts and the user's cache live."""

from __future__ import annotations

import os
from pathlib import Path


def models_dir() -> Path:
    """The `models/` folder (thresholds, calibration, skills, registry); MATCHER_MODELS_DIR
    overrides it."""
    override = os.environ.get("MATCHER_MODELS_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "models"


def cache_dir() -> Path:
    """The user cache directory (embeddings, exported encoders); MATCHER_CACHE_DIR overrides."""
    override = os.environ.get("MATCHER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("matcher"))
