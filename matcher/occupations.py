"""Moved to matcher.judge.occupations; this name stays for code that imports the old path."""

import sys

from .judge import occupations as _module

sys.modules[__name__] = _module
