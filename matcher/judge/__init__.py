"""Judging: a posting's requirements against a résumé's evidence.

matching (array maths, lexical terms) and skills (the skill index) are the tools; calibration
maps features to probabilities; role and occupations read the role fit; seniority reads the
level fit (plain reading over matcher.facts, no embeddings); scoring combines them into
per-requirement verdicts and one score. Imports run one way: scoring -> role -> occupations,
scoring -> seniority -> facts, and everything -> matching / calibration.
"""
