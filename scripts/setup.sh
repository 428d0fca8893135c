# Shared set-up steps, sourced by scripts/start and scripts/test.
# Each step is idempotent, and skipped when what it would make is up to date:
# a stamp file records the hash of the inputs it was made from.

# hash_of PATH...: one hash of the named files and of every file under the named folders.
hash_of() {
  find "$@" -type f -not -path '*/node_modules/*' -print0 2>/dev/null | sort -z |
    xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

# up_to_date STAMP HASH: whether STAMP holds HASH.
up_to_date() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

python_venv() {  # python_venv EXTRAS: .venv with diundash installed (editable)
  local want
  want=$(hash_of setup.cfg pyproject.toml)"$1"
  if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv"
    python3 -m venv .venv
  fi
  up_to_date .venv/.diundash-stamp "$want" && return 0
  echo "== pip install -e .$1"
  .venv/bin/pip install --quiet --disable-pip-version-check -e ".$1"
  echo "$want" >.venv/.diundash-stamp
}

frontend_build() {  # the SPA in frontend/dist, from the committed lock file
  [ -f frontend/package.json ] || return 0
  local deps sources
  deps=$(hash_of frontend/package.json frontend/package-lock.json)
  if ! up_to_date frontend/node_modules/.diundash-stamp "$deps"; then
    echo "== npm ci (frontend/)"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    echo "$deps" >frontend/node_modules/.diundash-stamp
  fi
  sources=$(cd frontend && hash_of src public index.html package.json package-lock.json \
    vite.config.ts tsconfig.json tsconfig.app.json tsconfig.node.json)
  if ! up_to_date frontend/.build-stamp "$sources"; then
    echo "== npm run build (frontend/)"
    (cd frontend && npm run build)
    echo "$sources" >frontend/.build-stamp
  fi
}

debian_package() {  # debian_package COMMAND PACKAGE...: apt-get install when COMMAND is missing
  local command=$1
  shift
  [ -x "$command" ] && return 0
  command -v apt-get >/dev/null || return 1
  echo "== apt-get install $*"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
