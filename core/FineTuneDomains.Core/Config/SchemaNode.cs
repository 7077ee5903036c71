namespace FineTuneDomains.Core.Config;

/// <summary>A node of an experiment schema: an object, a value, a list, a map or a section chosen at validation time.</summary>
public abstract record SchemaNode
{
    /// <summary>What this node means, for <c>--help</c> and error messages.</summary>
    public string Summary { get; init; } = "";
}

/// <summary>An object with known fields; unknown keys are errors.</summary>
public sealed record ObjectSchema(IReadOnlyList<FieldSchema> Fields) : SchemaNode
{
    public FieldSchema? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>A field of an object: its name and node.</summary>
public sealed record FieldSchema(string Name, SchemaNode Node);

/// <summary>A scalar or scalar list described by an <see cref="OptionSpec"/>.</summary>
public sealed record ValueSchema(OptionSpec Spec) : SchemaNode;

/// <summary>A list of items of one schema, empty by default.</summary>
public sealed record ListSchema(SchemaNode Item) : SchemaNode;

/// <summary>A map from free names to values of one schema, empty by default.</summary>
public sealed record MapSchema(SchemaNode Value) : SchemaNode;

/// <summary>
/// A node whose schema depends on values validated before it (e.g. <c>data.options</c> depends on the
/// plugin): <see cref="Resolve"/> receives the validated root so far and the raw node's own mapping keys.
/// </summary>
public sealed record DynamicSchema(Func<DynamicContext, SchemaNode> Resolve) : SchemaNode;

/// <summary>What a <see cref="DynamicSchema"/> can look at.</summary>
/// <param name="Root">The validated values so far (earlier fields of the root and enclosing objects).</param>
/// <param name="Local">The values of the enclosing object validated so far.</param>
/// <param name="RawKeys">Scalar values of the raw node's keys (e.g. an augmentation's <c>name</c>).</param>
public sealed record DynamicContext(
    IReadOnlyDictionary<string, object?> Root,
    IReadOnlyDictionary<string, object?> Local,
    IReadOnlyDictionary<string, string> RawKeys);
