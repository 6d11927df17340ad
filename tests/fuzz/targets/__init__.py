"""One module per fuzz target (see ``tests.fuzz``)."""
