using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using OdooGateAction.Testing;

namespace OdooGateAction.Conformance;

/// <summary>
/// One of GitHub's OpenAPI descriptions (OpenAPI 3.0.3, from <c>@octokit/openapi</c>): its operations, matched by method
/// and path, and JSON Schema 2020-12 schemas (JsonSchema.Net) for their parameters, request bodies and responses. A
/// schema is the description's own, copied with every <c>$ref</c> resolved and converted from OpenAPI 3.0 (see
/// <see cref="SchemaConversion"/>); what a client sends is checked strictly (<see cref="SchemaConversion.MakeStrict"/>).
/// Thread-safe: the document is read-only, the schemas are built once under a lock.
/// </summary>
public sealed partial class OpenApiDescription
{
    private static readonly Lazy<OpenApiDescription> GitHubComDescription = new(() => Load(OpenApiPackage.GitHubCom));
    private static readonly Lazy<OpenApiDescription> Ghes317Description = new(() => Load(OpenApiPackage.Ghes317));
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];
    private static int _schemaSequence;

    private readonly JsonDocument _document;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (JsonSchema Schema, JsonNode Node)> _schemas = new(StringComparer.Ordinal);

    private OpenApiDescription(string file, JsonDocument document)
    {
        File = file;
        _document = document;
        var operations = new List<OpenApiOperation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Select(Resolve).ToList() : [];
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                {
                    operations.Add(new OpenApiOperation(this, method.ToUpperInvariant(), path.Name, operation, shared));
                }
            }
        }

        Operations = operations;
    }

    /// <summary>github.com (<c>api.github.com.json</c>).</summary>
    public static OpenApiDescription GitHubCom => GitHubComDescription.Value;

    /// <summary>GitHub Enterprise Server 3.17 (<c>ghes-3.17.json</c>).</summary>
    public static OpenApiDescription Ghes317 => Ghes317Description.Value;

    /// <summary>The file, e.g. <c>api.github.com.json</c>.</summary>
    public string File { get; }

    public string Label => $"{OpenApiPackage.Name} {OpenApiPackage.Version} {File}";

    public IReadOnlyList<OpenApiOperation> Operations { get; }

    public override string ToString() => Label;

    public static OpenApiDescription Load(string file)
    {
        var path = OpenApiPackage.File(file);
        var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 512 });
        return new OpenApiDescription(file, document);
    }

    /// <summary>
    /// The operations whose path template matches <paramref name="path"/> (the path below the API root, still
    /// percent-encoded), most specific first (most literal characters: <c>/commits/{ref}/check-runs</c> before
    /// <c>/commits/{ref}</c>, whose <c>ref</c> may span segments).
    /// </summary>
    public IReadOnlyList<(OpenApiOperation Operation, IReadOnlyDictionary<string, string> PathValues)> Match(string path)
    {
        var matches = new List<(OpenApiOperation, IReadOnlyDictionary<string, string>)>();
        foreach (var operation in Operations)
        {
            if (operation.MatchPath(path) is { } values)
            {
                matches.Add((operation, values));
            }
        }

        return [.. matches.OrderByDescending(m => m.Item1.LiteralLength)];
    }

    /// <summary>A <c>$ref</c>'d object (<c>#/components/...</c>) or the element itself.</summary>
    internal JsonElement Resolve(JsonElement element)
    {
        var seen = 0;
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference) && reference.GetString() is { } pointer)
        {
            element = At(pointer);
            if (++seen > 32)
            {
                throw new InvalidOperationException($"{File}: $ref loop at {pointer}");
            }
        }

        return element;
    }

    /// <summary>
    /// The 2020-12 schema for <paramref name="schema"/>, built once per <paramref name="key"/>: a copy with every
    /// <c>$ref</c> resolved (a recursive one accepts any value), converted from OpenAPI 3.0, strict when
    /// <paramref name="strict"/>. <paramref name="edit"/> runs on the copy before the conversion.
    /// </summary>
    internal (JsonSchema Schema, JsonNode Node) Schema(string key, JsonElement schema, bool strict, Action<JsonObject>? edit = null)
    {
        lock (_gate)
        {
            if (_schemas.TryGetValue(key, out var built))
            {
                return built;
            }

            var node = Inline(schema, []) ?? new JsonObject();
            if (node is JsonObject o)
            {
                edit?.Invoke(o);
            }

            SchemaConversion.ToJsonSchema(node);
            if (strict)
            {
                SchemaConversion.MakeStrict(node);
            }

            var id = new Uri($"https://conformance.invalid/{Path.GetFileNameWithoutExtension(File)}/{Interlocked.Increment(ref _schemaSequence)}");
            using var text = JsonDocument.Parse(node.ToJsonString());
            built = (JsonSchemas.Build(text.RootElement, id), node);
            _schemas[key] = built;
            return built;
        }
    }

    /// <summary>A schema of <c>#/components/schemas</c> (GitHub's <c>basic-error</c>, ...), not strict.</summary>
    internal JsonSchema ComponentSchema(string name) =>
        Schema("components " + name, At("#/components/schemas/" + name), strict: false).Schema;

    private JsonElement At(string pointer)
    {
        if (!pointer.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{File}: only local $refs are expected, not {pointer}");
        }

        var element = _document.RootElement;
        foreach (var token in pointer[2..].Split('/'))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            element = element.ValueKind == JsonValueKind.Array ? element[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] : element.GetProperty(name);
        }

        return element;
    }

    /// <summary>A copy of a schema with its <c>$ref</c>s replaced by their targets; a recursive reference becomes <c>{}</c>.</summary>
    private JsonNode? Inline(JsonElement element, HashSet<string> active)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("$ref", out var reference) && reference.GetString() is { } pointer)
                {
                    if (!active.Add(pointer))
                    {
                        return new JsonObject(); // recursion (a tree of objects): any value below this point
                    }

                    var target = Inline(At(pointer), active);
                    active.Remove(pointer);
                    return target;
                }

                var copy = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is not ("examples" or "example"))
                    {
                        copy[property.Name] = Inline(property.Value, active);
                    }
                }

                return copy;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Inline(item, active));
                }

                return array;
            default:
                return JsonNode.Parse(element.GetRawText());
        }
    }
}

