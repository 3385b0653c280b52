using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OdooGateAction.FakeGitHub;
using OdooGateAction.Testing;

namespace OdooGateAction.Conformance;

/// <summary>
/// Checks what passed through the fake GitHub against GitHub's OpenAPI descriptions: every request (method and path
/// template, path and query parameters with their enums and limits, the <c>Accept</c> media type, the body against the
/// <c>requestBody</c> schema, strict) against each of <see cref="RequestDescriptions"/>, and every answer the fake made
/// itself (not an injected fault) against <see cref="ResponseDescription"/>: a documented status, its media type, its
/// body against the response schema. An error status an operation does not list (401, 403, 404, 422, 5xx: GitHub
/// may answer them anywhere) must be GitHub's <c>basic-error</c> (<c>validation-error</c> for 422).
/// </summary>
public sealed partial class ConformanceChecker
{
    /// <summary>Set to a file path: every check appends one line (description, method, template, operation, part, status, result).</summary>
    public const string LogVariable = "ODOO_GATES_CONFORMANCE_LOG";

    private static readonly Lazy<ConformanceChecker> DefaultChecker =
        new(() => new ConformanceChecker([OpenApiDescription.GitHubCom, OpenApiDescription.Ghes317], OpenApiDescription.GitHubCom));

    private static readonly Lock LogGate = new();

    public ConformanceChecker(IReadOnlyList<OpenApiDescription> requestDescriptions, OpenApiDescription responseDescription)
    {
        RequestDescriptions = requestDescriptions;
        ResponseDescription = responseDescription;
    }

    /// <summary>Requests against github.com and GHES 3.17; the fake's answers against github.com.</summary>
    public static ConformanceChecker Default => DefaultChecker.Value;

    public IReadOnlyList<OpenApiDescription> RequestDescriptions { get; }

    public OpenApiDescription ResponseDescription { get; }

    /// <summary>
    /// The departures of one exchange from the descriptions (empty: it conforms). <paramref name="pathBase"/> is the
    /// API root's path (<c>/api/v3</c> on GHES, empty on github.com).
    /// </summary>
    public IReadOnlyList<string> Check(RecordedRequest exchange, string pathBase = "")
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(pathBase);
        var findings = new List<string>();
        var (path, query) = Split(exchange.PathAndQuery);
        if (pathBase.Length > 0)
        {
            if (!path.StartsWith(pathBase + "/", StringComparison.Ordinal))
            {
                return [$"{exchange.Method} {exchange.PathAndQuery}: not below the API root {pathBase}"];
            }

            path = path[pathBase.Length..];
        }

        // GitHub's own pagination links name the repository by id (/repositories/{id}/...), a form the descriptions do not
        // list: it stands for /repos/{owner}/{repo}/... (the same resource).
        if (RepositoryById().Match(path) is { Success: true } byId)
        {
            path = "/repos/{owner}/{repo}" + byId.Groups[1].Value;
        }

        foreach (var description in RequestDescriptions)
        {
            var operation = FindOperation(description, exchange.Method, path, out var values, out var problem);
            if (operation is null)
            {
                findings.Add($"{exchange.Method} {exchange.PathAndQuery} [{description.File}]: {problem}");
                Log(description, exchange.Method, "-", "-", "request", exchange.Status, findings[^1..]);
                continue;
            }

            var before = findings.Count;
            CheckRequest(operation, exchange, values!, query, findings);
            Log(description, exchange.Method, operation.PathTemplate, operation.OperationId, "request", exchange.Status, findings[before..]);
            if (description == ResponseDescription && exchange.Response is { Injected: false } response)
            {
                before = findings.Count;
                var checkedBody = CheckResponse(operation, exchange, response, findings);
                Log(description, exchange.Method, operation.PathTemplate, operation.OperationId, checkedBody ? "response" : "response-status", response.Status, findings[before..]);
            }
        }

