"""What options do: comparisons, winners and losers, the funding gap, grant criteria, collection."""
