#!/usr/bin/env bash
# Every labelled ranking set through `matcher eval ranking`, matcher beside the baselines in
# one run per set (benchmarks/rank-sets/README.md says how the sets were labelled).
#   bash benchmarks/ranking_eval.sh [extra eval options, e.g. -f json]
# The training sets (*-train*) are what models/fit_overall.py fits on and are not shown here.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
AS_OF=2019-01-01  # the shared postings and résumés date from about 2018
$PY benchmarks/build_rank_sets.py >/dev/null
$PY benchmarks/build_ranking_set.py >/dev/null
O=benchmarks/out/rank-sets
R=benchmarks/out/ranking
run() { echo "## $1"; shift; $PY -m matcher eval ranking "$@" --as-of "$AS_OF" "${EXTRA[@]}"; echo; }
EXTRA=("$@")
run "job seeker (3 résumés -> 463 postings, would apply)" \
  $O/jobseeker/qrels.txt --queries $O/jobseeker/queries --docs $O/jobseeker/docs --query-kind resume
run "recruiter within one occupation (4 postings -> 62 résumés, graded 0-3)" \
  $O/recruiter/qrels.txt --queries $O/recruiter/queries --docs $O/recruiter/docs --query-kind posting
run "occupation set, posting -> résumés" \
  $R/qrels-posting-to-resumes.txt --queries $R/postings --docs $R/resumes --query-kind posting
run "occupation set, résumé -> postings" \
  $R/qrels-resume-to-postings.txt --queries $R/resumes --docs $R/postings --query-kind resume
