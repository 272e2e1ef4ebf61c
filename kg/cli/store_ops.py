"""Commands of this area register on `kg.cli.main` here (being written)."""
