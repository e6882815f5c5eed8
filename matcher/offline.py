"""No network at run time: the environment that keeps matcher's libraries from phoning home.

The telemetry switches are set when the package is imported, before any of these libraries
is, and again (with the offline ones) right before matcher imports them: onnxruntime's
official builds send usage events to Microsoft (and keep a device id and an event queue under
~/.cache/Microsoft) unless ORT_DISABLE_TELEMETRY is set before the library initialises, and
onnxruntime.disable_telemetry_events() alone still lets the uploader start (measured with
onnxruntime 1.32: 18 DNS packets in 45 s with the call, none with the variable).
huggingface_hub / transformers read their switches at import time.
"""

from __future__ import annotations

import os

# Telemetry switches are forced: they only stop reporting, nothing a user could rely on.
FORCED = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}
# Offline switches are defaults: every load already passes local_files_only, and a program
# that imports matcher may use the Hub for something else.
DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
}


def disable_telemetry() -> None:
    """Set the telemetry switches in this process (idempotent; at package import)."""
    os.environ.update(FORCED)


def no_telemetry() -> None:
    """Telemetry off and the Hub offline (unless the user chose otherwise), before matcher
    imports onnxruntime, transformers or sentence-transformers (idempotent)."""
    disable_telemetry()
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
