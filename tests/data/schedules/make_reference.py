#!/usr/bin/python3
"""Reference learning-rate sequences from PyTorch's schedulers, computed once.

Run: /usr/bin/python3 make_reference.py   (Debian 12: apt-get install -y python3-torch)
Writes torch_reference.json beside this script. Each case lists the base learning rates of two parameter
groups and, per scheduler step t = 0, 1, ..., the learning rates the optimiser used for that step (read
before optimizer.step(), then scheduler.step() is called, as in a training loop). The C# tests rebuild the
same schedule with ScheduleFactory and compare every value.
"""
import json
import os
import warnings

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")  # SequentialLR's step(0) deprecation notice


def optimiser(base):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in base]
    return SGD([{"params": [p], "lr": lr} for p, lr in zip(params, base)], lr=base[0])


def sequence(base, make, steps):
    opt = optimiser(base)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append([g["lr"] for g in opt.param_groups])
        opt.step()
        sched.step()
    return out


cases = []


def case(name, schedule, settings, base, steps, make, steps_per_epoch=1, epochs=None):
    cases.append({
        "name": name,
        "schedule": schedule,
        "settings": settings,
        "steps_per_epoch": steps_per_epoch,
        "epochs": epochs if epochs is not None else steps,
        "base": base,
        "lrs": sequence(base, make, steps),
    })


base = [0.1, 0.01]
case("step", "step", {"step_size": 3, "gamma": 0.5, "interval": "step"}, base, 10,
     lambda o: S.StepLR(o, step_size=3, gamma=0.5))
case("multistep", "multistep", {"milestones": [2, 5, 7], "gamma": 0.1, "interval": "step"}, base, 10,
     lambda o: S.MultiStepLR(o, milestones=[2, 5, 7], gamma=0.1))
case("exponential", "exponential", {"gamma": 0.9, "interval": "step"}, base, 10,
     lambda o: S.ExponentialLR(o, gamma=0.9))
case("cosine", "cosine", {"min_lr": 0.001}, base, 11,
     lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), epochs=10)
case("cosine_warmup", "cosine", {"warmup": 3, "warmup_start_factor": 0.25}, base, 12,
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=3),
                                  S.CosineAnnealingLR(o, T_max=9, eta_min=0.0)], milestones=[3]))
case("sgdr", "cosine_restarts", {"t_0": 3, "t_mult": 2, "min_lr": 0.001}, base, 30,
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001))
case("sgdr_tmult1", "cosine_restarts", {"t_0": 4}, base, 13,
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=1, eta_min=0.0))
case("one_cycle", "one_cycle", {"pct_start": 0.25, "div_factor": 10, "final_div_factor": 100}, base, 20,
     lambda o: S.OneCycleLR(o, max_lr=base, total_steps=20, pct_start=0.25, div_factor=10,
                            final_div_factor=100, cycle_momentum=False))
case("one_cycle_default", "one_cycle", {}, base, 37,
     lambda o: S.OneCycleLR(o, max_lr=base, total_steps=37, cycle_momentum=False))
case("one_cycle_three_phase_linear", "one_cycle",
     {"pct_start": 0.3, "anneal_strategy": "linear", "three_phase": True}, base, 25,
     lambda o: S.OneCycleLR(o, max_lr=base, total_steps=25, pct_start=0.3, anneal_strategy="linear",
                            three_phase=True, cycle_momentum=False))
case("polynomial", "polynomial", {"power": 2.0, "end_lr": 0}, base, 12,
     lambda o: S.PolynomialLR(o, total_iters=10, power=2.0), epochs=10)
case("linear", "linear", {}, base, 12,
     lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.0, total_iters=10), epochs=10)
# Epoch interval: 4 steps per epoch, StepLR stepped once per epoch -> LR constant within an epoch.
case("step_per_epoch", "step", {"step_size": 2, "gamma": 0.5}, base, 5,
     lambda o: S.StepLR(o, step_size=2, gamma=0.5), steps_per_epoch=4, epochs=5)

plateaus = []


def plateau(name, settings, base, metrics, **kwargs):
    opt = optimiser(base)
    sched = S.ReduceLROnPlateau(opt, **kwargs)
    lrs = []
    for value in metrics:
        opt.step()
        sched.step(value)
        lrs.append([g["lr"] for g in opt.param_groups])
    plateaus.append({"name": name, "settings": settings, "base": base, "metrics": metrics, "lrs_after": lrs})


plateau("plateau_min_rel", {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.01,
                            "cooldown": 1, "min_lr": 0.003},
        base, [1.0, 0.9, 0.895, 0.894, 0.893, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.7, 0.71],
        mode="min", factor=0.5, patience=2, threshold=0.01, threshold_mode="rel", cooldown=1, min_lr=0.003)
plateau("plateau_max_abs", {"mode": "max", "factor": 0.1, "patience": 1, "threshold": 0.05,
                            "threshold_mode": "abs"},
        base, [0.5, 0.6, 0.62, 0.64, 0.66, 0.75, 0.7, 0.7, 0.9, 0.91, 0.92],
        mode="max", factor=0.1, patience=1, threshold=0.05, threshold_mode="abs")

out = {"generator": f"make_reference.py, torch {torch.__version__}", "cases": cases, "plateau": plateaus}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
