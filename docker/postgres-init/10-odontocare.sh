#!/usr/bin/env bash
# First start of the postgres container (empty data volume) only: the official
# image runs /docker-entrypoint-initdb.d/* once, as the superuser, against a
# temporary server reachable on the Unix socket alone.
#
# One database per service, each owned by a login role of its own:
#   odontocare_admin  owns database odontocare_admin  (ADMIN_DB_PASSWORD)
#   odontocare_citas  owns database odontocare_citas  (CITAS_DB_PASSWORD)
# CONNECT is revoked from PUBLIC on both, so neither role can even open the
# other's database, let alone read its tables. btree_gist (the exclusion
# constraint against double booking) is created here by the superuser, so the
# citas role needs no extra privilege.
#
# The passwords reach PostgreSQL as psql variables (:'name' quotes them as SQL
# literals), never pasted into the SQL text. compose.postgres.yml also writes
# them into ADMIN_DATABASE_URL / CITAS_DATABASE_URL, where a character such as
# @ : / # % ? would change the URL's meaning: those are refused here with a
# message rather than creating a role the service cannot log in as.
#
# Runs again only on an empty volume: to change a password later, use
# ALTER ROLE ... PASSWORD (docs/docker.md, "PostgreSQL").
# No "set -u": an init script without the execute bit is sourced by the
# image's entrypoint, and its shell options would outlive this file.
set -eo pipefail

for var in ADMIN_DB_PASSWORD CITAS_DB_PASSWORD; do
  value=${!var:-}
  if [ -z "$value" ]; then
    echo "odontocare init: $var is empty" >&2
    exit 1
  fi
  if ! [[ $value =~ ^[A-Za-z0-9._~-]+$ ]]; then
    echo "odontocare init: $var may contain only letters, digits and . _ ~ - (it is written into a postgres:// URL)" >&2
    exit 1
  fi
done

psql -v ON_ERROR_STOP=1 --quiet --no-psqlrc --no-password \
  --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  --set admin_password="$ADMIN_DB_PASSWORD" \
  --set citas_password="$CITAS_DB_PASSWORD" <<'SQL'
CREATE ROLE odontocare_admin LOGIN PASSWORD :'admin_password';
CREATE ROLE odontocare_citas LOGIN PASSWORD :'citas_password';

CREATE DATABASE odontocare_admin OWNER odontocare_admin;
CREATE DATABASE odontocare_citas OWNER odontocare_citas;
-- PUBLIC gets CONNECT and TEMPORARY on a new database by default: every role
-- could open it. The owner keeps its rights; the other service's role loses them.
REVOKE ALL ON DATABASE odontocare_admin FROM PUBLIC;
REVOKE ALL ON DATABASE odontocare_citas FROM PUBLIC;

\connect odontocare_citas
CREATE EXTENSION IF NOT EXISTS btree_gist;
SQL
echo "odontocare init: roles and databases odontocare_admin, odontocare_citas created"
