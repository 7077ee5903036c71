#!/bin/sh
# Decode throughput of the ct-dicom reader on synthetic 512x512 CT slices, uncompressed, RLE and JPEG
# Lossless SV1 (made with DCMTK), beside DCMTK's own decompressors. Needs dcmtk (apt-get install -y dcmtk).
# Usage: bench/ct-dicom/run.sh [slices]   (default 48; results as a Markdown table on stdout)
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-48}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/ftd" ct-dicom synth --out "$work/raw" --series 1 --slices "$n" --size 512 --seed 7 >/dev/null
mkdir -p "$work/rle" "$work/jpl"
for f in "$work"/raw/series_000/*.dcm; do
  b="$(basename "$f")"
  dcmcrle "$f" "$work/rle/$b"
  dcmcjpeg +e1 "$f" "$work/jpl/$b"
done
dotnet run -c Release --project "$root/bench/ct-dicom/FineTuneDomains.Bench.CtDicom.csproj" -- \
  "uncompressed=$work/raw" "rle=$work/rle" "jpeg-lossless=$work/jpl" --repeat 3 --dcmtk
