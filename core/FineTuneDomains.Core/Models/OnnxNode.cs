namespace FineTuneDomains.Core.Models;

/// <summary>An ONNX NodeProto: operator, name, input and output value names, attributes by name.</summary>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    internal static OnnxNode Read(ProtoReader reader)
    {
        string name = "", op = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>();
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1: reader.Expect(wire, ProtoReader.LengthDelimited); inputs.Add(reader.ReadString()); break;
                case 2: reader.Expect(wire, ProtoReader.LengthDelimited); outputs.Add(reader.ReadString()); break;
                case 3: reader.Expect(wire, ProtoReader.LengthDelimited); name = reader.ReadString(); break;
                case 4: reader.Expect(wire, ProtoReader.LengthDelimited); op = reader.ReadString(); break;
                case 5:
                    reader.Expect(wire, ProtoReader.LengthDelimited);
                    var attribute = OnnxAttribute.Read(reader.ReadMessage());
                    attributes[attribute.Name] = attribute;
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxNode(name, op, inputs, outputs, attributes);
    }

    /// <summary>An int list attribute, or <paramref name="fallback"/> when absent.</summary>
    internal IReadOnlyList<long> Ints(string name, params long[] fallback) =>
        Attributes.TryGetValue(name, out var a) && a.Ints.Count > 0 ? a.Ints : fallback;

    /// <summary>An int attribute, or <paramref name="fallback"/> when absent.</summary>
    internal long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) && a.Int is long v ? v : fallback;

    /// <summary>A float attribute, or <paramref name="fallback"/> when absent.</summary>
    internal float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) && a.Float is float v ? v : fallback;

    public override string ToString() => $"{OpType} '{Name}'";
}
