#!/bin/sh
# Featurisation throughput, both sides in one run on this machine: the plugin's TorchSharp log-mel and
# numpy/scipy (Debian python3-numpy python3-scipy). Arguments are passed to both:
#   seconds rate batch batches n_fft hop n_mels   (default 2 16000 32 20 512 160 128)
set -eu
cd "$(dirname "$0")"
dotnet build -c Release -v q . >/dev/null
dotnet bin/Release/net10.0/FineTuneDomains.Bench.WildlifeAudio.dll "$@"
OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 logmel_numpy.py "$@"
