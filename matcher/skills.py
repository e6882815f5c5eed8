"""Moved to matcher.judge.skills; this name stays for code that imports the old path."""

import sys

from .judge import skills as _module

sys.modules[__name__] = _module
