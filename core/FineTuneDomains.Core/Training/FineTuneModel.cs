using FineTuneDomains.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FineTuneDomains.Core.Training;

/// <summary>
/// A backbone (feature maps) and a task head, with the backbone's input normalisation in front. Sequences
/// of images ([N, S, C, H, W], e.g. CT series) pass through the backbone image by image and reach the
/// head as [N, S, C', h, w]. Parameter names start with <c>backbone.</c> or <c>head.</c>.
/// </summary>
public sealed class FineTuneModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> backbone;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly InputNormalization? normalization;

    public FineTuneModel(nn.Module<Tensor, Tensor> backbone, nn.Module<Tensor, Tensor> head, InputNormalization? normalization) : base(nameof(FineTuneModel))
    {
        this.backbone = backbone;
        this.head = head;
        this.normalization = normalization;
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> Backbone => backbone;

    public nn.Module<Tensor, Tensor> Head => head;

    public override Tensor forward(Tensor input)
    {
        if (input.dim() == 5)
        {
            long n = input.shape[0], s = input.shape[1];
            using var flat = input.flatten(0, 1);
            using var features = Features(flat);
            using var seq = features.unflatten(0, [n, s]);
            return head.call(seq);
        }
        using var f = Features(input);
        return head.call(f);
    }

    private Tensor Features(Tensor images)
    {
        if (normalization is null) return backbone.call(images);
        using var normalized = normalization.Apply(images);
        return backbone.call(normalized);
    }
}
