namespace OdooGateAction.Core.Yaml;

/// <summary>A 1-based line and column in a source file.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>A node of a YAML document with the position it starts at.</summary>
public abstract class YamlNodeBase
{
    protected YamlNodeBase(SourcePosition start) => Start = start;

    public SourcePosition Start { get; }

    /// <summary>What the node is, for messages ("a mapping", "a list", "a string").</summary>
    public abstract string KindName { get; }
}

/// <summary>A scalar. <see cref="IsPlain"/> is false for quoted and block scalars.</summary>
public sealed class YamlScalar(SourcePosition start, string value, bool isPlain) : YamlNodeBase(start)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    /// <summary>A plain <c>null</c>, <c>~</c> or empty scalar.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "null" : "a scalar";
}

/// <summary>A YAML sequence.</summary>
public sealed class YamlList(SourcePosition start, IReadOnlyList<YamlNodeBase> items) : YamlNodeBase(start)
{
    public IReadOnlyList<YamlNodeBase> Items { get; } = items;

    public override string KindName => "a list";
}

/// <summary>A YAML mapping with scalar keys, in document order, duplicates already reported and dropped.</summary>
public sealed class YamlMap(SourcePosition start, IReadOnlyList<KeyValuePair<YamlScalar, YamlNodeBase>> entries) : YamlNodeBase(start)
{
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNodeBase>> Entries { get; } = entries;

    public override string KindName => "a mapping";

    public YamlNodeBase? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
                {
                    return entry.Value;
                }
            }

            return null;
        }
    }
}
