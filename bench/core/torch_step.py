"""The PyTorch side of `bench/core/run.sh step`: one AdamW step of torchvision ResNet-18 (3x128x128, batch 16)."""
import sys, time
import torch, torchvision

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
torch.set_num_threads(threads)
torch.manual_seed(0)
for partial in (False, True):
    model = torchvision.models.resnet18()
    for name, p in model.named_parameters():
        p.requires_grad = (not partial) or name.startswith("layer4.") or name.startswith("fc.")
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    model.train()
    x = torch.randn(16, 3, 128, 128)
    y = torch.randint(0, 1000, (16,))
    def step():
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    for _ in range(3):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    sps = 16.0 * steps / (time.perf_counter() - t0)
    print(f"pytorch {'layer4+fc' if partial else 'all'} threads={threads} samples/s={sps:.2f}")
