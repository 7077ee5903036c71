#!/bin/sh
# Generates the synthetic CT set with ftd and checks it with independent tools (not run by the tests):
# dciodvfy (Debian dicom3tools) validates each file against the CT Image IOD, dcmdump (DCMTK) must parse
# every file, and a second generation with the same seed must give identical bytes.
# Needs: apt-get install -y dcmtk dicom3tools
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/datasets/ct-synth/generated}"
seed="${SEED:-1}"
"$root/ftd" ct-dicom synth --out "$out" --seed "$seed"
"$root/ftd" ct-dicom synth --out "$out.again" --seed "$seed" >/dev/null
diff -r "$out" "$out.again" --exclude manifest.json >/dev/null && echo "same seed, same files: ok"
rm -rf "$out.again"
fail=0
for f in "$out"/series_*/slice_*.dcm; do
  dcmdump -q "$f" >/dev/null || { echo "dcmdump failed: $f"; fail=1; }
  if command -v dciodvfy >/dev/null; then
    if dciodvfy "$f" 2>&1 | grep -q '^Error'; then echo "dciodvfy errors in $f:"; dciodvfy "$f" 2>&1 | grep '^Error'; fail=1; fi
  fi
done
"$root/ftd" ct-dicom series "$out" | grep -c "checks: ok" | xargs -I{} echo "{} series without warnings"
[ "$fail" -eq 0 ] && echo "all files valid" || { echo "some files failed"; exit 1; }
