namespace FineTuneDomains.Core.Models;

/// <summary>An ONNX AttributeProto reduced to the kinds an image trunk uses: float, int, string, floats, ints.</summary>
internal sealed record OnnxAttribute(string Name, float? Float, long? Int, string? String, IReadOnlyList<float> Floats, IReadOnlyList<long> Ints)
{
    internal static OnnxAttribute Read(ProtoReader reader)
    {
        string name = "";
        float? f = null;
        long? i = null;
        string? s = null;
        var floats = new List<float>();
        var ints = new List<long>();
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1: reader.Expect(wire, ProtoReader.LengthDelimited); name = reader.ReadString(); break;
                case 2: reader.Expect(wire, ProtoReader.Fixed32); f = reader.ReadFloat(); break;
                case 3: reader.Expect(wire, ProtoReader.Varint); i = reader.ReadInt64(); break;
                case 4: reader.Expect(wire, ProtoReader.LengthDelimited); s = reader.ReadString(); break;
                case 7: reader.ReadFloats(wire, floats); break;
                case 8: reader.ReadInt64s(wire, ints); break;
                default: reader.Skip(wire); break;
            }
        }
        return new OnnxAttribute(name, f, i, s, floats, ints);
    }
}
