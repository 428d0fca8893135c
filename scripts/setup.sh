# Shared set-up steps, sourced by scripts/start and scripts/test.
# Each step is idempotent and quick when there is nothing to do.

python_venv() {  # python_venv EXTRAS: .venv with diundash installed (editable)
  if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv"
    python3 -m venv .venv
  fi
  echo "== pip install -e .$1"
  .venv/bin/pip install --quiet --disable-pip-version-check -e ".$1"
}

frontend_build() {  # the SPA in frontend/dist, from the committed lock file
  [ -f frontend/package.json ] || return 0
  echo "== npm ci && npm run build (frontend/)"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build)
}

debian_chromium() {  # Debian's Chromium for the browser tests
  [ -x /usr/bin/chromium ] && return 0
  echo "== apt-get install chromium"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
}
