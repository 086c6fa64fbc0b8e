"""National runs: every billing authority's scheme over its own claims, on Dask."""
