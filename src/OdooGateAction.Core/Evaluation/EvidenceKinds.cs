using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evidence;

namespace OdooGateAction.Core.Evaluation;

/// <summary>
/// One kind of evidence a mapped check reads (check runs, commit statuses, ...): its configuration key, what it is
/// called in messages, and how a mapped check of that kind is evaluated against the indexed evidence. The evaluator
/// asks <see cref="For"/> and knows no kind by name, so a new kind lands here, in the index and in the loader's key table.
/// </summary>
internal abstract class EvidenceKind
{
    private static readonly EvidenceKind[] Kinds = [new CheckRunKind(), new StatusKind(), new ReviewKind()];

    /// <summary>The key it is written with in ci_gate_mapping.yaml (<see cref="MappedCheck.Kind"/>).</summary>
    public abstract EvidenceSource Source { get; }

    public static EvidenceKind For(EvidenceSource source) => Array.Find(Kinds, k => k.Source == source)
        ?? throw new ArgumentOutOfRangeException(nameof(source), source, "no evidence kind");

    /// <summary>The mapped check's outcome, reason and matches.</summary>
    public abstract CheckReport Evaluate(MappedCheck check, EvidenceIndex index);
}

/// <summary>
/// The CI results (check runs, commit statuses): matched by name (exact or glob), each classified, optionally pinned to
/// an app, then aggregated — every match must pass and at least <see cref="MappedCheck.Min"/> must match.
/// </summary>
internal abstract class CiResultKind : EvidenceKind
{
    /// <summary>What a result is called in messages: "check run", "commit status".</summary>
    protected abstract string What { get; }

    /// <summary>Every result whose name matches, classified, and whether it comes from the pinned app (if any).</summary>
    protected abstract IEnumerable<(MatchedResult Result, string? Reason, bool FromApp)> Match(MappedCheck check, EvidenceIndex index);

    public override CheckReport Evaluate(MappedCheck check, EvidenceIndex index)
    {
        var matches = new List<(MatchedResult Result, string? Reason)>();
        var ignored = new List<MatchedResult>();
        foreach (var (result, reason, fromApp) in Match(check, index))
        {
            if (fromApp)
            {
                matches.Add((result, reason));
            }
            else
            {
                ignored.Add(result);
            }
        }

        var (checkOutcome, code, detail) = Aggregate(check, matches, ignored);
        return new CheckReport(check.Kind, check.Pattern.Text, check.Evidence, check.App, check.Min, check.Required, checkOutcome, code, detail,
            matches.Select(m => m.Result).ToList())
        {
            IgnoredResults = ignored,
        };
    }

    protected static IEnumerable<string> Names(GlobPattern pattern, IEnumerable<string> names) =>
        pattern.IsExact ? [pattern.ExactName] : names.Where(pattern.IsMatch).Order(StringComparer.Ordinal);

    /// <summary>
    /// A result listed more than once under its id, with contradicting contents: it fails closed, whatever the order
    /// of the list. The state names every version, sorted, so the report is the same in any order.
    /// </summary>
    protected static (CheckOutcome Outcome, string State, string? Reason) Contradictory(IEnumerable<string> versions) =>
        (CheckOutcome.Failed, $"contradictory ({string.Join(", ", versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))})", ReasonCodes.ContradictoryEvidence);

    /// <summary>One version of a contradictory result: its state, and its name and app when they are not the ones matched.</summary>
    protected static string Version(string state, string name, string? app, string matchedName, string? matchedApp) =>
        string.Equals(name, matchedName, StringComparison.Ordinal) && string.Equals(app, matchedApp, StringComparison.Ordinal)
            ? state
            : $"{state} as '{name}' from {app ?? "unknown"}";

    private (CheckOutcome Outcome, string Code, string Detail) Aggregate(
        MappedCheck check, List<(MatchedResult Result, string? Reason)> matches, List<MatchedResult> ignored)
    {
        var from = check.App is null ? string.Empty : $" from {check.App}";
        if (matches.Count == 0)
        {
            return ignored.Count > 0
                ? (CheckOutcome.Missing, ReasonCodes.WrongApp,
                    $"no {What} '{check.Pattern}'{from}; ignored {ignored.Count} from another app ({string.Join(", ", ignored.Select(i => i.App ?? "unknown").Distinct())})")
                : (CheckOutcome.Missing, ReasonCodes.CheckMissing, $"no {What} '{check.Pattern}'{from} reported");
        }

        var failed = matches.Where(m => m.Result.Outcome == CheckOutcome.Failed).ToList();
        if (failed.Count > 0)
        {
            var names = string.Join(", ", failed.Select(f => $"'{f.Result.Name}' {f.Result.State}"));
            var code = failed.Exists(f => f.Reason == ReasonCodes.ContradictoryEvidence) ? ReasonCodes.ContradictoryEvidence : failed[0].Reason;
            return (CheckOutcome.Failed, code ?? ReasonCodes.CheckFailed, $"{names}");
        }

        var pending = matches.Where(m => m.Result.Outcome == CheckOutcome.Pending).ToList();
        if (pending.Count > 0)
        {
            return (CheckOutcome.Pending, ReasonCodes.CheckPending, string.Join(", ", pending.Select(p => $"'{p.Result.Name}' {p.Result.State}")));
        }

        if (matches.Count < check.Min)
        {
            return (CheckOutcome.Missing, ReasonCodes.TooFewMatches,
                $"{matches.Count} {What}(s) match '{check.Pattern}'{from}, at least {check.Min} required");
        }

        var passedText = matches.Count == 1 ? $"'{matches[0].Result.Name}' {matches[0].Result.State}" : $"all {matches.Count} matches passed";
        return (CheckOutcome.Passed, ReasonCodes.CheckPassed, passedText);
    }
}

