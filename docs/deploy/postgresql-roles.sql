-- Run once per PostgreSQL cluster, as a superuser:
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f postgresql-roles.sql
-- Two roles: townhall_owner owns the tables (runs `migrate` and `restore`); townhall_app is what the
-- service runs as, and may only read and write rows. Set their passwords afterwards with \password.
\if :{?owner}
\else
  \set owner townhall_owner
\endif
\if :{?app}
\else
  \set app townhall_app
\endif

CREATE ROLE :"owner" LOGIN;
CREATE ROLE :"app" LOGIN;
