#!/usr/bin/env bash
# Runs once, when the postgres container starts on an empty data volume (docker-entrypoint-initdb.d).
# One login and one database per service, the login owning its database. CONNECT is revoked from PUBLIC on
# every database, so a service's login can open its own database (owners keep their privileges) and no other:
# two services sharing data through one schema is exactly what the PlatformSharedDatabase alert is about.
set -euo pipefail

psql_admin() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" "$@"
}

psql_admin <<'SQL'
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
SQL

create_service_database() {
  local name=$1 password=$2
  if [ -z "$password" ]; then
    echo "no password given for database $name" >&2
    exit 1
  fi
  # psql variables (:"name" quotes an identifier, :'password' a literal) keep the values out of the SQL text.
  psql_admin -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_service_database users "${USERS_DB_PASSWORD:-}"
create_service_database orders "${ORDERS_DB_PASSWORD:-}"
create_service_database payments "${PAYMENTS_DB_PASSWORD:-}"
create_service_database shipping "${SHIPPING_DB_PASSWORD:-}"
