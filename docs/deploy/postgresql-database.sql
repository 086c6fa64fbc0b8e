-- Run as a superuser for the service's database (and again, with another name, for a restore drill):
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -v database=townhall -f postgresql-database.sql
-- The owner role owns the database and its schema; the app role may connect and use rows only:
-- no CREATE, ALTER or DROP. Tables the owner makes later (by `migrate` or `restore`) give the app
-- role its rights by themselves, through the owner's default privileges.
\if :{?owner}
\else
  \set owner townhall_owner
\endif
\if :{?app}
\else
  \set app townhall_app
\endif
\if :{?database}
\else
  \set database townhall
\endif

CREATE DATABASE :"database" OWNER :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"app";

\connect :"database"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";
