# Two entry points a fresh machine needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

# torch is installed first and pinned: the CPU wheel that lies on disk. An unpinned torch,
# pulled in by sentence-transformers, would fetch a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/matcher score examples/postings/data-engineer.md examples/resumes/jane-doe-data-engineer.pdf
	$(BIN)/matcher rank --posting examples/postings/data-engineer.md examples/resumes

test: $(STAMP)
	$(BIN)/ruff check matcher tests benchmarks models examples
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/score_timing.py
	$(BIN)/python benchmarks/rank_speed.py
	$(BIN)/python benchmarks/rank_memory.py

clean:
	rm -rf $(VENV) build *.egg-info
