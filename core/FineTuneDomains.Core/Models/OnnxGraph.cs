namespace FineTuneDomains.Core.Models;

/// <summary>
/// The parts of an ONNX model (ModelProto → GraphProto) that a weight import needs: nodes in file order (ONNX
/// requires topological order), initializers by name, graph input and output names.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, OnnxNode> producers = [];

    private OnnxGraph(List<OnnxNode> nodes, Dictionary<string, OnnxTensor> initializers, List<string> inputs, List<string> outputs)
    {
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        foreach (var node in nodes)
            foreach (var output in node.Outputs)
                producers[output] = node;
    }

    internal IReadOnlyList<OnnxNode> Nodes { get; }

    internal IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    /// <summary>Declared graph inputs (older exporters also list the initializers here).</summary>
    internal IReadOnlyList<string> Inputs { get; }

    internal IReadOnlyList<string> Outputs { get; }

    /// <summary>The node that computes <paramref name="value"/>, or null for graph inputs and initializers.</summary>
    internal OnnxNode? Producer(string value) => producers.GetValueOrDefault(value);

    /// <summary>Reads the graph of an ONNX model file. Throws <see cref="DataFormatException"/> naming the file.</summary>
    internal static OnnxGraph Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"Cannot read the ONNX model {path}: {e.Message}", e);
        }
        try
        {
            return Parse(bytes);
        }
        catch (ProtoFormatException e)
        {
            throw new DataFormatException(path, $"not a valid ONNX model ({e.Message})", e.Offset, e);
        }
    }

    internal static OnnxGraph Parse(byte[] bytes)
    {
        var model = new ProtoReader(bytes);
        OnnxGraph? graph = null;
        while (model.Next(out int field, out int wire))
        {
            if (field == 7 && wire == ProtoReader.LengthDelimited) graph = ReadGraph(model.ReadMessage());
            else model.Skip(wire);
        }
        return graph ?? throw new ProtoFormatException("no graph in the model", bytes.Length);
    }

    private static OnnxGraph ReadGraph(ProtoReader reader)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1: reader.Expect(wire, ProtoReader.LengthDelimited); nodes.Add(OnnxNode.Read(reader.ReadMessage())); break;
                case 5:
                    reader.Expect(wire, ProtoReader.LengthDelimited);
                    var tensor = OnnxTensor.Read(reader.ReadMessage());
                    initializers[tensor.Name] = tensor;
                    break;
                case 11: reader.Expect(wire, ProtoReader.LengthDelimited); inputs.Add(ReadValueInfoName(reader.ReadMessage())); break;
                case 12: reader.Expect(wire, ProtoReader.LengthDelimited); outputs.Add(ReadValueInfoName(reader.ReadMessage())); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxGraph(nodes, initializers, inputs, outputs);
    }

    private static string ReadValueInfoName(ProtoReader reader)
    {
        string name = "";
        while (reader.Next(out int field, out int wire))
        {
            if (field == 1 && wire == ProtoReader.LengthDelimited) name = reader.ReadString();
            else reader.Skip(wire);
        }
        return name;
    }
}
