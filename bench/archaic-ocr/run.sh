#!/usr/bin/env bash
# Evidence for the archaic-ocr plugin (issue 6, item 9): CER on held-out lines of
#   (a) a recogniser fine-tuned from a base model (alphabet: union),
#   (b) the same network trained from scratch on the same few hundred lines,
#   (c) the base model without fine-tuning,
#   (d) Tesseract 5 (Debian tesseract-ocr-frk / -grc, --psm 7),
# for blackletter (German Fraktur style) and polytonic Greek. Everything is generated from seeds.
#
#   bash bench/archaic-ocr/run.sh                 # full scale (hours on 2 CPU cores)
#   SCALE=smoke bash bench/archaic-ocr/run.sh     # minutes: checks the path, numbers mean nothing
#
# Needs: dotnet; for (d) `apt-get install -y tesseract-ocr tesseract-ocr-frk tesseract-ocr-grc`.
# Writes bench/archaic-ocr/out/<scale>/results.md (and everything it was computed from).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE=${SCALE:-full}
if [ "$SCALE" = smoke ]; then
  BASE_LINES=${BASE_LINES:-120}; BASE_EPOCHS=${BASE_EPOCHS:-2}; FT_LINES=${FT_LINES:-80}; FT_EPOCHS=${FT_EPOCHS:-2}; HIDDEN=${HIDDEN:-32}
else
  BASE_LINES=${BASE_LINES:-3000}; BASE_EPOCHS=${BASE_EPOCHS:-20}; FT_LINES=${FT_LINES:-400}; FT_EPOCHS=${FT_EPOCHS:-30}; HIDDEN=${HIDDEN:-128}
fi
OUT=${OUT:-bench/archaic-ocr/out/$SCALE}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# FTD="dotnet path/to/ftd.dll" uses an existing build instead of building the host here.
if [ -z "${FTD:-}" ]; then
  dotnet build host/FineTuneDomains.Host -c Release -v q -nologo
  FTD="dotnet $(pwd)/host/FineTuneDomains.Host/bin/Release/net10.0/ftd.dll"
fi

experiment() { # name manifest epochs pretrained
  cat > "$OUT/$1.yaml" <<YAML
name: $1
plugin: archaic-ocr
seed: 1
device: cpu
data:
  manifest: $2
task:
  type: ctc
  options:
    height: 32
    hidden: $HIDDEN
    layers: 2
    channels: [32, 64, 96]
    normalization: NFC
    alphabet: union
model:
  backbone: none
  normalize: false
  pretrained: $4
finetune:
  lr: 0.001
schedule:
  name: cosine
train:
  epochs: $3
  batch_size: 16
  workers: 1
YAML
}

latest_run() { ls -d "$OUT/runs/$1"/*/ | sort | tail -1; }

cer_of() { # metrics.json -> cer
  python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print('%.4f' % next(v for k,v in m.items() if k.endswith('cer')))" "$1"
}

# Base recogniser: modern roman print (latin script lines, many words, light degradation).
[ -f "$OUT/base-lines/manifest.json" ] || $FTD archaic-ocr synth --script latin --out "$OUT/base-lines" --count "$BASE_LINES" --seed 1 --strength 0.7
experiment base "$OUT/base-lines/manifest.json" "$BASE_EPOCHS" none
[ -d "$OUT/runs/base" ] || $FTD train "$OUT/base.yaml" --runs "$OUT/runs"
BASE_RUN=$(latest_run base)

echo "| script | lines (train/test) | (a) fine-tuned | (b) from scratch | (c) base, not fine-tuned | (d) Tesseract |" > "$OUT/results.md"
echo "|---|---|---|---|---|---|" >> "$OUT/results.md"
for pair in ${PAIRS:-blackletter:frk:2 greek-polytonic:grc:3}; do
  IFS=: read -r script tess seed <<<"$pair"
  lines="$OUT/$script-lines"
  [ -f "$lines/manifest.json" ] || $FTD archaic-ocr synth --script "$script" --out "$lines" --count "$FT_LINES" --seed "$seed" --val 0.1 --test 0.25
  experiment "$script-finetuned" "$lines/manifest.json" "$FT_EPOCHS" "${BASE_RUN}checkpoints/best.ckpt"
  experiment "$script-scratch" "$lines/manifest.json" "$FT_EPOCHS" none
  for kind in finetuned scratch; do
    [ -d "$OUT/runs/$script-$kind" ] || $FTD train "$OUT/$script-$kind.yaml" --runs "$OUT/runs"
    $FTD eval "$(latest_run "$script-$kind")" --data "$lines/manifest.json" --split test --out "$OUT/$script-$kind"
  done
  $FTD eval "$BASE_RUN" --data "$lines/manifest.json" --split test --out "$OUT/$script-base"

  # Tesseract on exactly the test lines, scored by the same CER code (NFC on both sides).
  tess_cer="n/a"
  if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx "$tess"; then
    rm -rf "$OUT/$script-tesseract" "$OUT/$script-test-gt"; mkdir -p "$OUT/$script-tesseract" "$OUT/$script-test-gt"
    python3 - "$lines/manifest.json" "$OUT/$script-test-gt" <<'PY'
import json, os, shutil, sys
m = json.load(open(sys.argv[1])); base = os.path.dirname(sys.argv[1])
for it in m["items"]:
    if it["split"] == "test":
        shutil.copy(os.path.join(base, it["target"]), sys.argv[2])
        shutil.copy(os.path.join(base, it["path"]), sys.argv[2])
PY
    for img in "$OUT/$script-test-gt"/*.png; do
      name=$(basename "$img" .png)
      tesseract "$img" stdout --psm 7 -l "$tess" 2>/dev/null | sed '/^\s*$/d' | head -1 > "$OUT/$script-tesseract/$name.txt" || true
    done
    tess_cer=$($FTD archaic-ocr score "$OUT/$script-test-gt" "$OUT/$script-tesseract" | sed -n 's/.*CER \([0-9.]*\).*/\1/p')
  fi
  train_n=$(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(sum(i['split']=='train' for i in m['items']), sum(i['split']=='test' for i in m['items']))" "$lines/manifest.json")
  echo "| $script | ${train_n/ //} | $(cer_of "$OUT/$script-finetuned.metrics.json") | $(cer_of "$OUT/$script-scratch.metrics.json") | $(cer_of "$OUT/$script-base.metrics.json") | $tess_cer |" >> "$OUT/results.md"
done
echo "scale $SCALE: base $BASE_LINES lines x $BASE_EPOCHS epochs; per script $FT_LINES lines, $FT_EPOCHS epochs; hidden $HIDDEN" >> "$OUT/results.md"
cat "$OUT/results.md"
