using FineTuneDomains.Core;
using FineTuneDomains.Core.Config;
using FineTuneDomains.Core.Plugins;

namespace FineTuneDomains.Plugins.CtDicom.Plugin;

/// <summary>The augmentations the CT plugin offers, with their settings schemas.</summary>
internal static class CtAugmentations
{
    private static OptionSpec P(double d) => OptionSpec.Double("p", d, "Probability of applying it to an item.", 0, 1);

    public static IReadOnlyList<AugmentationDescription> All { get; } =
    [
        new("flip", "Random left-right / up-down flips.", [
            OptionSpec.Double("horizontal", 0.5, "Probability of a left-right flip.", 0, 1),
            OptionSpec.Double("vertical", 0.0, "Probability of an up-down flip.", 0, 1)]),
        new("rotate", "Small in-plane rotation (air fills the corners).", [OptionSpec.Double("max_degrees", 10, "Largest rotation either way.", 0, 180), P(1)]),
        new("random_crop_resize", "Random square crop resized back to the full size (zoom in).", [
            OptionSpec.Double("min_scale", 0.8, "Smallest crop side as a fraction of the image.", 0.1, 1),
            OptionSpec.Double("max_scale", 1.0, "Largest crop side as a fraction of the image.", 0.1, 1), P(1)]),
        new("hu_shift_scale", "HU intensity shift and scale (calibration drift).", [
            OptionSpec.Double("shift", 20, "Largest shift in HU.", 0, 1000),
            OptionSpec.Double("scale", 0.05, "Largest relative scale change.", 0, 0.5), P(1)]),
        new("gaussian_noise", "Additive Gaussian noise in HU.", [OptionSpec.Double("sigma", 10, "Largest noise standard deviation (HU).", 0, 500), P(0.5)]),
        new("window_jitter", "Random change of every window's centre and width.", [
            OptionSpec.Double("center", 20, "Largest centre shift (HU).", 0, 1000),
            OptionSpec.Double("width", 0.1, "Largest relative width change.", 0, 0.9),
            OptionSpec.Double("pivot", 40, "HU the width change is taken about.", -2000, 4000), P(1)]),
    ];

    public static Augmentation Create(AugmentationSpec spec)
    {
        var s = spec.Settings;
        return spec.Name switch
        {
            "flip" => new FlipAugmentation(s.GetDouble("horizontal"), s.GetDouble("vertical")),
            "rotate" => new RotateAugmentation(s.GetDouble("max_degrees"), s.GetDouble("p")),
            "random_crop_resize" => s.GetDouble("min_scale") > s.GetDouble("max_scale")
                ? throw new UserErrorException("random_crop_resize: min_scale must not exceed max_scale")
                : new CropResizeAugmentation(s.GetDouble("min_scale"), s.GetDouble("max_scale"), s.GetDouble("p")),
            "hu_shift_scale" => new HuShiftScaleAugmentation(s.GetDouble("shift"), s.GetDouble("scale"), s.GetDouble("p")),
            "gaussian_noise" => new GaussianNoiseAugmentation(s.GetDouble("sigma"), s.GetDouble("p")),
            "window_jitter" => new WindowJitterAugmentation(s.GetDouble("center"), s.GetDouble("width"), s.GetDouble("pivot"), s.GetDouble("p")),
            _ => throw new UserErrorException($"ct-dicom has no augmentation '{spec.Name}'; it offers {string.Join(", ", All.Select(a => a.Name))}"),
        };
    }
}
