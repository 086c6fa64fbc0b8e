"""Migration scripts, applied in order by `townhall.consult.migrate.upgrade`."""
