namespace FineTuneDomains.Plugins.WildlifeAudio.Plugin;

/// <summary>Task type names of the plugin.</summary>
internal static class TaskKinds
{
    /// <summary>One class per item: softmax and cross-entropy on class-probability targets.</summary>
    public const string Classification = "classification";

    /// <summary>Any number of classes per item: sigmoid and BCE (or focal) on multi-hot targets.</summary>
    public const string MultiLabel = "multilabel";
}
