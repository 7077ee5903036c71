using FineTuneDomains.Core;
using FineTuneDomains.Plugins.ArchaicOcr.GroundTruth;
using FineTuneDomains.Plugins.ArchaicOcr.Metrics;
using FineTuneDomains.Plugins.ArchaicOcr.Text;

namespace FineTuneDomains.Plugins.ArchaicOcr.Plugin;

/// <summary>
/// Scores transcriptions against ground truth (as <c>ketos test</c> does): every <c>name.gt.txt</c> under the
/// reference folder is paired with <c>name.txt</c> at the same relative place under the prediction folder. A missing
/// prediction counts as an empty line (all its characters deleted), never as a skipped one.
/// </summary>
internal static class FolderScorer
{
    /// <summary>Scores the pairs; returns the scorer (per-line scores, corpus rates, confusions) and the missing files.</summary>
    public static (OcrScorer Scorer, IReadOnlyList<string> Missing) Score(string referenceFolder, string predictionFolder, TextNormalization normalization)
    {
        if (!Directory.Exists(referenceFolder))
        {
            throw new UserErrorException($"{referenceFolder}: no such folder");
        }

        var scorer = new OcrScorer(normalization);
        var missing = new List<string>();
        var references = Directory.EnumerateFiles(referenceFolder, "*" + TesstrainReader.GroundTruthSuffix, SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (references.Count == 0)
        {
            throw new UserErrorException($"{referenceFolder}: no *{TesstrainReader.GroundTruthSuffix} files");
        }

        foreach (var reference in references)
        {
            var relative = Path.GetRelativePath(referenceFolder, reference)[..^TesstrainReader.GroundTruthSuffix.Length] + ".txt";
            var prediction = Path.Combine(predictionFolder, relative);
            string hypothesis;
            if (File.Exists(prediction))
            {
                hypothesis = File.ReadAllText(prediction).TrimEnd('\r', '\n');
            }
            else
            {
                missing.Add(prediction);
                hypothesis = string.Empty;
            }

            scorer.Add(TesstrainReader.ReadTranscription(reference), hypothesis);
        }

        return (scorer, missing);
    }
}
