namespace FineTuneDomains.Core.Evaluation;

/// <summary>What one step of an edit alignment does.</summary>
public enum EditOperationKind
{
    /// <summary>Reference and hypothesis symbols are equal.</summary>
    Match,

    /// <summary>A reference symbol was recognised as a different symbol.</summary>
    Substitution,

    /// <summary>A reference symbol is missing from the hypothesis.</summary>
    Deletion,

    /// <summary>The hypothesis has a symbol the reference does not.</summary>
    Insertion,
}
