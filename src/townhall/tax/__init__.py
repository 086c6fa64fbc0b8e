"""Council tax liability and Council Tax Support: schemes as data, a vectorised means test."""
