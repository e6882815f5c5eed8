"""Judging: a posting's requirements against a résumé's evidence.

matching (array maths, lexical terms) and skills (the skill index) are the tools; calibration
maps features to probabilities; role and occupations read the role fit; seniority reads the
level fit (plain reading over matcher.facts, no embeddings); specificity weighs each
requirement by how many background résumés show it; scoring combines them into per-requirement
verdicts, and overall (a fitted monotone model, models/fit_overall.py) turns the parts into one
score and says what moved it. Imports run one way: scoring -> role -> occupations,
scoring -> seniority -> facts, scoring -> overall -> data, and everything -> matching /
calibration.
"""