/// <summary>Check runs: the latest per (app, name); pinned by the app's slug.</summary>
internal sealed class CheckRunKind : CiResultKind
{
    private static readonly HashSet<string> FailingConclusions = new(StringComparer.Ordinal)
    {
        "failure", "cancelled", "timed_out", "action_required", "startup_failure", "stale",
    };

    public override EvidenceSource Source => EvidenceSource.CheckRun;

    protected override string What => "check run";

    protected override IEnumerable<(MatchedResult Result, string? Reason, bool FromApp)> Match(MappedCheck check, EvidenceIndex index)
    {
        foreach (var name in Names(check.Pattern, index.CheckRunNames))
        {
            foreach (var run in index.RunsNamed(name))
            {
                var (outcome, state, reason) = index.Contradicting(run) is { } versions
                    ? Contradictory(versions.Select(v => Version(RunState(v), v.Name, v.App, run.Name, run.App)))
                    : Classify(run, check);
                var result = new MatchedResult(check.Kind, run.Name, run.App, state, outcome, run.Url, run.Id);
                yield return (result, reason, check.App is null || string.Equals(run.App, check.App, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>GitHub's word for a run: its conclusion once completed, else its status.</summary>
    private static string RunState(CheckRunResult run) =>
        string.Equals(run.Status, "completed", StringComparison.Ordinal) ? run.Conclusion ?? "none" : run.Status;

    private static (CheckOutcome Outcome, string State, string? Reason) Classify(CheckRunResult run, MappedCheck check)
    {
        if (!string.Equals(run.Status, "completed", StringComparison.Ordinal))
        {
            return (CheckOutcome.Pending, run.Status, null);
        }

        var conclusion = RunState(run);
        return conclusion switch
        {
            "success" => (CheckOutcome.Passed, conclusion, null),
            "skipped" => check.Skipped == ConclusionPolicy.Pass
                ? (CheckOutcome.Passed, conclusion, null)
                : (CheckOutcome.Failed, conclusion, ReasonCodes.SkippedCountsAsFailure),
            "neutral" => check.Neutral == ConclusionPolicy.Pass
                ? (CheckOutcome.Passed, conclusion, null)
                : (CheckOutcome.Failed, conclusion, ReasonCodes.NeutralCountsAsFailure),
            _ when FailingConclusions.Contains(conclusion) => (CheckOutcome.Failed, conclusion, ReasonCodes.CheckFailed),
            _ => (CheckOutcome.Failed, conclusion, ReasonCodes.UnknownConclusion),
        };
    }
}

/// <summary>Commit statuses: the latest per context; pinned by the creator's login (the app's bot account).</summary>
internal sealed class StatusKind : CiResultKind
{
    public override EvidenceSource Source => EvidenceSource.Status;

    protected override string What => "commit status";

    protected override IEnumerable<(MatchedResult Result, string? Reason, bool FromApp)> Match(MappedCheck check, EvidenceIndex index)
    {
        foreach (var context in Names(check.Pattern, index.StatusContexts))
        {
            if (index.StatusFor(context) is not { } status)
            {
                continue;
            }

            var (outcome, state, reason) = index.Contradicting(status) is { } versions
                ? Contradictory(versions.Select(v => Version(v.State, v.Context, v.Creator, status.Context, status.Creator)))
                : Classify(status);
            var result = new MatchedResult(check.Kind, status.Context, status.Creator, state, outcome, status.Url, status.Id);
            yield return (result, reason, check.App is null || string.Equals(status.Creator, check.App, StringComparison.Ordinal)
                || string.Equals(status.Creator, check.App + "[bot]", StringComparison.Ordinal));
        }
    }

    private static (CheckOutcome Outcome, string State, string? Reason) Classify(CommitStatusResult status) => status.State switch
    {
        "success" => (CheckOutcome.Passed, status.State, null),
        "pending" => (CheckOutcome.Pending, status.State, null),
        "failure" or "error" => (CheckOutcome.Failed, status.State, ReasonCodes.CheckFailed),
        _ => (CheckOutcome.Failed, status.State, ReasonCodes.UnknownConclusion),
    };
}
