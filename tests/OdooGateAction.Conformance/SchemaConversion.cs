using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OdooGateAction.Conformance;

/// <summary>
/// Turns the OpenAPI 3.0 schema objects of GitHub's description into JSON Schema 2020-12, and makes the schemas of
/// what a client sends strict: what the description says in prose becomes a keyword there.
/// </summary>
internal static partial class SchemaConversion
{
    /// <summary>The form GitHub documents for every timestamp it takes: <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public const string DocumentedTimestamp = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";

    private static readonly string[] SubschemaMaps = ["properties", "patternProperties"];
    private static readonly string[] Subschemas = ["items", "additionalProperties", "not"];
    private static readonly string[] Compositions = ["allOf", "anyOf", "oneOf"];

    /// <summary>Keywords that only describe; they stay beside a <c>nullable</c> wrapper instead of moving into it.</summary>
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "title", "description", "example", "examples", "readOnly", "writeOnly", "deprecated", "externalDocs", "xml",
    };

    /// <summary>
    /// OpenAPI 3.0 to 2020-12, in place: <c>nullable: true</c> adds <c>"null"</c> to <c>type</c> (and to <c>enum</c>), or
    /// wraps an untyped schema (<c>allOf</c>/<c>oneOf</c>/<c>$ref</c>) in <c>anyOf: [schema, {type: null}]</c>; boolean
    /// <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c> become numbers; <c>example</c> goes. <c>$ref</c>s are kept
    /// (they point into the same document).
    /// </summary>
    public static void ToJsonSchema(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        foreach (var child in Children(schema))
        {
            ToJsonSchema(child);
        }

        schema.Remove("example");
        Exclusive(schema, "exclusiveMinimum", "minimum");
        Exclusive(schema, "exclusiveMaximum", "maximum");
        if (schema["nullable"] is not JsonValue nullable)
        {
            return;
        }

        schema.Remove("nullable");
        if (!nullable.TryGetValue<bool>(out var isNullable) || !isNullable)
        {
            return;
        }

        if (schema["type"] is JsonValue type && type.TryGetValue<string>(out var name))
        {
            schema["type"] = new JsonArray(name, "null");
            if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }

            return;
        }

        var constraints = schema.Where(p => !Annotations.Contains(p.Key)).Select(p => p.Key).ToList();
        if (constraints.Count == 0)
        {
            return; // {nullable: true} alone: any value
        }

        var inner = new JsonObject();
        foreach (var key in constraints)
        {
            var value = schema[key];
            schema.Remove(key);
            inner[key] = value;
        }

        schema["anyOf"] = new JsonArray(inner, new JsonObject { ["type"] = "null" });
    }

    /// <summary>
    /// A schema for what a client sends, in place (the schema is a copy with no <c>$ref</c> left): every object that
    /// lists its properties refuses others (<c>unevaluatedProperties: false</c>, so <c>allOf</c>/<c>anyOf</c> branches
    /// still count), a <c>date-time</c> whose description names <c>YYYY-MM-DDTHH:MM:SSZ</c> must have that form, and a
    /// description's "(max N)" becomes <c>maximum</c>.
    /// </summary>
    public static void MakeStrict(JsonNode? node) => Strict(node, closes: true);

    private static void Strict(JsonNode? node, bool closes)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        var description = schema["description"] is JsonValue d && d.TryGetValue<string>(out var text) ? text : string.Empty;
        if (Format(schema) == "date-time" && description.Contains("YYYY-MM-DDTHH:MM:SSZ", StringComparison.Ordinal) && !schema.ContainsKey("pattern"))
        {
            schema["pattern"] = DocumentedTimestamp;
        }

        if (!schema.ContainsKey("maximum") && MaxInProse().Match(description) is { Success: true } max)
        {
            schema["maximum"] = long.Parse(max.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (!closes && schema["additionalProperties"] is JsonValue open && open.TryGetValue<bool>(out var isOpen) && isOpen)
        {
            // A branch's "additionalProperties: true" restricts nothing, but in 2020-12 it would mark every property as
            // evaluated and so defeat the enclosing schema's unevaluatedProperties (checks/update has two such branches).
            schema.Remove("additionalProperties");
        }

        if (closes && ListsProperties(schema) && !OpensProperties(schema))
        {
            schema["unevaluatedProperties"] = false;
        }

        foreach (var map in SubschemaMaps)
        {
            if (schema[map] is JsonObject properties)
            {
                foreach (var (_, value) in properties)
                {
                    Strict(value, closes: true);
                }
            }
        }

        foreach (var key in Subschemas)
        {
            Strict(schema[key], closes: true);
        }

        foreach (var key in Compositions)
        {
            if (schema[key] is JsonArray branches)
            {
                foreach (var branch in branches)
                {
                    Strict(branch, closes: false); // the enclosing schema closes over what its branches evaluate
                }
            }
        }
    }

    /// <summary>The subschemas of a schema object (not of <c>$ref</c> targets).</summary>
    public static IEnumerable<JsonNode?> Children(JsonObject schema)
    {
        foreach (var map in SubschemaMaps)
        {
            if (schema[map] is JsonObject properties)
            {
                foreach (var (_, value) in properties)
                {
                    yield return value;
                }
            }
        }

        foreach (var key in Subschemas)
        {
            if (schema[key] is JsonObject child)
            {
                yield return child;
            }
        }

        foreach (var key in Compositions)
        {
            if (schema[key] is JsonArray branches)
            {
                foreach (var branch in branches)
                {
                    yield return branch;
                }
            }
        }
    }

    private static string? Format(JsonObject schema) => schema["format"] is JsonValue f && f.TryGetValue<string>(out var format) ? format : null;

    private static bool ListsProperties(JsonObject schema) =>
        schema.ContainsKey("properties")
        || Compositions.Any(key => schema[key] is JsonArray branches && branches.OfType<JsonObject>().Any(ListsProperties));

    private static bool OpensProperties(JsonObject schema) =>
        schema.ContainsKey("additionalProperties") || schema.ContainsKey("patternProperties") || schema.ContainsKey("unevaluatedProperties")
        || Compositions.Any(key => schema[key] is JsonArray branches && branches.OfType<JsonObject>().Any(OpensInBranch));

    /// <summary>A branch opens its enclosing schema only with a schema for other properties ("additionalProperties: true" is the default).</summary>
    private static bool OpensInBranch(JsonObject branch) =>
        (branch["additionalProperties"] is { } additional && !(additional is JsonValue v && v.TryGetValue<bool>(out var b) && b))
        || branch.ContainsKey("patternProperties") || branch.ContainsKey("unevaluatedProperties")
        || Compositions.Any(key => branch[key] is JsonArray branches && branches.OfType<JsonObject>().Any(OpensInBranch));

    private static void Exclusive(JsonObject schema, string exclusive, string bound)
    {
        if (schema[exclusive] is JsonValue flag && flag.TryGetValue<bool>(out var isExclusive))
        {
            schema.Remove(exclusive);
            if (isExclusive && schema[bound] is { } limit)
            {
                schema.Remove(bound);
                schema[exclusive] = limit;
            }
        }
    }

    [GeneratedRegex(@"\(max ([0-9]+)\)")]
    private static partial Regex MaxInProse();
}
