"""Moved to matcher.judge.matching; this name stays for code that imports the old path."""

import sys

from .judge import matching as _module

sys.modules[__name__] = _module
