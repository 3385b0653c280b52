using System.Globalization;
using System.Text.Json;

namespace OdooGateAction.ControlPlane.Trace;

/// <summary>One audit event as the trace needs it (docs/audit-events.md), read from the file or the control plane.</summary>
public sealed record TraceEvent(
    string EventType,
    DateTimeOffset OccurredAt,
    string Repository,
    string Sha,
    int? PullRequest,
    string Target,
    string Gate,
    string Outcome,
    string? Decision,
    string? Actor,
    string? Persona,
    string? Reason,
    string? Code,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Confirmers,
    string? ConfigRef,
    string? ConfigSha,
    long? RunId,
    int? RunAttempt)
{
    public const string Evaluated = "gate.evaluated";

    public bool IsOverride => EventType != Evaluated;

    /// <summary>Reads one event; null with <paramref name="problem"/> when the text is not one of our events.</summary>
    public static TraceEvent? Parse(string json, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var e = document.RootElement;
            if (e.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return null;
            }

            problem = null;
            return new TraceEvent(
                Required(e, "event_type"),
                Time(e, "occurred_at") ?? throw new FormatException("occurred_at is missing"),
                Required(e, "repository"),
                Required(e, "sha"),
                (int?)Number(e, "pull_request"),
                Required(e, "target"),
                Required(e, "gate"),
                Required(e, "outcome"),
                Text(e, "decision"),
                Text(e, "actor"),
                Text(e, "persona"),
                Text(e, "reason"),
                Text(e, "code"),
                Time(e, "expires_at"),
                e.TryGetProperty("confirmers", out var confirmers) && confirmers.ValueKind == JsonValueKind.Array
                    ? [.. confirmers.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)]
                    : [],
                Text(e, "config_ref"),
                Text(e, "config_sha"),
                Number(e, "run_id"),
                (int?)Number(e, "run_attempt"));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            problem = ex is JsonException ? "not JSON" : ex.Message;
            return null;
        }
    }

    private static string Required(JsonElement e, string name) =>
        Text(e, name) is { Length: > 0 } value ? value : throw new FormatException($"{name} is missing or not a string");

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        Text(e, name) is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime()
            : null;
}

/// <summary>An override decided in one evaluation.</summary>
public sealed record TraceOverride(string Gate, bool Honoured, string? Code, string? Actor, string? Persona, string? Reason, DateTimeOffset? Until, IReadOnlyList<string> Confirmers);

/// <summary>One evaluation of the commit for one target (one run attempt): its decision, gates, overrides, policy.</summary>
public sealed record TraceEvaluation(
    DateTimeOffset At,
    string Repository,
    string Target,
    int? PullRequest,
    string? Decision,
    long? RunId,
    int? RunAttempt,
    string? ConfigRef,
    string? ConfigSha,
    IReadOnlyList<KeyValuePair<string, string>> Gates,
    IReadOnlyList<TraceOverride> Overrides);

/// <summary>
/// The timeline of one commit through its targets (merge → staging → production), built from its audit events: every
/// evaluation in time order, with gate outcomes, overrides (who, persona, why, until) and the policy that decided.
/// </summary>
public sealed record ReleaseTrace(string Sha, string? Repository, IReadOnlyList<TraceEvaluation> Evaluations)
{
    /// <summary>The targets in the order the commit first reached them.</summary>
    public IReadOnlyList<string> Targets => [.. Evaluations.Select(e => e.Target).Distinct(StringComparer.Ordinal)];

    /// <summary>The latest evaluation of each target, in <see cref="Targets"/> order.</summary>
    public IReadOnlyList<TraceEvaluation> Latest => [.. Targets.Select(t => Evaluations.Last(e => e.Target == t))];

    /// <summary>Whether <paramref name="sha"/> (a full SHA or a prefix of at least 7) names <paramref name="eventSha"/>.</summary>
    public static bool Matches(string sha, string eventSha) => eventSha.StartsWith(sha, StringComparison.OrdinalIgnoreCase);

    /// <summary>Groups the events of the commit into evaluations; events of other commits or repositories are left out.</summary>
    public static ReleaseTrace Build(string sha, string? repository, IEnumerable<TraceEvent> events)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(events);
        var evaluations = events
            .Where(e => Matches(sha, e.Sha) && (repository is null || string.Equals(e.Repository, repository, StringComparison.OrdinalIgnoreCase)))
            .GroupBy(e => (Repository: e.Repository.ToLowerInvariant(), e.Target, e.RunId, e.RunAttempt, e.OccurredAt))
            .Select(g =>
            {
                var list = g.ToList();
                var first = list[0];
                return new TraceEvaluation(
                    first.OccurredAt,
                    first.Repository,
                    first.Target,
                    list.Select(e => e.PullRequest).FirstOrDefault(p => p is not null),
                    list.Select(e => e.Decision).FirstOrDefault(d => d is not null),
                    first.RunId,
                    first.RunAttempt,
                    first.ConfigRef,
                    first.ConfigSha,
                    [.. list.Where(e => !e.IsOverride).OrderBy(e => e.Gate, StringComparer.Ordinal).Select(e => new KeyValuePair<string, string>(e.Gate, e.Outcome))],
                    [.. list.Where(e => e.IsOverride).OrderBy(e => e.Gate, StringComparer.Ordinal)
                        .Select(e => new TraceOverride(e.Gate, e.Outcome == "honoured", e.Code, e.Actor, e.Persona, e.Reason, e.ExpiresAt, e.Confirmers))]);
            })
            .OrderBy(e => e.At)
            .ThenBy(e => e.RunId)
            .ThenBy(e => e.RunAttempt)
            .ThenBy(e => e.Target, StringComparer.Ordinal)
            .ToList();
        return new ReleaseTrace(sha.ToLowerInvariant(), repository, evaluations);
    }
}
