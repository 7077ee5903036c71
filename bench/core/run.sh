#!/usr/bin/env bash
# Core benchmarks, in one run on this machine (ratios, not absolute times, are what to compare).
#   bench/core/run.sh step     ResNet-18 training step: TorchSharp (our backbone) vs Debian's PyTorch, same threads
#   bench/core/run.sh memory   quick-start for 10 epochs: data wait per step time, working set per epoch
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
mode="${1:-step}"
threads="${THREADS:-2}"
dotnet build "$here" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
bench=(dotnet "$here/bin/Release/net10.0/FineTuneDomains.Bench.Core.dll")
case "$mode" in
  step)
    if ! /usr/bin/python3 -c "import torch, torchvision" 2>/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-torch python3-torchvision libopenblas0-openmp >/dev/null
    fi
    # Alternate the two sides (ABAB) so that load from other work on a shared machine hits both alike;
    # the best of each side is compared.
    : > /tmp/ftd-bench-ts.txt; : > /tmp/ftd-bench-pt.txt
    for round in 1 2; do
      "${bench[@]}" step "$threads" 20 | tee -a /tmp/ftd-bench-ts.txt
      /usr/bin/python3 "$here/torch_step.py" "$threads" 20 | tee -a /tmp/ftd-bench-pt.txt
    done
    for kind in all layer4+fc; do
      ts=$(grep " $kind " /tmp/ftd-bench-ts.txt | sed 's/.*samples\/s=//' | sort -g | tail -1)
      pt=$(grep " $kind " /tmp/ftd-bench-pt.txt | sed 's/.*samples\/s=//' | sort -g | tail -1)
      echo "best of 2, $kind: torchsharp $ts samples/s, pytorch $pt samples/s, ratio $(python3 -c "print(f'{$ts/$pt:.2f}')")"
    done
    ;;
  memory)
    out="$(mktemp -d)"
    "$root/ftd" train "$root/experiments/quickstart.yaml" --set train.epochs=${EPOCHS:-10} --set train.workers=${WORKERS:-2} --set name=bench-memory --runs "$out" | grep -E "^epoch|run folder"
    run="$(ls -d "$out"/bench-memory/* | head -1)"
    "${bench[@]}" memory "$run"
    ;;
  *) echo "usage: $0 step|memory" >&2; exit 2 ;;
esac
