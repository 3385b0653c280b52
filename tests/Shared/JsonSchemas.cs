using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace OdooGateAction.Testing;

/// <summary>
/// Full JSON Schema 2020-12 validation with JsonSchema.Net: the documented schemas (<c>docs/*.schema.json</c>,
/// <c>gates/schema/*.json</c>) and, in the conformance checks, GitHub's OpenAPI description. Every keyword counts
/// (<c>$ref</c>, <c>allOf</c>/<c>oneOf</c>, <c>pattern</c>, <c>propertyNames</c>, <c>format</c> asserted, ...). A
/// departure reads <c>at '/pointer' (keyword at /evaluation/path): message [value: ...]</c>.
/// </summary>
internal static class JsonSchemas
{
    /// <summary>Formats are asserted (a <c>date-time</c> must be one), errors come as a tree to report only the failing branches.</summary>
    public static EvaluationOptions Options { get; } = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    /// <summary>A schema file, built as 2020-12 in its own registry (its <c>$id</c> is its base URI).</summary>
    public static JsonSchema Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return Build(document.RootElement, new Uri(Path.GetFullPath(path)));
    }

    /// <summary>A schema from a JSON element, built as 2020-12 in its own registry.</summary>
    public static JsonSchema Build(JsonElement schema, Uri baseUri) =>
        JsonSchema.Build(schema.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 }, baseUri);

    /// <summary>The departures of <paramref name="instance"/> from <paramref name="schema"/> (empty: it conforms).</summary>
    public static IReadOnlyList<string> Validate(JsonSchema schema, JsonElement instance)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var results = schema.Evaluate(instance, Options);
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        Collect(results, instance, errors);
        return errors.Count > 0 ? errors : ["does not match its schema"];
    }

    /// <summary>Where a schema file is not itself a valid 2020-12 schema (against the 2020-12 meta-schema).</summary>
    public static IReadOnlyList<string> MetaSchemaErrors(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return Validate(MetaSchemas.Draft202012, document.RootElement);
    }

    /// <summary>The errors of the failing nodes only: a branch of an <c>anyOf</c> that passed as a whole says nothing.</summary>
    private static void Collect(EvaluationResults node, JsonElement instance, List<string> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            var at = node.InstanceLocation.ToString();
            var path = node.EvaluationPath.ToString();
            // A false schema (additionalProperties: false) reports no keyword: name the one it stands under.
            var named = keyword.Length > 0 ? keyword : path[(path.LastIndexOf('/') + 1)..];
            var text = keyword.Length == 0 && named is "unevaluatedProperties" or "additionalProperties" ? "a property the schema does not define" : message;
            errors.Add($"at '{(at.Length == 0 ? "/" : at)}' ({named} at {(path.Length == 0 ? "/" : path)}): {text} [value: {Excerpt(instance, at)}]");
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, instance, errors);
        }
    }

    private static string Excerpt(JsonElement root, string pointer)
    {
        var element = root;
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var property))
            {
                element = property;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(name, CultureInfo.InvariantCulture, out var i) && i < element.GetArrayLength())
            {
                element = element[i];
            }
            else
            {
                return "(none)";
            }
        }

        var text = element.GetRawText();
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
