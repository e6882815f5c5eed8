"""matcher: how well a résumé fits a job posting, requirement by requirement."""

__version__ = "0.1.0"
