using OdooGateAction.Core.Evidence;

namespace OdooGateAction.Core.Evaluation;

/// <summary>
/// The latest CI results of a commit, indexed by name: the latest check run per (app, name) and the latest commit
/// status per context, each by its id — GitHub assigns ids in creation order, while <c>started_at</c> is whatever the
/// run's creator says (a success dated 2099 must not outrank a later failing re-run), and the list order is GitHub's
/// (or a proxy's) to choose. A result listed more than once under one id with different contents (name, app, status,
/// conclusion; context, state, creator) is contradictory: it is kept with its variants, and the evaluator fails it
/// closed whatever the order. The evaluator's own check runs are left out.
/// </summary>
internal sealed class EvidenceIndex
{
    private readonly Dictionary<string, List<CheckRunResult>> _runsByName;
    private readonly Dictionary<string, CommitStatusResult> _statusByContext;
    private readonly Dictionary<long, IReadOnlyList<CheckRunResult>> _contradictoryRuns;
    private readonly Dictionary<long, IReadOnlyList<CommitStatusResult>> _contradictoryStatuses;

    private EvidenceIndex(
        Dictionary<string, List<CheckRunResult>> runsByName,
        Dictionary<string, CommitStatusResult> statusByContext,
        Dictionary<long, IReadOnlyList<CheckRunResult>> contradictoryRuns,
        Dictionary<long, IReadOnlyList<CommitStatusResult>> contradictoryStatuses)
    {
        _runsByName = runsByName;
        _statusByContext = statusByContext;
        _contradictoryRuns = contradictoryRuns;
        _contradictoryStatuses = contradictoryStatuses;
    }

    public IEnumerable<string> CheckRunNames => _runsByName.Keys;

    public IEnumerable<string> StatusContexts => _statusByContext.Keys;

    /// <summary>The reviews of each pull request evaluated; empty when there is none.</summary>
    public IReadOnlyList<PullRequestReviews> Reviews { get; private init; } = [];

    public static EvidenceIndex Build(EvidenceSnapshot evidence, string ownPrefix)
    {
        var runs = evidence.CheckRuns.Where(r => !r.Name.StartsWith(ownPrefix, StringComparison.Ordinal)).ToList();
        var latestRuns = new Dictionary<(string? App, string Name), CheckRunResult>();
        foreach (var run in runs)
        {
            var key = (run.App, run.Name);
            if (!latestRuns.TryGetValue(key, out var current) || run.Id > current.Id)
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
            if (!statuses.TryGetValue(status.Context, out var current) || status.Id > current.Id)
            {
                statuses[status.Context] = status;
            }
        }

        return new EvidenceIndex(
            runsByName,
            statuses,
            Contradictions(runs, r => r.Id, r => (r.Name, r.App, r.Status, r.Conclusion)),
            Contradictions(evidence.Statuses, s => s.Id, s => (s.Context, s.State, s.Creator)))
        {
            Reviews = evidence.Reviews,
        };
    }

    public IReadOnlyList<CheckRunResult> RunsNamed(string name) =>
        _runsByName.TryGetValue(name, out var list) ? list : [];

    public CommitStatusResult? StatusFor(string context) =>
        _statusByContext.TryGetValue(context, out var status) ? status : null;

    /// <summary>The different versions of a check run listed under its id, when they contradict each other; otherwise null.</summary>
    public IReadOnlyList<CheckRunResult>? Contradicting(CheckRunResult run) => _contradictoryRuns.GetValueOrDefault(run.Id);

    /// <summary>The different versions of a commit status listed under its id, when they contradict each other; otherwise null.</summary>
    public IReadOnlyList<CommitStatusResult>? Contradicting(CommitStatusResult status) => _contradictoryStatuses.GetValueOrDefault(status.Id);

    /// <summary>The ids listed with more than one version of what the rules read, with one result per version (in list order).</summary>
    private static Dictionary<long, IReadOnlyList<T>> Contradictions<T, TKey>(IEnumerable<T> results, Func<T, long> id, Func<T, TKey> contents) =>
        results
            .GroupBy(id)
            .Select(g => g.DistinctBy(contents).ToList())
            .Where(versions => versions.Count > 1)
            .ToDictionary(versions => id(versions[0]), versions => (IReadOnlyList<T>)versions);
}
