"""Bundled outcomes contracts."""
