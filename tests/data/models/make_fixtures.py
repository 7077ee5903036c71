#!/usr/bin/python3
"""Writes the PyTorch fixtures of the Models tests (see README.md). Deterministic: seed 20261126.

Run from this folder with Debian's PyTorch:  /usr/bin/python3 make_fixtures.py
"""
import json
import struct
from collections import OrderedDict

import torch
import torch.nn as nn
import torchvision

SEED = 20261126


def stage(cin, cout, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class SmallCnn(nn.Module):
    """The twin of core/FineTuneDomains.Core/Models/SmallCnnBackbone.cs (same names, shapes and forward)."""

    def __init__(self):
        super().__init__()
        self.stem = stage(3, 8, 2)
        self.layer1 = stage(8, 16, 1)
        self.layer2 = stage(16, 32, 2)
        self.layer3 = stage(32, 32, 2)
        self.layer4 = stage(32, 64, 2)

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(self.stem(x)))))


def save_safetensors(path, tensors):
    """The safetensors layout written by hand (no python3-safetensors in Debian 12): an 8-byte little-endian
    header length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw little-endian data."""
    names = {torch.float32: "F32", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(SEED)
    model = SmallCnn()
    # Give the batch norms non-trivial statistics and affine parameters, so that a wrong load shows.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.rand(8, 3, 32, 32))
    model.eval()
    state = model.state_dict()
    torch.save(state, "small_cnn.pt")
    save_safetensors("small_cnn.safetensors", state)

    # Expected output of the loaded model in eval mode.
    x = torch.rand(2, 3, 32, 32)
    with torch.no_grad():
        y = model(x)
    torch.save(OrderedDict([("input", x), ("output", y)]), "small_cnn_io.pt")

    # A deliberately mismatched state dict: one key missing, one unexpected, one of another shape.
    bad = OrderedDict((k, v.clone()) for k, v in state.items())
    del bad["layer3.1.bias"]
    bad["extra.weight"] = torch.ones(4)
    bad["layer4.0.weight"] = torch.randn(64, 16, 3, 3)
    torch.save(bad, "small_cnn_mismatched.pt")

    # A training checkpoint as scripts often save it: the state dict of an nn.DataParallel-wrapped model
    # ("module." prefixes) under "state_dict", beside other entries. Stem only, to stay small.
    stem = OrderedDict(("module." + k, v) for k, v in state.items() if k.startswith("stem."))
    torch.save({"epoch": 3, "state_dict": stem}, "wrapped_checkpoint.pt")

    # Key names and shapes of torchvision's ResNets (the reference our ResNetBackbone must match).
    with open("torchvision_resnet_keys.txt", "w") as f:
        f.write(f"# torchvision {torchvision.__version__}: name<TAB>key<TAB>shape\n")
        for name in ["resnet18", "resnet34", "resnet50"]:
            net = getattr(torchvision.models, name)()
            for k, v in net.state_dict().items():
                f.write(f"{name}\t{k}\t{','.join(str(d) for d in v.shape)}\n")


if __name__ == "__main__":
    main()
