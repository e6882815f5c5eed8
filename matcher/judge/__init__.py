"""Judging: a posting's requirements against a résumé's evidence.

matching (array maths, lexical terms) and skills (the skill index) are the tools; calibration
maps features to probabilities; role and occupations read the role fit; scoring combines them
into per-requirement verdicts and one score. Imports run one way: scoring -> role ->
occupations, and everything -> matching / calibration.
"""
