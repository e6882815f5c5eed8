"""Moved to matcher.judge.scoring; this name stays for code that imports the old path."""

import sys

from .judge import scoring as _module

sys.modules[__name__] = _module
