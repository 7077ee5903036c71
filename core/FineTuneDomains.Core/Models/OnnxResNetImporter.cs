using static TorchSharp.torch;

namespace FineTuneDomains.Core.Models;

/// <summary>
/// Imports the ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 (a CNTK export) into
/// <see cref="ResNetBackbone"/> keys. Node names carry no meaning (<c>Convolution249</c>), so weights are mapped
/// by graph structure: the convolution on the graph input is the stem; every Add closes a basic block whose
/// main path is BN ← Conv ← ReLU ← BN ← Conv and whose shortcut is the block input or BN ← 1×1 Conv; a block
/// with a 1×1 shortcut starts a new layer. The expected shape is four layers of 2, 2, 2 and 3 blocks.
/// The preprocessing graph (Split → Concat → Sub) says the trunk sees BGR minus a per-pixel mean image on a
/// 0–255 scale; the stem's input channels are reordered here so the imported model takes RGB, and the mean
/// image is reduced to per-channel RGB means.
/// </summary>
internal static class OnnxResNetImporter
{
    internal static readonly int[] ExpectedBlocks = [2, 2, 2, 3];

    /// <summary>Imports trunk and preprocessing. Throws <see cref="DataFormatException"/> naming the file that does not fit.</summary>
    internal static ImportedWeights Import(string trunkPath, string preprocessPath)
    {
        var (meanBySourceChannel, order) = ReadPreprocessing(preprocessPath);
        var graph = OnnxGraph.Read(trunkPath);
        try
        {
            return ImportTrunk(graph, trunkPath, order, meanBySourceChannel);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(trunkPath, $"not the expected ResNet graph: {e.Message}", null, e);
        }
    }

