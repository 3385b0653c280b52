using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Policy;

namespace OdooGateAction.Runtime;

/// <summary>
/// Builds the <see cref="WorkflowContext"/> from the runner's variables and the event payload
/// (<c>GITHUB_EVENT_PATH</c>), following the contract's table "Which commit and PR, by event". The payload is read
/// with <see cref="JsonDocument"/> only (trim- and AOT-safe). An unsupported event, a missing or malformed payload, or a
/// missing field is an <see cref="InputException"/> (exit 2) that names the variable, file or JSON path.
/// </summary>
public static partial class WorkflowContextReader
{
    public const string DefaultApiUrl = "https://api.github.com";
    public const string DefaultServerUrl = "https://github.com";

    /// <summary>The events the action evaluates (the same as the keys allowed under <c>events:</c> in environments.yaml).</summary>
    public static IReadOnlyList<string> SupportedEvents => Core.Configuration.ConfigSchema.Events;

    public static WorkflowContext Read(IActionEnvironment environment, ActionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(settings);

        var eventName = environment.GetNonEmpty("GITHUB_EVENT_NAME")?.Trim()
            ?? throw new InputException("GITHUB_EVENT_NAME is not set: the action must run inside a GitHub Actions workflow (or set it, with GITHUB_EVENT_PATH, for a local run)");
        if (!SupportedEvents.Contains(eventName, StringComparer.Ordinal))
        {
            throw new InputException($"event {InputText.Quote(eventName)} is not supported; the action runs on: {string.Join(", ", SupportedEvents)}");
        }

        using var document = ReadPayload(environment, eventName);
        var payload = new Payload(document.RootElement, eventName);
        var (owner, repository) = ReadRepository(environment, payload);

        string sha;
        string shaSource;
        var pullRequests = new List<int>();
        string? deploymentEnvironment = null;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var mayLookUp = false;
        IReadOnlyList<string>? payloadLabels = null;
        var policyRefSource = eventName switch
        {
            "pull_request" or "pull_request_target" or "pull_request_review" => "pull_request.base.ref",
            "merge_group" => "merge_group.base_ref",
            _ => "repository.default_branch",
        };
        var policyRef = payload.FindString(policyRefSource);
        if (policyRef is not null && PolicyLocation.RefProblem(policyRef) is { } refProblem)
        {
            throw new InputException($"'{policyRefSource}' in the {eventName} event payload is not a git ref: {refProblem}");
        }

        switch (eventName)
        {
            case "pull_request" or "pull_request_target" or "pull_request_review":
                (sha, shaSource) = (settings.Sha ?? payload.RequireSha("pull_request.head.sha"), "pull_request.head.sha");
                if (settings.PullRequest is null)
                {
                    pullRequests.Add(payload.RequirePositiveInteger("pull_request.number"));
                    if (payload.Find("pull_request.labels") is { ValueKind: JsonValueKind.Array } labels)
                    {
                        payloadLabels = labels.EnumerateArray()
                            .Select(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null)
                            .OfType<string>()
                            .ToArray();
                    }
                }

                break;

            case "merge_group":
                (sha, shaSource) = (settings.Sha ?? payload.RequireSha("merge_group.head_sha"), "merge_group.head_sha");
                if (settings.PullRequest is null)
                {
                    var headRef = payload.RequireString("merge_group.head_ref");
                    pullRequests.AddRange(ParseMergeQueueRef(headRef));
                    if (pullRequests.Count == 0)
                    {
                        throw new InputException($"'merge_group.head_ref' in the merge_group event payload is {InputText.Quote(headRef)}, which names no pull request (expected refs/heads/gh-readonly-queue/<base>/pr-<number>-<sha>); set the 'pull-request' input");
                    }
                }

                break;

            case "workflow_run":
                (sha, shaSource) = (settings.Sha ?? payload.RequireSha("workflow_run.head_sha"), "workflow_run.head_sha");
                if (settings.PullRequest is null)
                {
                    var prs = payload.RequireArray("workflow_run.pull_requests");
                    if (prs.GetArrayLength() > 0)
                    {
                        pullRequests.Add(payload.RequirePositiveInteger("workflow_run.pull_requests[0].number"));
                    }

                    mayLookUp = true;
                }

                break;

            case "deployment":
                (sha, shaSource) = (settings.Sha ?? payload.RequireSha("deployment.sha"), "deployment.sha");
                deploymentEnvironment = payload.RequireString("deployment.environment");
                mayLookUp = settings.PullRequest is null;
                break;

            default: // workflow_dispatch, push
                (sha, shaSource) = (settings.Sha ?? ReadGitHubSha(environment), "GITHUB_SHA");
                if (eventName == "workflow_dispatch")
                {
                    ReadDispatchInputs(payload, inputs);
                }

                break;
        }

        if (settings.Sha is not null)
        {
            shaSource = "input " + ActionSettings.ShaInput;
        }

        if (settings.PullRequest is { } pullRequest)
        {
            pullRequests.Add(pullRequest);
        }

        return new WorkflowContext
        {
            EventName = eventName,
            Owner = owner,
            Repository = repository,
            Sha = sha.ToLowerInvariant(),
            ShaSource = shaSource,
            PullRequests = pullRequests.Distinct().ToArray(),
            LookUpPullRequests = mayLookUp && pullRequests.Count == 0,
            PayloadLabels = payloadLabels,
            PolicyRef = policyRef,
            PolicyRefSource = policyRef is null ? null : policyRefSource,
            Environment = deploymentEnvironment,
            Inputs = inputs,
            ApiUrl = ReadUrl(environment, "GITHUB_API_URL", DefaultApiUrl),
            ServerUrl = ReadUrl(environment, "GITHUB_SERVER_URL", DefaultServerUrl),
            RunId = ReadNumber(environment, "GITHUB_RUN_ID"),
            RunAttempt = (int?)ReadNumber(environment, "GITHUB_RUN_ATTEMPT", int.MaxValue),
        };
    }

