"""Tools that fetch, convert and verify the recognition weights (see README.md)."""