    /// <summary>
    /// Reads the preprocessing graph: returns the mean per original (RGB) input channel and, for each channel the
    /// trunk sees, the original channel it comes from (BGR: [2, 1, 0]).
    /// </summary>
    internal static (float[] MeanRgb255, int[] Order) ReadPreprocessing(string path)
    {
        var graph = OnnxGraph.Read(path);
        try
        {
            var split = Single(graph, "Split");
            var concat = Single(graph, "Concat");
            var sub = Single(graph, "Sub");
            if (split.Outputs.Count != 3 || concat.Inputs.Count != 3)
                throw new InvalidDataException("Split/Concat do not have 3 channels");
            int[] order = concat.Inputs.Select(input => IndexOf(split.Outputs, input)).ToArray();
            if (order.Any(i => i < 0) || order.Distinct().Count() != 3)
                throw new InvalidDataException("Concat does not reorder the outputs of Split");
            if (sub.Inputs.Count != 2 || sub.Inputs[0] != concat.Outputs[0] || !graph.Initializers.TryGetValue(sub.Inputs[1], out var meanImage))
                throw new InvalidDataException("Sub does not subtract a constant from the reordered channels");
            if (meanImage.Floats is null || meanImage.Dims.Length != 4 || meanImage.Dims[0] != 1 || meanImage.Dims[1] != 3 || meanImage.Floats.Length != meanImage.ElementCount)
                throw new InvalidDataException($"mean image '{meanImage.Name}' is not a float tensor [1, 3, H, W]");
            int plane = (int)(meanImage.Dims[2] * meanImage.Dims[3]);
            var mean = new float[3];
            for (int c = 0; c < 3; c++)
            {
                double sum = 0;
                for (int i = 0; i < plane; i++) sum += meanImage.Floats[c * plane + i];
                mean[order[c]] = (float)(sum / plane);   // trunk channel c is source channel order[c]
            }
            return (mean, order);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"not the expected preprocessing graph (Split, Concat, Sub of a mean image): {e.Message}", null, e);
        }
    }

    private static ImportedWeights ImportTrunk(OnnxGraph graph, string path, int[] order, float[] meanRgb)
    {
        var counts = graph.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        int Count(string op) => counts.GetValueOrDefault(op);
        if (Count("Conv") != 22 || Count("BatchNormalization") != 22 || Count("Add") != 9 || Count("MaxPool") != 1)
            throw new InvalidDataException($"expected 22 Conv, 22 BatchNormalization, 9 Add and 1 MaxPool; found {Count("Conv")}, {Count("BatchNormalization")}, {Count("Add")} and {Count("MaxPool")}");

        string input = graph.Inputs.FirstOrDefault(i => !graph.Initializers.ContainsKey(i))
            ?? throw new InvalidDataException("the graph has no image input");
        var state = new Dictionary<string, Tensor>();
        var epsilons = new List<float>();
        bool done = false;
        try
        {
            var stemConv = graph.Nodes.Single(n => n.OpType == "Conv" && n.Inputs[0] == input);
            var stemBn = Consumer(graph, stemConv, "BatchNormalization");
            CheckConv(stemConv, kernel: 7, stride: 2, pad: 3);
            var stemWeight = ConvWeight(graph, stemConv);
            // The trunk's channel c is source channel order[c]: put it at index order[c] so the model takes RGB.
            using (var toRgb = tensor(Inverse(order).Select(i => (long)i).ToArray()))
                state["conv1.weight"] = stemWeight.index_select(1, toRgb);
            stemWeight.Dispose();
            AddBatchNorm(graph, stemBn, "bn1", state, epsilons);
            var maxPool = graph.Nodes.Single(n => n.OpType == "MaxPool");
            if (maxPool.Ints("kernel_shape").Any(k => k != 3) || maxPool.Ints("strides").Any(s => s != 2) || maxPool.Inputs[0] != Consumer(graph, stemBn, "Relu").Outputs[0])
                throw new InvalidDataException($"{maxPool} is not a 3×3/2 max-pool after the stem");

            var blocks = new List<string[]>();   // per block: conv1, bn1, conv2, bn2, [downsample conv, bn] node names
            int layer = 0, index = 0;
            var layerBlocks = new List<int>();
            foreach (var add in graph.Nodes.Where(n => n.OpType == "Add"))
            {
                if (add.Inputs.Count != 2) throw new InvalidDataException($"{add} does not have two inputs");
                OnnxNode? bn2 = null, dsBn = null;
                foreach (var value in add.Inputs)
                {
                    var producer = graph.Producer(value);
                    if (producer?.OpType != "BatchNormalization") continue;
                    var conv = graph.Producer(producer.Inputs[0]);
                    if (conv?.OpType != "Conv") throw new InvalidDataException($"{producer} does not follow a convolution");
                    if (conv.Ints("kernel_shape").All(k => k == 1)) dsBn = producer;
                    else if (bn2 is null) bn2 = producer;
                    else throw new InvalidDataException($"{add} adds two 3×3 paths");
                }
                if (bn2 is null) throw new InvalidDataException($"{add} has no residual path");
                var conv2 = graph.Producer(bn2.Inputs[0])!;
                var relu = graph.Producer(conv2.Inputs[0]);
                var bn1 = relu?.OpType == "Relu" ? graph.Producer(relu.Inputs[0]) : null;
                var conv1 = bn1?.OpType == "BatchNormalization" ? graph.Producer(bn1.Inputs[0]) : null;
                if (conv1?.OpType != "Conv") throw new InvalidDataException($"the residual path into {add} is not Conv-BN-ReLU-Conv-BN");
                string blockInput = conv1.Inputs[0];
                OnnxNode? dsConv = dsBn is null ? null : graph.Producer(dsBn.Inputs[0]);
                if (dsConv is not null && dsConv.Inputs[0] != blockInput)
                    throw new InvalidDataException($"the shortcut into {add} does not start at the block's input");
                if (dsConv is null && !add.Inputs.Contains(blockInput))
                    throw new InvalidDataException($"{add} adds neither the block's input nor a projection of it");

                if (dsConv is not null || layerBlocks.Count == 0)
                {
                    layerBlocks.Add(0);
                    layer = layerBlocks.Count;
                    index = 0;
                    if (layer > 4) throw new InvalidDataException("more than four layers");
                }
                int stride = dsConv is null ? 1 : (int)dsConv.Ints("strides", 1, 1)[0];
                string prefix = $"layer{layer}.{index}";
                CheckConv(conv1, kernel: 3, stride: stride, pad: 1);
                CheckConv(conv2, kernel: 3, stride: 1, pad: 1);
                state[prefix + ".conv1.weight"] = ConvWeight(graph, conv1);
                AddBatchNorm(graph, bn1!, prefix + ".bn1", state, epsilons);
                state[prefix + ".conv2.weight"] = ConvWeight(graph, conv2);
                AddBatchNorm(graph, bn2, prefix + ".bn2", state, epsilons);
                if (dsConv is not null)
                {
                    CheckConv(dsConv, kernel: 1, stride: stride, pad: 0);
                    state[prefix + ".downsample.0.weight"] = ConvWeight(graph, dsConv);
                    AddBatchNorm(graph, dsBn!, prefix + ".downsample.1", state, epsilons);
                }
                layerBlocks[^1]++;
                index++;
            }
            if (!layerBlocks.SequenceEqual(ExpectedBlocks))
                throw new InvalidDataException($"layers of [{string.Join(", ", layerBlocks)}] blocks, expected [{string.Join(", ", ExpectedBlocks)}]");
            if (epsilons.Distinct().Count() != 1)
                throw new InvalidDataException("batch norms use different epsilons");
            done = true;
            return new ImportedWeights(state, epsilons[0], meanRgb);
        }
        catch (InvalidOperationException e)   // Single() on a graph of another shape
        {
            throw new InvalidDataException($"unexpected graph structure ({e.Message})", e);
        }
        finally
        {
            if (!done)
                foreach (var t in state.Values) t.Dispose();
        }
    }

    private static int[] Inverse(int[] order)
    {
        var inverse = new int[order.Length];
        for (int i = 0; i < order.Length; i++) inverse[order[i]] = i;
        return inverse;
    }

    private static OnnxNode Single(OnnxGraph graph, string op)
    {
        var nodes = graph.Nodes.Where(n => n.OpType == op).ToList();
        return nodes.Count == 1 ? nodes[0] : throw new InvalidDataException($"expected one {op} node, found {nodes.Count}");
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == value) return i;
        return -1;
    }

    private static OnnxNode Consumer(OnnxGraph graph, OnnxNode node, string op)
    {
        var consumers = graph.Nodes.Where(n => n.Inputs.Contains(node.Outputs[0])).ToList();
        return consumers.Count == 1 && consumers[0].OpType == op ? consumers[0]
            : throw new InvalidDataException($"{node} is not followed by a single {op}");
    }

    /// <summary>
    /// Checks what our module assumes of a convolution. Pads (begin, end) = (p, p - 1), as CNTK writes for
    /// stride-2 convolutions, equal symmetric padding p whenever the input size is even (the last padded row
    /// is never reached by a window), which holds for every layer at 224×224 and at any multiple of 32.
    /// </summary>
    private static void CheckConv(OnnxNode conv, int kernel, int stride, int pad)
    {
        if (conv.Inputs.Count != 2) throw new InvalidDataException($"{conv} has a bias; the trunk's convolutions have none");
        if (conv.Int("group", 1) != 1 || conv.Ints("dilations", 1, 1).Any(d => d != 1))
            throw new InvalidDataException($"{conv} is grouped or dilated");
        if (conv.Ints("kernel_shape").Any(k => k != kernel) || conv.Ints("strides", 1, 1).Any(s => s != stride))
            throw new InvalidDataException($"{conv} is not {kernel}×{kernel}/{stride}");
        var pads = conv.Ints("pads", 0, 0, 0, 0);
        if (pads.Count != 4 || pads[0] != pad || pads[1] != pad || !(pads[2] == pad || (stride == 2 && pads[2] == pad - 1)) || pads[3] != pads[2])
            throw new InvalidDataException($"{conv} pads [{string.Join(", ", pads)}] do not match padding {pad}");
        if (conv.Attributes.TryGetValue("auto_pad", out var autoPad) && autoPad.String is string mode && mode is not ("NOTSET" or ""))
            throw new InvalidDataException($"{conv} uses auto_pad {mode}");
    }

    private static Tensor ConvWeight(OnnxGraph graph, OnnxNode conv) => Initializer(graph, conv.Inputs[1], 4);

    private static void AddBatchNorm(OnnxGraph graph, OnnxNode bn, string prefix, Dictionary<string, Tensor> state, List<float> epsilons)
    {
        if (bn.Inputs.Count != 5) throw new InvalidDataException($"{bn} does not have scale, bias, mean and variance inputs");
        if (bn.Int("spatial", 1) != 1) throw new InvalidDataException($"{bn} is not spatial (per-channel)");
        state[prefix + ".weight"] = Initializer(graph, bn.Inputs[1], 1);
        state[prefix + ".bias"] = Initializer(graph, bn.Inputs[2], 1);
        state[prefix + ".running_mean"] = Initializer(graph, bn.Inputs[3], 1);
        state[prefix + ".running_var"] = Initializer(graph, bn.Inputs[4], 1);
        epsilons.Add(bn.Float("epsilon", 1e-5f));
    }

    private static Tensor Initializer(OnnxGraph graph, string name, int rank)
    {
        if (!graph.Initializers.TryGetValue(name, out var t)) throw new InvalidDataException($"weight '{name}' is not stored in the file");
        if (t.Floats is null) throw new InvalidDataException($"weight '{name}' is not float32 (ONNX type {t.DataType})");
        if (t.Dims.Length != rank || t.Floats.Length != t.ElementCount)
            throw new InvalidDataException($"weight '{name}' has {t.Floats.Length} values for shape [{string.Join(", ", t.Dims)}]");
        return tensor(t.Floats, t.Dims);
    }
}
