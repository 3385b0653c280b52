using System.Text.Json;

namespace OdooGateAction.FakeGitHub.Tests;

/// <summary>The field paths of a JSON value (arrays by their first item), to compare a response with GitHub's example.</summary>
internal static class GitHubFields
{
    public static SortedSet<string> Of(string fixture, int depth = int.MaxValue)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture)));
        return Of(doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement, depth);
    }

    public static SortedSet<string> Of(JsonElement element, int depth = int.MaxValue)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Walk(element, string.Empty, depth, paths);
        return paths;
    }

    private static void Walk(JsonElement element, string path, int depth, SortedSet<string> paths)
    {
        if (depth == 0)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var child = path + "." + property.Name;
                paths.Add(child);
                Walk(property.Value, child, depth - 1, paths);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0)
        {
            Walk(element[0], path + "[]", depth, paths);
        }
    }
}
