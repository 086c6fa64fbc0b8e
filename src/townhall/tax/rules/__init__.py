"""The law: schemes as data, dated prescribed figures, the means test, evaluate, one household."""
