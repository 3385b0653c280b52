namespace OdooGateAction.Core.Configuration;

/// <summary>Where each field (and list item, as <c>field[i]</c>) of a configuration element was written.</summary>
public sealed class FieldPositions
{
    private readonly Dictionary<string, SourceLocation> _positions = new(StringComparer.Ordinal);

    public void Add(string field, SourceLocation location) => _positions[field] = location;

    public void Add(string field, int index, SourceLocation location) => _positions[$"{field}[{index}]"] = location;

    public SourceLocation? Get(string field, int index = -1)
    {
        if (index >= 0 && _positions.TryGetValue($"{field}[{index}]", out var item))
        {
            return item;
        }

        return _positions.TryGetValue(field, out var location) ? location : null;
    }
}

/// <summary>A configuration element that knows where it was written.</summary>
public interface ILocatedElement
{
    SourceLocation Location { get; }

    FieldPositions? Positions { get; }
}

public static class LocatedElementExtensions
{
    /// <summary>The position of a field or list item, falling back to the element itself.</summary>
    public static SourceLocation At(this ILocatedElement element, string field, int index = -1)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Positions?.Get(field, index) ?? element.Location;
    }
}
