// Benchmarks for the fine-tuning core.
//   step   : one AdamW training step of ResNet-18 (3x128x128, batch 16), all layers vs layer4+fc trainable.
//   memory : reads a run's metrics.jsonl and reports data-wait fraction and working set per epoch.
using System.Diagnostics;
using System.Globalization;
using FineTuneDomains.Core.Models;
using FineTuneDomains.Core.Tracking;
using TorchSharp;
using static TorchSharp.torch;

var mode = args.Length > 0 ? args[0] : "step";
var inv = CultureInfo.InvariantCulture;
if (mode == "step")
{
    int threads = args.Length > 1 ? int.Parse(args[1], inv) : 2;
    int steps = args.Length > 2 ? int.Parse(args[2], inv) : 20;
    torch.set_num_threads(threads);
    torch.manual_seed(0);
    foreach (var partial in new[] { false, true })
    {
        var backbone = BackboneFactory.Create(new BackboneSpec { Name = "resnet18", InChannels = 3 }).Module;
        var fc = nn.Linear(512, 1000);
        var model = nn.Sequential(("backbone", backbone), ("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("fc", fc));
        foreach (var (name, p) in model.named_parameters())
            p.requires_grad = !partial || name.StartsWith("backbone.layer4.", StringComparison.Ordinal) || name.StartsWith("fc.", StringComparison.Ordinal);
        var opt = optim.AdamW(model.parameters().Where(p => p.requires_grad), 1e-3);
        model.train();
        using var x = torch.randn(16, 3, 128, 128);
        using var y = torch.randint(0, 1000, [16]);
        void Step()
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        for (int i = 0; i < 3; i++) Step();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step();
        double sps = 16.0 * steps / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"torchsharp {(partial ? "layer4+fc" : "all")} threads={threads} samples/s={sps.ToString("F2", inv)}");
        model.Dispose();
        opt.Dispose();
    }
}
else if (mode == "memory")
{
    var run = args[1];
    var epochs = MetricsLog.Read(Path.Combine(run, "metrics.jsonl")).Where(r => r.Kind == "epoch").ToList();
    Console.WriteLine("epoch  retained_MB  peak_MB  live_tensors(main)  data_wait_%  steady_wait_%  first_batch_s  samples/s");
    foreach (var e in epochs)
        Console.WriteLine($"{e.Epoch,5}  {e.Values["memory/working_set_mb"],11:F0}  {e.Values.GetValueOrDefault("memory/peak_working_set_mb"),7:F0}  {e.Values.GetValueOrDefault("memory/main_thread_live_tensors"),18:F0}  {100 * e.Values["time/data_wait_fraction"],11:F2}  {100 * e.Values.GetValueOrDefault("time/data_wait_fraction_steady"),13:F2}  {e.Values.GetValueOrDefault("time/first_batch_wait_seconds"),13:F3}  {e.Values["throughput/samples_per_second"],9:F1}");
    var from2 = epochs.Where(e => e.Epoch >= 2).Select(e => e.Values["memory/working_set_mb"]).ToList();
    if (from2.Count > 1)
    {
        double mean = from2.Average();
        Console.WriteLine($"epochs 2..{epochs[^1].Epoch}: working set {from2.Min():F0}-{from2.Max():F0} MB, spread {100 * (from2.Max() - from2.Min()) / mean:F1}% of the mean; max data wait {epochs.Where(e => e.Epoch >= 1).Max(e => 100 * e.Values["time/data_wait_fraction"]):F2}%");
    }
}
else
{
    Console.Error.WriteLine("usage: step [threads] [steps] | memory <run folder>");
    return 1;
}
return 0;
