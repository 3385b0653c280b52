using OdooGateAction.Core.Evidence;

namespace OdooGateAction.Core.Evaluation;

/// <summary>
/// The latest CI results of a commit, indexed by name: the latest check run per (app, name) by
/// <c>started_at</c> then id (a re-run replaces the earlier run, whatever the list order), the latest
/// commit status per context by <c>created_at</c> then id. The evaluator's own check runs are left out.
/// </summary>
internal sealed class EvidenceIndex
{
    private readonly Dictionary<string, List<CheckRunResult>> _runsByName;
    private readonly Dictionary<string, CommitStatusResult> _statusByContext;

    private EvidenceIndex(Dictionary<string, List<CheckRunResult>> runsByName, Dictionary<string, CommitStatusResult> statusByContext)
    {
        _runsByName = runsByName;
        _statusByContext = statusByContext;
    }

    public IEnumerable<string> CheckRunNames => _runsByName.Keys;

    public IEnumerable<string> StatusContexts => _statusByContext.Keys;

    public static EvidenceIndex Build(EvidenceSnapshot evidence, string ownPrefix)
    {
        var latestRuns = new Dictionary<(string? App, string Name), CheckRunResult>();
        foreach (var run in evidence.CheckRuns)
        {
            if (run.Name.StartsWith(ownPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = (run.App, run.Name);
            if (!latestRuns.TryGetValue(key, out var current) || IsLater(run, current))
            {
                latestRuns[key] = run;
            }
        }

        var runsByName = new Dictionary<string, List<CheckRunResult>>(StringComparer.Ordinal);
        foreach (var run in latestRuns.Values.OrderBy(r => r.Id))
        {
            if (!runsByName.TryGetValue(run.Name, out var list))
            {
                runsByName[run.Name] = list = [];
            }

            list.Add(run);
        }

        var statuses = new Dictionary<string, CommitStatusResult>(StringComparer.Ordinal);
        foreach (var status in evidence.Statuses)
        {
            if (!statuses.TryGetValue(status.Context, out var current)
                || status.CreatedAt > current.CreatedAt
                || (status.CreatedAt == current.CreatedAt && status.Id > current.Id))
            {
                statuses[status.Context] = status;
            }
        }

        return new EvidenceIndex(runsByName, statuses);
    }

    public IReadOnlyList<CheckRunResult> RunsNamed(string name) =>
        _runsByName.TryGetValue(name, out var list) ? list : [];

    public CommitStatusResult? StatusFor(string context) =>
        _statusByContext.TryGetValue(context, out var status) ? status : null;

    /// <summary>A run not yet started (no <c>started_at</c>) was queued last, so it counts as the latest.</summary>
    private static bool IsLater(CheckRunResult candidate, CheckRunResult current)
    {
        var a = candidate.StartedAt ?? DateTimeOffset.MaxValue;
        var b = current.StartedAt ?? DateTimeOffset.MaxValue;
        return a != b ? a > b : candidate.Id > current.Id;
    }
}
