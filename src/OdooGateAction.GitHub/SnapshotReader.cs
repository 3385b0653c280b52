using System.Text;
using System.Text.Json;
using OdooGateAction.Core;
using OdooGateAction.Core.Evidence;

namespace OdooGateAction.GitHub;

/// <summary>A snapshot as read: the evidence, GitHub's override answers, and the times it recorded.</summary>
public sealed record SnapshotContent(EvidenceSnapshot Evidence, OverrideAnswers Overrides)
{
    /// <summary><c>reviews</c>: GitHub's answers for the review rules (empty in a snapshot without them).</summary>
    public ReviewAnswers Reviews { get; init; } = ReviewAnswers.Empty;

    /// <summary><c>captured_at</c>: when the evidence was collected.</summary>
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary><c>evaluated_at</c>: when the recorded decision was taken.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }

    /// <summary>
    /// The time a replay decides at: <see cref="EvaluatedAt"/>, else <see cref="CapturedAt"/>; null when the snapshot
    /// records neither (the clock's time then). So a snapshot gives the same answer on any day.
    /// </summary>
    public DateTimeOffset? EvaluationTime => EvaluatedAt ?? CapturedAt;

    /// <summary>The evidence with its reviews resolved under <paramref name="configuration"/> (reviewers' personas).</summary>
    public EvidenceSnapshot EvidenceUnder(Core.Configuration.GateConfiguration configuration) =>
        Reviews.PullRequests.Count == 0 ? Evidence : Evidence with { Reviews = Reviews.Resolve(configuration) };
}

/// <summary>
/// Reads a snapshot strictly: invalid JSON, a key given twice in one object, a NUL character, and missing fields
/// name the file, the 1-based line or the field. (The file itself is read by the app, bounded.)
/// </summary>
public static class SnapshotReader
{
    public const int SupportedVersion = 1;

    public static SnapshotContent Parse(string json, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (InputText.FindNul(json) is { } nul)
        {
            throw new InputException($"{displayPath}:{nul.Line}:{nul.Column}: not a valid snapshot: it holds a NUL character, so it is not JSON text");
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        SnapshotDocument? document;
        try
        {
            RefuseDuplicateKeys(utf8, displayPath);
            document = JsonSerializer.Deserialize(utf8, GitHubJsonContext.Default.SnapshotDocument);
        }
        catch (JsonException ex)
        {
            var (line, column, field, reason) = InputText.JsonError(ex);
            var where = line is null ? string.Empty : $":{line}:{column}";
            var at = field is null ? string.Empty : $" (at {field})";
            throw new InputException($"{displayPath}{where}: not a valid snapshot{at}: {reason}", ex);
        }

        if (document is null)
        {
            throw new InputException($"{displayPath}: the snapshot is empty (null); it is a JSON object, see docs/snapshot.md");
        }

        var errors = new List<string>();
        if (document.SchemaVersion is not SupportedVersion)
        {
            errors.Add($"schema_version must be {SupportedVersion}, got {document.SchemaVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
        }

        if (string.IsNullOrWhiteSpace(document.Sha))
        {
            errors.Add("sha is required (the commit the evidence belongs to)");
        }

        var runs = GitHubMapper.ToCheckRuns(document.CheckRuns ?? [], "check_runs", errors);
        var statuses = GitHubMapper.ToStatuses(document.Statuses ?? [], "statuses", errors);
        PullRequestInfo? pullRequest = null;
        if (document.PullRequest is not null)
        {
            pullRequest = GitHubMapper.ToPullRequest(document.PullRequest, "pull_request", errors);
        }

        var overrides = GitHubMapper.ToOverrideAnswers(document.Overrides, "overrides", errors);
        var reviews = GitHubMapper.ToReviewAnswers(document.Reviews, "reviews", errors);

        if (errors.Count > 0)
        {
            throw new InputException($"{displayPath}: not a valid snapshot:\n  - {string.Join("\n  - ", errors)}");
        }

        var evidence = new EvidenceSnapshot(document.Sha!, runs, statuses)
        {
            Repository = document.Repository,
            PullRequest = pullRequest,
        };
        return new SnapshotContent(evidence, overrides) { CapturedAt = document.CapturedAt, EvaluatedAt = document.EvaluatedAt, Reviews = reviews };
    }

    /// <summary>
    /// Refuses a key written twice in one object (<c>"check_runs"</c> twice: a JSON reader would silently keep the
    /// last), naming the key and its 1-based line.
    /// </summary>
    private static void RefuseDuplicateKeys(byte[] utf8, string displayPath)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var keys = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    keys.Push(new HashSet<string>(StringComparer.Ordinal));
                    break;
                case JsonTokenType.StartArray:
                    keys.Push(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    keys.Pop();
                    break;
                case JsonTokenType.PropertyName when keys.Peek() is { } seen && !seen.Add(reader.GetString()!):
                    var offset = (int)reader.TokenStartIndex;
                    var line = utf8.AsSpan(0, offset).Count((byte)'\n') + 1;
                    throw new InputException($"{displayPath}:{line}: not a valid snapshot: the key {InputText.Quote(reader.GetString()!)} is given twice in one object; keep one");
            }
        }
    }
}
