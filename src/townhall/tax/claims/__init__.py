"""Claims: the caseload schema, importing caseload files, and the claims as arrays."""
