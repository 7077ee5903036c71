using FineTuneDomains.Core.Models;

namespace FineTuneDomains.Core.Tests;

/// <summary>The protobuf reader on hand-encoded ONNX messages: both encodings of repeated fields, raw_data and float_data.</summary>
public class ModelsOnnxReaderTests
{
    [Fact]
    public void Parse_HandEncodedModel_ReadsNodesAttributesAndBothTensorEncodings()
    {
        var conv = Message(
            Str(1, "x"), Str(1, "w"), Str(2, "y"), Str(3, "Convolution1"), Str(4, "Conv"),
            Bytes(5, Message(Str(1, "pads"), Bytes(8, Packed(1, 1, 0, 0)), Varint(20, 7))),   // packed ints
            Bytes(5, Message(Str(1, "strides"), Varint(8, 2), Varint(8, 2))),                // one int per field
            Bytes(5, Message(Str(1, "epsilon"), Fixed32(2, 1e-5f))),
            Bytes(5, Message(Str(1, "group"), Varint(3, 1))),
            Str(7, ""));
        var w = Message(Varint(1, 2), Varint(1, 2), Varint(2, 1), Str(8, "w"),
            Bytes(9, [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(-2f), .. BitConverter.GetBytes(3.5f), .. BitConverter.GetBytes(0f)]));
        var b = Message(Bytes(1, Packed(3)), Varint(2, 1), Str(8, "b"), Fixed32(4, 0.25f), Fixed32(4, 0.5f), Fixed32(4, 0.75f));
        var packedFloats = Message(Bytes(1, Packed(2)), Varint(2, 1), Str(8, "p"), Bytes(4, [.. BitConverter.GetBytes(9f), .. BitConverter.GetBytes(8f)]));
        var graph = Message(Bytes(1, conv), Str(2, "g"), Bytes(5, w), Bytes(5, b), Bytes(5, packedFloats),
            Bytes(11, Message(Str(1, "x"))), Bytes(12, Message(Str(1, "y"))));
        var model = Message(Varint(1, 3), Bytes(7, graph), Bytes(8, Message(Varint(2, 8))));

        var parsed = OnnxGraph.Parse(model);

        var node = Assert.Single(parsed.Nodes);
        Assert.Equal(("Conv", "Convolution1"), (node.OpType, node.Name));
        Assert.Equal(["x", "w"], node.Inputs);
        Assert.Equal(["y"], node.Outputs);
        Assert.Equal([1L, 1, 0, 0], node.Ints("pads"));
        Assert.Equal([2L, 2], node.Ints("strides"));
        Assert.Equal(1e-5f, node.Float("epsilon", 0));
        Assert.Equal(1, node.Int("group", 0));
        Assert.Equal(new long[] { 2, 2 }, parsed.Initializers["w"].Dims);
        Assert.Equal(new[] { 1f, -2f, 3.5f, 0f }, parsed.Initializers["w"].Floats);
        Assert.Equal(new long[] { 3 }, parsed.Initializers["b"].Dims);
        Assert.Equal(new[] { 0.25f, 0.5f, 0.75f }, parsed.Initializers["b"].Floats);
        Assert.Equal(new[] { 9f, 8f }, parsed.Initializers["p"].Floats);
        Assert.Equal(["x"], parsed.Inputs);
        Assert.Equal(["y"], parsed.Outputs);
        Assert.Same(node, parsed.Producer("y"));
    }

    [Fact]
    public void Parse_FieldLongerThanMessage_ProtoFormatExceptionWithOffset()
    {
        byte[] model = [.. Bytes(7, Message(Str(2, "g"))), 0x3A, 0x7F];   // second graph claims 127 bytes, none follow
        var e = Assert.Throws<ProtoFormatException>(() => OnnxGraph.Parse(model));
        Assert.Equal(model.Length, e.Offset);
    }

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    private static byte[] Tag(int field, int wire) => VarintBytes((ulong)((field << 3) | wire));

    private static byte[] Varint(int field, long value) => [.. Tag(field, 0), .. VarintBytes((ulong)value)];

    private static byte[] Fixed32(int field, float value) => [.. Tag(field, 5), .. BitConverter.GetBytes(value)];

    private static byte[] Bytes(int field, byte[] value) => [.. Tag(field, 2), .. VarintBytes((ulong)value.Length), .. value];

    private static byte[] Str(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    private static byte[] Packed(params long[] values) => values.SelectMany(v => VarintBytes((ulong)v)).ToArray();

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        } while (value != 0);
        return [.. bytes];
    }
}
