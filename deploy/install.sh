#!/usr/bin/env bash
# Install or update Primer on a Debian/Ubuntu server, from this checkout, as root:
#
#   sudo deploy/install.sh [--with-services] [--no-start]
#
# Copies the code to /srv/primer, builds its virtual environment, keeps /etc/primer/primer.env
# (created from deploy/primer.env.example with a fresh SECRET_KEY on the first run: fill in the
# rest, then run this again), migrates the database, and installs and (re)starts the systemd
# units: primer-web, primer-worker@1 and primer-beat (background work), primer-crm-worker@1 and
# the hourly primer-scoring-refresh.timer. On further hosts, enable primer-worker@N but never a
# second primer-beat.
# --with-services also installs PostgreSQL and Redis on this host and creates the database.
set -euo pipefail

SRC="$(cd "$(dirname "$0")/.." && pwd)"
DEST=/srv/primer
ENV_FILE=/etc/primer/primer.env
WITH_SERVICES=0
START=1
for arg in "$@"; do
  case "$arg" in
    --with-services) WITH_SERVICES=1 ;;
    --no-start) START=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv rsync libcairo2 >/dev/null
if [ "$WITH_SERVICES" = 1 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
fi

id primer >/dev/null 2>&1 || useradd --system --home-dir "$DEST" --shell /usr/sbin/nologin primer
mkdir -p "$DEST" /etc/primer
rsync -a --delete --exclude .git --exclude .venv --exclude instance --exclude test-artifacts \
  --exclude __pycache__ "$SRC/" "$DEST/"
mkdir -p "$DEST/instance"
chown -R primer:primer "$DEST/instance"

if [ ! -x "$DEST/.venv/bin/python" ]; then
  python3 -m venv "$DEST/.venv"
fi
"$DEST/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$DEST/requirements.txt"

if [ ! -f "$ENV_FILE" ]; then
  secret="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
  sed "s/^SECRET_KEY=$/SECRET_KEY=$secret/" "$SRC/deploy/primer.env.example" > "$ENV_FILE"
  if [ "$WITH_SERVICES" = 1 ]; then
    password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    sed -i "s#^DATABASE_URL=.*#DATABASE_URL=postgresql+psycopg://primer:$password@127.0.0.1:5432/primer#" "$ENV_FILE"
    su postgres -c "psql -qc \"CREATE ROLE primer LOGIN PASSWORD '$password'\"" || true
    su postgres -c "createdb -O primer primer" || true
  fi
  chown root:primer "$ENV_FILE"
  chmod 0640 "$ENV_FILE"
  echo "Wrote $ENV_FILE: fill in DATABASE_URL, mail, HubSpot and Stripe settings, then run this again."
  [ "$WITH_SERVICES" = 1 ] || exit 0
fi

run_as_primer() {
  (cd "$DEST" && set -a && . "$ENV_FILE" && set +a && runuser -u primer -- "$@")
}
run_as_primer "$DEST/.venv/bin/flask" --app wsgi translations compile
run_as_primer "$DEST/.venv/bin/flask" --app wsgi db upgrade

install -m 0644 "$SRC"/deploy/systemd/primer-* /etc/systemd/system/
systemctl daemon-reload
if [ "$START" = 1 ]; then
  systemctl enable --now primer-web.service primer-worker@1.service primer-beat.service \
    primer-crm-worker@1.service primer-scoring-refresh.timer
  systemctl reload-or-restart primer-web.service
  systemctl restart 'primer-worker@*.service' primer-beat.service 'primer-crm-worker@*.service'
fi
echo "Primer is installed in $DEST. A first admin account:"
echo "  cd $DEST && set -a && . $ENV_FILE && set +a && runuser -u primer -- .venv/bin/flask --app wsgi users create EMAIL --role admin"
