using System.Diagnostics;
using System.Globalization;
using FineTuneDomains.Plugins.WildlifeAudio.Features;
using TorchSharp;
using static TorchSharp.torch;

// Log-mel throughput in windows per second: the plugin's batched torch.stft path, the same settings as
// logmel_numpy.py. Usage: dotnet run -c Release -- [seconds rate batch batches n_fft hop n_mels threads]
var a = args.Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
double seconds = a.Length > 0 ? a[0] : 2.0;
int rate = a.Length > 1 ? (int)a[1] : 16000;
int batch = a.Length > 2 ? (int)a[2] : 32;
int batches = a.Length > 3 ? (int)a[3] : 20;
int nFft = a.Length > 4 ? (int)a[4] : 512;
int hop = a.Length > 5 ? (int)a[5] : 160;
int nMels = a.Length > 6 ? (int)a[6] : 128;
int threads = a.Length > 7 ? (int)a[7] : 2;

torch.set_num_threads(threads);
var options = new LogMelOptions { SampleRate = rate, NFft = nFft, HopLength = hop, NMels = nMels, FMin = 50, TopDb = 80 };
using var mel = new LogMelSpectrogram(options);
int samples = (int)(seconds * rate);
using var waves = randn(batch, samples, generator: manual_seed(1)) * 0.1;

for (int i = 0; i < 3; i++)
{
    using var scope = NewDisposeScope();
    mel.Compute(waves);
}

var watch = Stopwatch.StartNew();
for (int i = 0; i < batches; i++)
{
    using var scope = NewDisposeScope();
    mel.Compute(waves);
}

watch.Stop();
double perSecond = batch * batches / watch.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"torchsharp\t{perSecond:F1} windows/s\t({seconds} s at {rate} Hz, n_fft {nFft}, hop {hop}, {nMels} mels, batch {batch}, {threads} threads)"));
