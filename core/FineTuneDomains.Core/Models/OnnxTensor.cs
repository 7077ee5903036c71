namespace FineTuneDomains.Core.Models;

/// <summary>An ONNX TensorProto: name, shape and, for float tensors, the values (from raw_data or float_data).</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[]? Floats)
{
    internal const int FloatType = 1;

    internal static OnnxTensor Read(ProtoReader reader)
    {
        string name = "";
        var dims = new List<long>();
        int dataType = 0;
        var floatData = new List<float>();
        float[]? raw = null;
        while (reader.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1: reader.ReadInt64s(wire, dims); break;
                case 2: reader.Expect(wire, ProtoReader.Varint); dataType = (int)reader.ReadInt64(); break;
                case 4: reader.ReadFloats(wire, floatData); break;
                case 8: reader.Expect(wire, ProtoReader.LengthDelimited); name = reader.ReadString(); break;
                case 9:
                    reader.Expect(wire, ProtoReader.LengthDelimited);
                    var bytes = reader.ReadBytes();
                    if (bytes.Length % 4 == 0) raw = ProtoReader.LittleEndianFloats(bytes);
                    break;
                default: reader.Skip(wire); break;
            }
        }
        float[]? floats = dataType != FloatType ? null : raw ?? floatData.ToArray();
        return new OnnxTensor(name, dims.ToArray(), dataType, floats);
    }

    /// <summary>Number of elements the shape declares.</summary>
    internal long ElementCount => Dims.Aggregate(1L, (a, d) => a * d);
}
