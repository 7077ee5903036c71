using FineTuneDomains.Core.Config;
using FineTuneDomains.Plugins.ArchaicOcr.Imaging;
using FineTuneDomains.Plugins.ArchaicOcr.Model;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>The option schemas of the <c>ctc</c> task and of <c>data.options</c>, and typed readers for them.</summary>
internal static class OcrOptions
{
    /// <summary>The task type: text-line recognition with CTC.</summary>
    public const string TaskType = "ctc";

    /// <summary>Options of the <c>ctc</c> task (shared by dataset, head and evaluator through the task spec).</summary>
    public static readonly IReadOnlyList<OptionSpec> Task =
    [
        OptionSpec.Int("height", 32, "Line height in pixels the images are scaled to (a multiple of 8).", 8, 256),
        OptionSpec.Enum("normalization", "NFC", "Unicode normalisation of ground truth and predictions, recorded with the alphabet.", "NFC", "NFD", "none"),
        OptionSpec.Enum("alphabet", "union", "When fine-tuning from a base recogniser: keep its alphabet, add the data's characters (union), or use only the data's (new).", "keep", "union", "new"),
        OptionSpec.Ints("channels", [32, 64, 128], "Output channels of the three conv blocks.", 1, 1024),
        OptionSpec.Int("hidden", 128, "BiLSTM hidden size per direction.", 4, 2048),
        OptionSpec.Int("layers", 2, "Stacked BiLSTM layers.", 1, 8),
        OptionSpec.Double("rnn_dropout", 0.1, "Dropout between BiLSTM layers.", 0, 0.9),
        OptionSpec.Int("beam_width", 1, "CTC decoding: 1 = greedy, more = prefix beam search.", 1, 256),
    ];

    /// <summary>Options of <c>data.options</c>.</summary>
    public static readonly IReadOnlyList<OptionSpec> Data =
    [
        OptionSpec.Enum("binarization", "none", "Binarise line images before scaling.", "none", "otsu", "sauvola"),
        OptionSpec.Bool("deskew", false, "Level skewed line images (projection profile, ±5°); PAGE lines are always levelled by their polygon."),
    ];

    public static int Height(Settings task) => task.Has("height") ? task.GetInt("height") : 32;

    public static TextNormalization Normalization(Settings task) =>
        task.Has("normalization") ? TextNormalizer.Parse(task.GetString("normalization")) : TextNormalization.Nfc;

    public static AlphabetResizeMode ResizeMode(Settings task) =>
        (task.Has("alphabet") ? task.GetString("alphabet") : "union") switch
        {
            "keep" => AlphabetResizeMode.Keep,
            "new" => AlphabetResizeMode.New,
            _ => AlphabetResizeMode.Union,
        };

    public static int BeamWidth(Settings task) => task.Has("beam_width") ? task.GetInt("beam_width") : 1;

    public static CrnnOptions Crnn(Settings task) => new(
        Height(task),
        task.Has("channels") ? task.GetInts("channels").ToArray() : null,
        task.Has("hidden") ? task.GetInt("hidden") : 128,
        task.Has("layers") ? task.GetInt("layers") : 2,
        task.Has("rnn_dropout") ? task.GetDouble("rnn_dropout") : 0.1);

    public static LinePreprocessing Preprocessing(Settings task, Settings data) => new(
        Height(task),
        (data.Has("binarization") ? data.GetString("binarization") : "none") switch
        {
            "otsu" => Binarization.Otsu,
            "sauvola" => Binarization.Sauvola,
            _ => Binarization.None,
        },
        data.Has("deskew") && data.GetBool("deskew"));
}
