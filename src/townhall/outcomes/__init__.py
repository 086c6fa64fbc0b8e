"""Outcomes contracts: payment by results from verified data, an audit trail, gaming checks."""
