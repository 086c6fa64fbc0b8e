"""Bundled accountability registers, one TOML file per place."""
