"""The scheme optimiser: find the schemes that close a gap with the least hardship."""