/// <summary>One operation of a description: method, path template, parameters, request body and responses.</summary>
public sealed partial class OpenApiOperation
{
    private readonly OpenApiDescription _description;
    private readonly JsonElement _operation;
    private readonly Regex _path;
    private readonly string[] _pathNames;

    internal OpenApiOperation(OpenApiDescription description, string method, string template, JsonElement operation, IReadOnlyList<JsonElement> shared)
    {
        _description = description;
        _operation = operation;
        Method = method;
        PathTemplate = template;
        OperationId = operation.TryGetProperty("operationId", out var id) ? id.GetString() ?? template : template;
        var parameters = new Dictionary<(string, string), JsonElement>();
        foreach (var parameter in shared.Concat(operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().Select(description.Resolve) : []))
        {
            parameters[(parameter.GetProperty("in").GetString()!, parameter.GetProperty("name").GetString()!)] = parameter;
        }

        Parameters = parameters;
        var names = new List<string>();
        var pattern = "^" + Placeholder().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), match =>
        {
            var name = match.Groups[1].Value;
            names.Add(name);
            var multi = parameters.TryGetValue(("path", name), out var definition)
                && definition.TryGetProperty("x-multi-segment", out var flag) && flag.ValueKind == JsonValueKind.True;
            return multi ? "(.+)" : "([^/]+)";
        }) + "$";
        _path = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _pathNames = [.. names];
        LiteralLength = Placeholder().Replace(template, string.Empty).Length;
        Summary = operation.TryGetProperty("description", out var text) ? text.GetString() ?? string.Empty : string.Empty;
    }

    public string Method { get; }

    public string PathTemplate { get; }

    public string OperationId { get; }

    internal int LiteralLength { get; }

    /// <summary>The operation's description (its prose names the custom media types it supports).</summary>
    internal string Summary { get; }

    internal IReadOnlyDictionary<(string In, string Name), JsonElement> Parameters { get; }

    internal OpenApiDescription Description => _description;

    public override string ToString() => $"{Method} {PathTemplate} ({OperationId})";

    internal IReadOnlyDictionary<string, string>? MatchPath(string path)
    {
        var match = _path.Match(path);
        if (!match.Success)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _pathNames.Length; i++)
        {
            values[_pathNames[i]] = Uri.UnescapeDataString(match.Groups[i + 1].Value);
        }

        return values;
    }

    /// <summary>The schema of a parameter (its description joins the schema's, so prose limits apply), strict.</summary>
    internal (JsonSchema Schema, JsonNode Node)? ParameterSchema(string location, string name)
    {
        if (!Parameters.TryGetValue((location, name), out var parameter) || !parameter.TryGetProperty("schema", out var schema))
        {
            return null;
        }

        var description = parameter.TryGetProperty("description", out var d) ? d.GetString() : null;
        return _description.Schema($"{this} {location}:{name}", schema, strict: true, edit: copy =>
        {
            if (description is not null && !copy.ContainsKey("description"))
            {
                copy["description"] = description;
            }
        });
    }

    /// <summary>Whether a request body is defined, required, and its media types.</summary>
    internal (bool Defined, bool Required, IReadOnlyList<string> MediaTypes) RequestBody()
    {
        if (!_operation.TryGetProperty("requestBody", out var body))
        {
            return (false, false, []);
        }

        body = _description.Resolve(body);
        var required = body.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
        var media = body.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(c => c.Name).ToList() : [];
        return (true, required, media);
    }

    internal JsonSchema? RequestBodySchema(string mediaType)
    {
        if (!_operation.TryGetProperty("requestBody", out var body)
            || !_description.Resolve(body).TryGetProperty("content", out var content)
            || !content.TryGetProperty(mediaType, out var media)
            || !media.TryGetProperty("schema", out var schema))
        {
            return null;
        }

        return _description.Schema($"{this} request {mediaType}", schema, strict: true).Schema;
    }

    /// <summary>The documented response for a status: its media types (empty: no body), or null when the status is not documented.</summary>
    internal IReadOnlyList<string>? ResponseMediaTypes(int status)
    {
        if (!Response(status, out var response))
        {
            return null;
        }

        return response.TryGetProperty("content", out var content) ? [.. content.EnumerateObject().Select(c => c.Name)] : [];
    }

    internal JsonSchema? ResponseSchema(int status, string mediaType)
    {
        if (!Response(status, out var response)
            || !response.TryGetProperty("content", out var content)
            || !content.TryGetProperty(mediaType, out var media)
            || !media.TryGetProperty("schema", out var schema))
        {
            return null;
        }

        return _description.Schema($"{this} {status.ToString(System.Globalization.CultureInfo.InvariantCulture)} {mediaType}", schema, strict: false).Schema;
    }

    /// <summary>The media types of this operation's successful answers, and the custom ones its description names.</summary>
    internal IReadOnlySet<string> AcceptableMediaTypes()
    {
        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "application/json", "application/vnd.github+json", "application/vnd.github.v3+json", "*/*" };
        if (_operation.TryGetProperty("responses", out var responses))
        {
            foreach (var response in responses.EnumerateObject().Where(r => r.Name.StartsWith('2')))
            {
                if (_description.Resolve(response.Value).TryGetProperty("content", out var content))
                {
                    types.UnionWith(content.EnumerateObject().Select(c => c.Name));
                }
            }
        }

        types.UnionWith(CustomMediaTypes());
        return types;
    }

    /// <summary>The custom media types the operation's description names (<c>application/vnd.github.raw+json</c>, ...).</summary>
    internal IEnumerable<string> CustomMediaTypes() => CustomMediaType().Matches(Summary).Select(m => m.Value.TrimEnd('.'));

    private bool Response(int status, out JsonElement response)
    {
        response = default;
        if (!_operation.TryGetProperty("responses", out var responses)
            || !responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var found))
        {
            return false;
        }

        response = _description.Resolve(found);
        return true;
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"application/vnd\.github\.[a-z0-9.+-]+")]
    private static partial Regex CustomMediaType();
}
