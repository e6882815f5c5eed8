"""Command-line interface (placeholder while the pipeline is built)."""

import click


@click.group()
def main() -> None:
    """matcher: fit reports and rankings for postings and résumés."""
