namespace FineTuneDomains.Core.Evaluation;

/// <summary>One aligned pair: a reference symbol and a hypothesis symbol, either absent for deletions/insertions.</summary>
/// <typeparam name="T">Symbol type (a character as string, or a word).</typeparam>
/// <param name="Kind">Match, substitution, deletion or insertion.</param>
/// <param name="Reference">Reference symbol; default for an insertion.</param>
/// <param name="Hypothesis">Hypothesis symbol; default for a deletion.</param>
public readonly record struct EditOperation<T>(EditOperationKind Kind, T? Reference, T? Hypothesis);
