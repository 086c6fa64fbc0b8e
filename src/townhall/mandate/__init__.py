"""The local accountability map: which body answers for which service in a place."""
