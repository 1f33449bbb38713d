#!/usr/bin/env bash
# The production shape on this machine, on loopback ports: nginx (TLS, static files, the
# shared cache for readers) in front of two gunicorn instances, on PostgreSQL and Redis.
#   bash deploy/stack.sh start    (make stack)
#   bash deploy/stack.sh stop     (make stack-stop)
# Everything it writes is under instance/stack/; nothing needs root-only paths.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUN=${STACK_RUN:-$ROOT/instance/stack}
HTTPS_PORT=${STACK_HTTPS_PORT:-8443}
HTTP_PORT=${STACK_HTTP_PORT:-8080}
PORTS=(${STACK_APP_PORTS:-8001 8002})
WORKERS=${STACK_WORKERS:-2}
MAIL_PORT=${STACK_MAIL_PORT:-2525}
export DATABASE_URL=${STACK_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/engage_stack}
export REDIS_URL=${STACK_REDIS_URL:-redis://127.0.0.1:6379/5}

stop() {
  for pidfile in "$RUN"/gunicorn-*.pid "$RUN"/worker.pid "$RUN"/smtp.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  if [ -f "$RUN/nginx.pid" ]; then
    nginx -p "$RUN" -c "$RUN/nginx.conf" -s quit 2>/dev/null || true
  fi
  echo "stack stopped"
}

# Both instances share everything through PostgreSQL and Redis: the same secret key,
# database, Redis (rate limits, jobs); no state of their own.
environment() {
  export ENGAGE_ENV=production
  export SECRET_KEY=$(cat "$RUN/secret")
  export BASE_URL="https://localhost:$HTTPS_PORT"
  export TRUSTED_HOSTS="localhost,127.0.0.1"
  export TRUSTED_PROXIES=1
  if [ -s "$RUN/ledger.pem" ]; then export LEDGER_SIGNING_KEY_FILE="$RUN/ledger.pem"; fi
  export MAIL_URL=${MAIL_URL:-smtp://127.0.0.1:$MAIL_PORT}
}

# A mail server that accepts and drops everything (aiosmtpd, a dev dependency), so emails
# take the real SMTP path; benchmarks/faults.py stops it to test mail being down.
mail_server() {
  nohup .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$MAIL_PORT" -c aiosmtpd.handlers.Sink \
    > "$RUN/logs/smtp.log" 2>&1 &
  echo $! > "$RUN/smtp.pid"
}

# One gunicorn instance (benchmarks/faults.py starts a killed one again this way, as
# systemd's Restart=always would).
instance() {
  .venv/bin/gunicorn --workers "$WORKERS" --bind "127.0.0.1:$1" --daemon \
    --pid "$RUN/gunicorn-$1.pid" --access-logfile "$RUN/logs/gunicorn-$1.log" \
    --error-logfile "$RUN/logs/gunicorn-$1.err" wsgi:app
}

start() {
  command -v nginx >/dev/null || { echo "nginx is not installed (Debian: apt-get install nginx)"; exit 2; }
  mkdir -p "$RUN/tmp" "$RUN/cache" "$RUN/logs"
  [ -f "$RUN/secret" ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))" > "$RUN/secret"
  [ -f "$RUN/ledger.pem" ] || .venv/bin/flask --app engage ledger new-key > "$RUN/ledger.pem" 2>/dev/null || true
  if [ ! -f "$RUN/tls.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
      -keyout "$RUN/tls.key" -out "$RUN/tls.crt" >/dev/null 2>&1
  fi

  # The database: created when missing, migrated, and the demo data added once.
  .venv/bin/python - "$DATABASE_URL" "${STACK_FRESH_DATABASE:-0}" <<'PY'
import sys
from sqlalchemy import create_engine, make_url, text
url = make_url(sys.argv[1])
if url.get_backend_name() == "postgresql":
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        if sys.argv[2] == "1":  # STACK_FRESH_DATABASE: start from an empty database
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}).first():
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
PY
  .venv/bin/flask --app engage db upgrade >/dev/null
  ENGAGE_ENV=development .venv/bin/flask --app engage seed-demo >/dev/null

  environment
  mail_server
  for port in "${PORTS[@]}"; do instance "$port"; done

  # The background jobs (emails, the public record's entries, opinion-map recomputes).
  nohup .venv/bin/flask --app engage worker > "$RUN/logs/worker.log" 2>&1 &
  echo $! > "$RUN/worker.pid"

  upstream=""
  for port in "${PORTS[@]}"; do upstream+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'; done
  cat > "$RUN/nginx.conf" <<CONF
# Written by deploy/stack.sh: the production site (deploy/nginx/) on loopback ports.
worker_processes 2;
pid $RUN/nginx.pid;
error_log $RUN/logs/nginx-error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log $RUN/logs/nginx-access.log;
    client_body_temp_path $RUN/tmp/body;
    proxy_temp_path $RUN/tmp/proxy;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;
    include $ROOT/deploy/nginx/engage-http.conf;
    proxy_cache_path $RUN/cache levels=1:2 keys_zone=engage:20m max_size=512m inactive=10m use_temp_path=off;
    upstream engage {
$upstream        keepalive 32;
    }
    server {
        listen 127.0.0.1:$HTTP_PORT;
        return 301 https://localhost:$HTTPS_PORT\$request_uri;
    }
    server {
        listen 127.0.0.1:$HTTPS_PORT ssl http2;
        server_name localhost;
        ssl_certificate $RUN/tls.crt;
        ssl_certificate_key $RUN/tls.key;
        set \$engage_root $ROOT;
        include $ROOT/deploy/nginx/engage-locations.conf;
    }
}
CONF
  nginx -p "$RUN" -c "$RUN/nginx.conf" -t -q
  nginx -p "$RUN" -c "$RUN/nginx.conf"
  for _ in $(seq 50); do
    curl -ksf "https://localhost:$HTTPS_PORT/healthz" >/dev/null && break
    sleep 0.2
  done
  echo "stack up: https://localhost:$HTTPS_PORT (nginx) -> gunicorn on ${PORTS[*]}; database $DATABASE_URL"
}

case "${1:-start}" in
  start) stop >/dev/null; start ;;
  stop) stop ;;
  instance) environment; instance "$2" ;;
  mail) mail_server ;;
  *) echo "usage: $0 start|stop|instance PORT|mail"; exit 2 ;;
esac
