using System.Text.Json;
using OdooGateAction.Core;
using OdooGateAction.Core.Evidence;

namespace OdooGateAction.GitHub;

/// <summary>A snapshot as read: the evidence, GitHub's override answers, and the times it recorded.</summary>
public sealed record SnapshotContent(EvidenceSnapshot Evidence, OverrideAnswers Overrides)
{
    /// <summary><c>captured_at</c>: when the evidence was collected.</summary>
    public DateTimeOffset? CapturedAt { get; init; }

    /// <summary><c>evaluated_at</c>: when the recorded decision was taken.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }

    /// <summary>
    /// The time a replay decides at: <see cref="EvaluatedAt"/>, else <see cref="CapturedAt"/>; null when the snapshot
    /// records neither (the clock's time then). So a snapshot gives the same answer on any day.
    /// </summary>
    public DateTimeOffset? EvaluationTime => EvaluatedAt ?? CapturedAt;
}

/// <summary>Reads a snapshot file strictly: invalid JSON and missing fields name the file, line or field.</summary>
public static class SnapshotReader
{
    public const int SupportedVersion = 1;

    public static SnapshotContent ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: snapshot file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static SnapshotContent Parse(string json, string displayPath)
    {
        SnapshotDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, GitHubJsonContext.Default.SnapshotDocument);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is long line ? $":{line + 1}:{(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" (at {ex.Path})";
            throw new InputException($"{displayPath}{where}: not a valid snapshot{field}: {FirstSentence(ex.Message)}", ex);
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

        if (errors.Count > 0)
        {
            throw new InputException($"{displayPath}: not a valid snapshot:\n  - {string.Join("\n  - ", errors)}");
        }

        var evidence = new EvidenceSnapshot(document.Sha!, runs, statuses)
        {
            Repository = document.Repository,
            PullRequest = pullRequest,
        };
        return new SnapshotContent(evidence, overrides) { CapturedAt = document.CapturedAt, EvaluatedAt = document.EvaluatedAt };
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