    /// <summary>
    /// The PR numbers a merge-queue branch names: the <c>pr-N-</c> parts of its last path segment, in order
    /// (<c>refs/heads/gh-readonly-queue/main/pr-123-&lt;sha&gt;</c> → 123).
    /// </summary>
    public static IReadOnlyList<int> ParseMergeQueueRef(string headRef)
    {
        ArgumentNullException.ThrowIfNull(headRef);
        const string QueuePrefix = "gh-readonly-queue/";
        var queue = headRef.IndexOf(QueuePrefix, StringComparison.Ordinal);
        if (queue < 0)
        {
            return [];
        }

        // The base branch may contain '/' (and even "pr-1-"), the PR part never does: read only the last segment.
        var lastSegment = headRef[(headRef.LastIndexOf('/') + 1)..];
        if (headRef.LastIndexOf('/') < queue + QueuePrefix.Length)
        {
            return []; // no base branch segment: not a queue ref
        }

        var numbers = new List<int>();
        foreach (Match match in PullRequestPart().Matches(lastSegment))
        {
            if (int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 && !numbers.Contains(number))
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }

    [GeneratedRegex(@"(?<=^|-)pr-([0-9]+)(?=-)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PullRequestPart();

    private static JsonDocument ReadPayload(IActionEnvironment environment, string eventName)
    {
        var path = environment.GetNonEmpty("GITHUB_EVENT_PATH")
            ?? throw new InputException($"GITHUB_EVENT_PATH is not set: the {eventName} event payload is needed to know which commit to evaluate");
        byte[] bytes;
        try
        {
            bytes = LocalFiles.ReadBytes(path, "the event payload file", InputLimits.Default.EventPayloadBytes);
        }
        catch (LocalFileException ex)
        {
            throw new InputException($"the event payload file '{path}' (GITHUB_EVENT_PATH) {ex.Problem}", ex);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            var (line, column, _, reason) = InputText.JsonError(ex);
            var where = line is null ? string.Empty : $" at line {line}, column {column}";
            throw new InputException($"the event payload file '{path}' (GITHUB_EVENT_PATH) is not valid JSON{where}: {reason}", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new InputException($"the event payload file '{path}' (GITHUB_EVENT_PATH) is not a JSON object");
        }

        return document;
    }

    private static (string Owner, string Repository) ReadRepository(IActionEnvironment environment, Payload payload)
    {
        var (fullName, source) = environment.GetNonEmpty("GITHUB_REPOSITORY") is { } fromEnvironment
            ? (fromEnvironment.Trim(), "GITHUB_REPOSITORY")
            : (payload.FindString("repository.full_name"), "repository.full_name");
        if (fullName is null)
        {
            throw new InputException("GITHUB_REPOSITORY is not set and the event payload has no 'repository.full_name'");
        }

        if (!GitHubNames.IsRepository(fullName))
        {
            throw new InputException($"{source} is {InputText.Quote(fullName)}; expected owner/repository (letters, digits, '-', '_', '.')");
        }

        var parts = fullName.Split('/');
        return (parts[0], parts[1]);
    }

    private static string ReadGitHubSha(IActionEnvironment environment)
    {
        var sha = environment.GetNonEmpty("GITHUB_SHA")?.Trim()
            ?? throw new InputException($"GITHUB_SHA is not set; set the '{ActionSettings.ShaInput}' input to the commit to evaluate");
        return CommitSha.IsValid(sha)
            ? sha
            : throw new InputException($"GITHUB_SHA is {InputText.Quote(sha)}, which is not a full commit SHA of 40 hexadecimal characters");
    }

    private static void ReadDispatchInputs(Payload payload, Dictionary<string, string> inputs)
    {
        if (payload.Find("inputs") is not { } element)
        {
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw payload.WrongType("inputs", element, "an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => property.Value.GetRawText(),
            };
            if (value is not null)
            {
                inputs[property.Name] = value;
            }
        }
    }

    private static Uri ReadUrl(IActionEnvironment environment, string variable, string defaultValue) =>
        ParseBaseUrl(environment.GetNonEmpty(variable)?.Trim() ?? defaultValue, variable);

    /// <summary>
    /// A base URL (<c>GITHUB_API_URL</c>, <c>GITHUB_SERVER_URL</c>): absolute http(s), no credentials, query or fragment
    /// (the path of every request is appended to it; a token goes in its own header). Refused before any request, and
    /// a URL with credentials is never repeated in the message.
    /// </summary>
    public static Uri ParseBaseUrl(string text, string variable)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InputException(text.Contains('@', StringComparison.Ordinal)
                ? $"{variable} is not an http(s) URL (not shown: it may hold credentials)"
                : $"{variable} is {InputText.Quote(text)}, which is not an http(s) URL");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new InputException($"{variable} holds credentials (user:password@host); remove them: the token is passed in its own input, never in the URL (not shown)");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            throw new InputException($"{variable} is '{uri.GetLeftPart(UriPartial.Path)}' with a query or fragment; give the base URL only (https://api.github.com, or https://HOST/api/v3 on GHES)");
        }

        // A trailing slash, so relative paths append to it (https://HOST/api/v3/ + repos/...).
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static long? ReadNumber(IActionEnvironment environment, string variable, long max = long.MaxValue)
    {
        var text = environment.GetNonEmpty(variable)?.Trim();
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= max
            ? number
            : throw new InputException($"{variable} is {InputText.Quote(text)}, which is not a whole number");
    }

    /// <summary>Reads dotted paths (<c>pull_request.head.sha</c>, <c>workflow_run.pull_requests[0].number</c>) with messages that name them.</summary>
    private readonly struct Payload(JsonElement root, string eventName)
    {
        public JsonElement? Find(string path)
        {
            var current = root;
            foreach (var segment in path.Split('.'))
            {
                var name = segment;
                int? index = null;
                var bracket = segment.IndexOf('[', StringComparison.Ordinal);
                if (bracket >= 0)
                {
                    name = segment[..bracket];
                    index = int.Parse(segment.AsSpan(bracket + 1, segment.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture);
                }

                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }

                if (index is { } i)
                {
                    if (current.ValueKind != JsonValueKind.Array || i >= current.GetArrayLength())
                    {
                        return null;
                    }

                    current = current[i];
                }
            }

            return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
        }

        public string? FindString(string path) =>
            Find(path) is { ValueKind: JsonValueKind.String } element && element.GetString() is { Length: > 0 } text ? text : null;

        public JsonElement Require(string path) =>
            Find(path) ?? throw new InputException($"the {eventName} event payload has no '{path}'");

        public string RequireString(string path)
        {
            var element = Require(path);
            if (element.ValueKind != JsonValueKind.String)
            {
                throw WrongType(path, element, "a string");
            }

            var text = element.GetString()!.Trim();
            return text.Length > 0 ? text : throw new InputException($"'{path}' in the {eventName} event payload is empty");
        }

        public string RequireSha(string path)
        {
            var text = RequireString(path);
            return CommitSha.IsValid(text)
                ? text
                : throw new InputException($"'{path}' in the {eventName} event payload is {InputText.Quote(text)}, which is not a full commit SHA of 40 hexadecimal characters");
        }

        public int RequirePositiveInteger(string path)
        {
            var element = Require(path);
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) && number > 0
                ? number
                : throw WrongType(path, element, "a whole number above zero");
        }

        public JsonElement RequireArray(string path)
        {
            var element = Require(path);
            return element.ValueKind == JsonValueKind.Array ? element : throw WrongType(path, element, "an array");
        }

        public InputException WrongType(string path, JsonElement element, string expected)
        {
            return new InputException($"'{path}' in the {eventName} event payload is {InputText.Excerpt(element.GetRawText())}; expected {expected}");
        }
    }
}
