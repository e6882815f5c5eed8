"""Moved to matcher.judge.role; this name stays for code that imports the old path."""

import sys

from .judge import role as _module

sys.modules[__name__] = _module