        return findings;
    }

    /// <summary>Checks every exchange; throws with all departures when any departs.</summary>
    public void AssertConforms(IEnumerable<RecordedRequest> exchanges, string pathBase = "")
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var all = exchanges.SelectMany(e => Check(e, pathBase)).Distinct(StringComparer.Ordinal).ToList();
        if (all.Count > 0)
        {
            throw new ConformanceException(
                $"{all.Count} departure(s) from GitHub's OpenAPI description (requests: {string.Join(", ", RequestDescriptions.Select(d => d.Label))}; " +
                $"the fake's answers: {ResponseDescription.Label}):\n  "
                + string.Join("\n  ", all));
        }
    }

    private static OpenApiOperation? FindOperation(OpenApiDescription description, string method, string path, out IReadOnlyDictionary<string, string>? values, out string problem)
    {
        values = null;
        var matches = description.Match(path);
        if (matches.Count == 0)
        {
            problem = "no operation has this path";
            return null;
        }

        foreach (var (operation, pathValues) in matches)
        {
            if (string.Equals(operation.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                values = pathValues;
                problem = string.Empty;
                return operation;
            }
        }

        problem = $"{method} is not an operation of {string.Join(" or ", matches.Select(m => m.Operation.PathTemplate).Distinct())} " +
                  $"(it has {string.Join(", ", matches.Select(m => m.Operation.Method).Distinct())})";
        return null;
    }

    private static void CheckRequest(OpenApiOperation operation, RecordedRequest exchange, IReadOnlyDictionary<string, string> pathValues, string query, List<string> findings)
    {
        var where = $"{exchange.Method} {exchange.PathAndQuery} [{operation.Description.File} {operation.OperationId}]";
        foreach (var (name, value) in pathValues)
        {
            if (operation.Parameters.ContainsKey(("path", name)))
            {
                CheckParameter(operation, "path", name, value, where, findings);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in ParseQuery(query))
        {
            if (!seen.Add(name))
            {
                findings.Add($"{where}: query parameter '{name}' is given twice");
            }

            if (!operation.Parameters.ContainsKey(("query", name)))
            {
                findings.Add($"{where}: query parameter '{name}' is not defined for {operation.OperationId} " +
                             $"(it has: {string.Join(", ", operation.Parameters.Keys.Where(k => k.In == "query").Select(k => k.Name))})");
                continue;
            }

            CheckParameter(operation, "query", name, value, where, findings);
        }

        foreach (var ((location, name), definition) in operation.Parameters)
        {
            if (location == "query" && !seen.Contains(name) && definition.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
            {
                findings.Add($"{where}: required query parameter '{name}' is missing");
            }
        }

        CheckAccept(operation, exchange, where, findings);
        CheckBody(operation, exchange, where, findings);
    }

    private static void CheckParameter(OpenApiOperation operation, string location, string name, string value, string where, List<string> findings)
    {
        if (operation.ParameterSchema(location, name) is not { } parameter)
        {
            return;
        }

        var type = parameter.Node["type"] is JsonValue t && t.TryGetValue<string>(out var typeName) ? typeName : "string";
        JsonNode? instance = type switch
        {
            "integer" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            "boolean" when value is "true" or "false" => value == "true",
            "integer" or "number" or "boolean" => null,
            _ => value,
        };
        if (instance is null)
        {
            findings.Add($"{where}: {location} parameter '{name}' = '{value}' is not a{(type == "integer" ? "n" : string.Empty)} {type}");
            return;
        }

        findings.AddRange(Errors(parameter.Schema, instance).Select(e => $"{where}: {location} parameter '{name}' = '{value}': {e}"));
    }

    private static void CheckAccept(OpenApiOperation operation, RecordedRequest exchange, string where, List<string> findings)
    {
        if (!exchange.Headers.TryGetValue("Accept", out var accept) || accept.Length == 0)
        {
            return;
        }

        var acceptable = operation.AcceptableMediaTypes();
        foreach (var media in accept.Split(',').Select(MediaType).Where(m => m.Length > 0))
        {
            if (!acceptable.Contains(media))
            {
                findings.Add($"{where}: Accept '{media}' is not a media type documented for {operation.OperationId} (documented: {string.Join(", ", acceptable.Order(StringComparer.Ordinal))})");
            }
        }
    }

    private static void CheckBody(OpenApiOperation operation, RecordedRequest exchange, string where, List<string> findings)
    {
        var (defined, required, mediaTypes) = operation.RequestBody();
        if (exchange.Body.Length == 0)
        {
            if (required)
            {
                findings.Add($"{where}: the request body is required");
            }

            return;
        }

        if (!defined)
        {
            findings.Add($"{where}: {operation.OperationId} takes no request body, but one was sent");
            return;
        }

        var media = exchange.Headers.TryGetValue("Content-Type", out var contentType) ? MediaType(contentType) : string.Empty;
        if (!mediaTypes.Contains(media, StringComparer.OrdinalIgnoreCase))
        {
            findings.Add($"{where}: request Content-Type '{media}' is not one of {string.Join(", ", mediaTypes)}");
            return;
        }

        if (operation.RequestBodySchema(mediaTypes.First(m => string.Equals(m, media, StringComparison.OrdinalIgnoreCase))) is not { } schema)
        {
            return;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(exchange.Body);
        }
        catch (JsonException e)
        {
            findings.Add($"{where}: the request body is not JSON: {e.Message}");
            return;
        }

        findings.AddRange(Errors(schema, body).Select(e => $"{where}: request body {e}"));
    }

    /// <returns>Whether a body was checked against a schema (else only the status and the media type).</returns>
    private static bool CheckResponse(OpenApiOperation operation, RecordedRequest exchange, RecordedResponse response, List<string> findings)
    {
        var where = $"{exchange.Method} {exchange.PathAndQuery} -> {response.Status} [{operation.Description.File} {operation.OperationId}]";
        var media = MediaType(response.ContentType);
        var documented = operation.ResponseMediaTypes(response.Status);
        if (response.Status == 304)
        {
            if (response.Body.Length > 0)
            {
                findings.Add($"{where}: a 304 has no body");
            }

            if (!string.Equals(exchange.Method, "GET", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add($"{where}: 304 answers a conditional GET only");
            }

            return false;
        }

        JsonSchema? schema;
        if (documented is null)
        {
            if (response.Status < 400)
            {
                findings.Add($"{where}: status {response.Status} is not documented for {operation.OperationId}");
                return false;
            }

            // An error GitHub may give to any request: its generic error bodies.
            if (!string.Equals(media, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add($"{where}: an error answer is application/json, not '{media}'");
                return false;
            }

            schema = GenericError(operation.Description, response.Status);
        }
        else if (documented.Count == 0)
        {
            if (response.Body.Length == 0)
            {
                return false;
            }

            if (response.Status is 204 or < 400)
            {
                findings.Add($"{where}: {operation.OperationId} documents no body for {response.Status}, but one was sent");
                return false;
            }

            // An error documented without a body (teams' "404 if user has no team membership"): GitHub still sends its
            // generic error body, and the fake must send that one.
            schema = GenericError(operation.Description, response.Status);
        }
        else
        {
            var key = documented.FirstOrDefault(d => string.Equals(d, media, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                // A custom media type the request asked for and the operation's description names (raw file content).
                var requested = exchange.Headers.TryGetValue("Accept", out var accept) ? accept.Split(',').Select(MediaType).ToList() : [];
                var custom = operation.CustomMediaTypes().Select(Family).ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (custom.Contains(Family(media)) && requested.Any(r => string.Equals(Family(r), Family(media), StringComparison.OrdinalIgnoreCase)))
                {
                    return false;
                }

                findings.Add($"{where}: media type '{media}' is not documented for {response.Status} (documented: {string.Join(", ", documented)})");
                return false;
            }

            schema = operation.ResponseSchema(response.Status, key);
            if (schema is null)
            {
                return false;
            }
        }

        JsonNode? body;
        if (IsJson(media))
        {
            try
            {
                body = JsonNode.Parse(response.Body.Span);
            }
            catch (JsonException e)
            {
                findings.Add($"{where}: the body is not JSON: {e.Message}");
                return false;
            }
        }
        else
        {
            body = Encoding.UTF8.GetString(response.Body.Span); // a text media type whose schema is {type: string}
        }

        findings.AddRange(Errors(schema, body).Select(e => $"{where}: response body {e}"));
        return true;
    }

    private static JsonSchema GenericError(OpenApiDescription description, int status) =>
        description.ComponentSchema(status == 422 ? "validation-error" : "basic-error");

    private static IReadOnlyList<string> Errors(JsonSchema schema, JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        return JsonSchemas.Validate(schema, document.RootElement);
    }

    private static (string Path, string Query) Split(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (pathAndQuery, string.Empty) : (pathAndQuery[..q], pathAndQuery[(q + 1)..]);
    }

    private static IEnumerable<(string Name, string Value)> ParseQuery(string query)
    {
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            yield return (Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' ')));
        }
    }

    private static string MediaType(string header) => header.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary><c>application/vnd.github.raw+json</c> and <c>application/vnd.github.raw</c> are one family.</summary>
    private static string Family(string media) => media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ? media[..^"+json".Length] : media;

    private static bool IsJson(string media) => media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal);

    private static void Log(OpenApiDescription description, string method, string template, string operation, string part, int status, List<string> departures)
    {
        if (Environment.GetEnvironmentVariable(LogVariable) is not { Length: > 0 } file)
        {
            return;
        }

        lock (LogGate)
        {
            File.AppendAllText(file, string.Join('\t', description.File, method, template, operation, part, status.ToString(CultureInfo.InvariantCulture), departures.Count == 0 ? "ok" : "departs", string.Join(" | ", departures)) + "\n");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^/repositories/[0-9]+(/.*)$")]
    private static partial System.Text.RegularExpressions.Regex RepositoryById();
}

/// <summary>Traffic of the fake GitHub departs from GitHub's OpenAPI description.</summary>
public sealed class ConformanceException : Exception
{
    public ConformanceException()
    {
    }

    public ConformanceException(string message)
        : base(message)
    {
    }

    public ConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
