using System.Globalization;
using OdooGateAction.Core.Yaml;

namespace OdooGateAction.Core.Configuration;

/// <summary>Typed, strict access to YAML nodes of one file: every problem becomes a located diagnostic.</summary>
internal sealed class StrictReader(string file, DiagnosticBag diagnostics)
{
    public string File { get; } = file;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceLocation Loc(SourcePosition position) => SourceLocation.At(File, position);

    public void Error(SourcePosition position, string message) => Diagnostics.Error(File, position, message);

    /// <summary>Reports every key of <paramref name="map"/> that <paramref name="allowed"/> does not list.</summary>
    public void CheckKeys(YamlMap map, string what, IReadOnlyList<string> allowed)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (!allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                Error(key.Start, $"unknown key {InputText.Quote(key.Value)} in {what}{Suggest(key.Value, allowed)}; allowed: {string.Join(", ", allowed)}");
            }
        }
    }

    public YamlMap? AsMap(YamlNodeBase? node, string what)
    {
        if (node is YamlMap map)
        {
            return map;
        }

        if (node is not null)
        {
            Error(node.Start, $"{what} must be a mapping (key: value lines), got {Describe(node)}");
        }

        return null;
    }

    public YamlMap? Map(YamlMap map, string key, string what, bool required)
    {
        var node = map[key];
        if (node is null || node is YamlScalar { IsNull: true })
        {
            if (required)
            {
                Error(map.Start, $"{what} needs '{key}'");
            }

            return null;
        }

        return AsMap(node, $"'{key}' in {what}");
    }

    public string? String(YamlMap map, string key, string what, bool required)
    {
        var node = map[key];
        if (node is null || node is YamlScalar { IsNull: true })
        {
            if (required)
            {
                Error(node?.Start ?? map.Start, $"{what} needs '{key}' (a text value)");
            }

            return null;
        }

        if (node is not YamlScalar scalar)
        {
            Error(node.Start, $"'{key}' in {what} must be a text value, got {Describe(node)}");
            return null;
        }

        if (required && scalar.Value.Trim().Length == 0)
        {
            Error(node.Start, $"'{key}' in {what} may not be empty");
            return null;
        }

        return scalar.Value;
    }

    public bool Bool(YamlMap map, string key, string what, bool fallback)
    {
        var node = map[key];
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalar { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        Error(node.Start, $"'{key}' in {what} must be true or false (unquoted), got {Describe(node)}");
        return fallback;
    }

    public int Int(YamlMap map, string key, string what, int fallback, int minimum)
    {
        var node = map[key];
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalar { IsPlain: true } scalar
            && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= minimum)
            {
                return value;
            }

            Error(node.Start, $"'{key}' in {what} must be at least {minimum}, got {value}");
            return fallback;
        }

        Error(node.Start, $"'{key}' in {what} must be a whole number (at least {minimum}), got {Describe(node)}");
        return fallback;
    }

    /// <summary>Reads one of <paramref name="allowed"/> (compared exactly).</summary>
    public T Choice<T>(YamlMap map, string key, string what, T fallback, IReadOnlyList<string> allowed, Func<string, T> convert)
    {
        var node = map[key];
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalar scalar && allowed.Contains(scalar.Value, StringComparer.Ordinal))
        {
            return convert(scalar.Value);
        }

        var got = node is YamlScalar s ? $"{InputText.Quote(s.Value)}{Suggest(s.Value, allowed)}" : Describe(node);
        Error(node.Start, $"'{key}' in {what} must be one of {string.Join(", ", allowed)}; got {got}");
        return fallback;
    }

    /// <summary>A list of text values; each item with its position.</summary>
    public IReadOnlyList<(string Value, SourcePosition Position)> StringList(YamlMap map, string key, string what, bool required)
    {
        var node = map[key];
        if (node is null || node is YamlScalar { IsNull: true })
        {
            if (required)
            {
                Error(node?.Start ?? map.Start, $"{what} needs '{key}' (a list)");
            }

            return [];
        }

        if (node is not YamlList list)
        {
            var hint = node is YamlScalar scalar ? $"; write [{InputText.Excerpt(scalar.Value)}] for a list of one" : string.Empty;
            Error(node.Start, $"'{key}' in {what} must be a list, got {Describe(node)}{hint}");
            return [];
        }

        var items = new List<(string, SourcePosition)>(list.Items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item is not YamlScalar scalar || scalar.IsNull || scalar.Value.Trim().Length == 0)
            {
                Error(item.Start, $"items of '{key}' in {what} must be non-empty text values, got {Describe(item)}");
                continue;
            }

            if (!seen.Add(scalar.Value))
            {
                Error(item.Start, $"{InputText.Quote(scalar.Value)} is listed twice in '{key}' of {what}");
                continue;
            }

            items.Add((scalar.Value, scalar.Start));
        }

        return items;
    }

    /// <summary>Checks a configuration name (gate, target, persona): letters, digits, '_', '-', '.'.</summary>
    public bool CheckName(YamlScalar key, string what)
    {
        var name = key.Value;
        if (name.Length is > 0 and <= 64 && char.IsAsciiLetter(name[0])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            return true;
        }

        Error(key.Start, $"{InputText.Quote(name)} is not a valid {what} name: start with a letter, then letters, digits, '_', '-' or '.' (at most 64)");
        return false;
    }

    public static string Describe(YamlNodeBase node) => node switch
    {
        YamlScalar { IsNull: true } => "nothing (null)",
        YamlScalar scalar => InputText.Quote(scalar.Value),
        _ => node.KindName,
    };

    /// <summary>"; did you mean 'x'?" for a near miss (edit distance at most 2), else empty.</summary>
    public static string Suggest(string value, IReadOnlyList<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = EditDistance(value, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Min(2, Math.Max(1, value.Length / 3)) ? $" (did you mean '{best}'?)" : string.Empty;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
