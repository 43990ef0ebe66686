# Sourced by scripts/start and scripts/test: make .venv with a Python 3.11 or newer.
VENV="${HOTLINE_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  PYTHON="${PYTHON:-}"
  if [ -z "$PYTHON" ]; then
    for candidate in python3.13 python3.12 python3.11 python3; do
      if command -v "$candidate" >/dev/null 2>&1 &&
         "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        PYTHON="$candidate"; break
      fi
    done
  fi
  if [ -z "$PYTHON" ]; then
    echo "The hotline needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
    exit 1
  fi
  "$PYTHON" -m venv "$VENV"
fi
