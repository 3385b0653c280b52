using System.Globalization;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Evaluation;

/// <summary>
/// The pure evaluator: configuration + target + evidence + now → one report. No IO; the clock is the
/// injected <see cref="TimeProvider"/>, read once per evaluation.
/// </summary>
public sealed class GateEvaluator(TimeProvider timeProvider)
{
    /// <summary>Check runs whose name starts with this are the evaluator's own, never evidence.</summary>
    public const string OwnCheckRunPrefix = "odoo-gates/";

    private static readonly HashSet<string> FailingConclusions = new(StringComparer.Ordinal)
    {
        "failure", "cancelled", "timed_out", "action_required", "startup_failure", "stale",
    };

    /// <summary>
    /// Evaluates <paramref name="target"/>. A required gate that is not passed and has an honoured decision in
    /// <paramref name="overrides"/> (from any pull request of the list) is <see cref="GateStatus.Overridden"/> and
    /// blocks no more; a passed gate stays passed; a freeze blocks regardless. Every decision, honoured or refused,
    /// is kept in the report.
    /// </summary>
    public EvaluationReport Evaluate(GateConfiguration config, string target, EvidenceSnapshot evidence, IReadOnlyList<OverrideDecision>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Evaluate(config, FindTarget(config, target), evidence, overrides, timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Decides the override labels of <paramref name="overrideFacts"/> (<see cref="OverrideRules.Decide"/>) and evaluates
    /// <paramref name="target"/> with those decisions, both at one time: <paramref name="at"/> when given (a replay at a
    /// recorded time), else the clock's, read once, so the report's <see cref="EvaluationReport.EvaluatedAt"/> is the time
    /// the override decisions were taken at.
    /// </summary>
    public EvaluationReport Decide(GateConfiguration config, string target, EvidenceSnapshot evidence, IReadOnlyList<OverrideFacts> overrideFacts, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrideFacts);
        var targetDefinition = FindTarget(config, target);
        var now = at ?? timeProvider.GetUtcNow();
        if (overrideFacts.Count == 0)
        {
            return Evaluate(config, targetDefinition, evidence, [], now);
        }

        return Evaluate(config, targetDefinition, evidence, OverrideRules.Decide(config, target, overrideFacts, now), now) with
        {
            UnrequiredOverrideLabels = OverrideRules.UnrequiredLabels(config, target, overrideFacts),
        };
    }

    private static TargetDefinition FindTarget(GateConfiguration config, string target) =>
        config.FindTarget(target)
            ?? throw new InputException($"unknown target '{target}'{SuggestTarget(config, target)}; targets in environments.yaml: {string.Join(", ", config.Targets.Select(t => t.Name))}");

    private static EvaluationReport Evaluate(GateConfiguration config, TargetDefinition targetDefinition, EvidenceSnapshot evidence, IReadOnlyList<OverrideDecision>? overrides, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var target = targetDefinition.Name;
        var index = EvidenceIndex.Build(evidence, OwnCheckRunPrefix);

        var gates = new List<GateReport>(config.Gates.Count);
        var blocking = new List<BlockingReason>();
        foreach (var gate in config.Gates)
        {
            var checks = config.MappedChecks
                .Where(c => string.Equals(c.Gate, gate.Id, StringComparison.Ordinal))
                .Select(c => EvaluateCheck(c, index))
                .ToList();
            var evidenceStatus = Combine(checks);
            var required = targetDefinition.Requires(gate.Id);
            var applied = required && evidenceStatus != GateStatus.Passed
                ? overrides?.FirstOrDefault(d => d.Outcome == OverrideOutcome.Honoured && string.Equals(d.Gate, gate.Id, StringComparison.Ordinal))
                : null;
            var status = !required ? GateStatus.NotRequired : applied is not null ? GateStatus.Overridden : evidenceStatus;
            gates.Add(new GateReport(gate.Id, gate.Name, gate.Owner, required, status, checks)
            {
                EvidenceStatus = evidenceStatus,
                Override = applied,
            });

            if (required && evidenceStatus != GateStatus.Passed && applied is null)
            {
                foreach (var check in checks.Where(c => c.Required && c.Outcome != CheckOutcome.Passed))
                {
                    blocking.Add(new BlockingReason(check.Reason, gate.Id, check.Pattern) { GateStatus = evidenceStatus, CheckResult = check });
                }
            }
        }

        var freezes = targetDefinition.Freeze
            .Where(w => w.Contains(now))
            .Select(w => new FreezeReport(w.From, w.To, w.Reason))
            .ToList();
        blocking.AddRange(freezes.Select(freeze => new BlockingReason(ReasonCodes.Frozen, null, null) { Freeze = freeze }));

        return new EvaluationReport(target, blocking.Count == 0 ? Decision.Allow : Decision.Block, now, evidence.Sha, gates, blocking, freezes)
        {
            Repository = evidence.Repository,
            PullRequest = evidence.PullRequest?.Number,
            Overrides = overrides ?? [],
            Unblocking = Unblocking(config, targetDefinition),
        };
    }

    private static UnblockingRules Unblocking(GateConfiguration config, TargetDefinition target) => new(
        [.. config.Personas.Select(p => new PersonaReport(p.Id, p.Name, p.Teams, p.Users, p.MayOverride))],
        config.Overrides.LabelPrefix,
        config.Overrides.ReasonCommand,
        target.NotOverridable,
        target.TwoPersonOverride);

    /// <summary>A gate's state from its required checks: failed, else missing, else pending, else passed.</summary>
    private static GateStatus Combine(IReadOnlyList<CheckReport> checks)
    {
        var required = checks.Where(c => c.Required).ToList();
        if (required.Exists(c => c.Outcome == CheckOutcome.Failed))
        {
            return GateStatus.Failed;
        }

        if (required.Exists(c => c.Outcome == CheckOutcome.Missing))
        {
            return GateStatus.Missing;
        }

        return required.Exists(c => c.Outcome == CheckOutcome.Pending) ? GateStatus.Pending : GateStatus.Passed;
    }

    private static CheckReport EvaluateCheck(MappedCheck check, EvidenceIndex index)
    {
        var matches = new List<(MatchedResult Result, string? Reason)>();
        var ignored = new List<MatchedResult>();
        if (check.Source == EvidenceSource.CheckRun)
        {
            foreach (var name in Names(check.Pattern, index.CheckRunNames))
            {
                foreach (var run in index.RunsNamed(name))
                {
                    var (outcome, state, reason) = index.Contradicting(run) is { } versions
                        ? Contradictory(versions.Select(v => Version(RunState(v), v.Name, v.App, run.Name, run.App)))
                        : Classify(run, check);
                    var result = new MatchedResult("check", run.Name, run.App, state, outcome, run.Url, run.Id);
                    if (check.App is null || string.Equals(run.App, check.App, StringComparison.Ordinal))
                    {
                        matches.Add((result, reason));
                    }
                    else
                    {
                        ignored.Add(result);
                    }
                }
            }
        }
        else
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
                var result = new MatchedResult("status", status.Context, status.Creator, state, outcome, status.Url, status.Id);
                if (check.App is null || string.Equals(status.Creator, check.App, StringComparison.Ordinal)
                    || string.Equals(status.Creator, check.App + "[bot]", StringComparison.Ordinal))
                {
                    matches.Add((result, reason));
                }
                else
                {
                    ignored.Add(result);
                }
            }
        }

        var (checkOutcome, code, detail) = Aggregate(check, matches, ignored);
        return new CheckReport(check.Kind, check.Pattern.Text, check.Evidence, check.App, check.Min, check.Required, checkOutcome, code, detail,
            matches.Select(m => m.Result).ToList())
        {
            IgnoredResults = ignored,
        };
    }

    private static IEnumerable<string> Names(GlobPattern pattern, IEnumerable<string> names) =>
        pattern.IsExact ? [pattern.ExactName] : names.Where(pattern.IsMatch).Order(StringComparer.Ordinal);

    private static (CheckOutcome Outcome, string Code, string Detail) Aggregate(
        MappedCheck check, List<(MatchedResult Result, string? Reason)> matches, List<MatchedResult> ignored)
    {
        var what = check.Source == EvidenceSource.CheckRun ? "check run" : "commit status";
        var from = check.App is null ? string.Empty : $" from {check.App}";
        if (matches.Count == 0)
        {
            return ignored.Count > 0
                ? (CheckOutcome.Missing, ReasonCodes.WrongApp,
                    $"no {what} '{check.Pattern}'{from}; ignored {ignored.Count} from another app ({string.Join(", ", ignored.Select(i => i.App ?? "unknown").Distinct())})")
                : (CheckOutcome.Missing, ReasonCodes.CheckMissing, $"no {what} '{check.Pattern}'{from} reported");
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
                $"{matches.Count} {what}(s) match '{check.Pattern}'{from}, at least {check.Min} required");
        }

        var passedText = matches.Count == 1 ? $"'{matches[0].Result.Name}' {matches[0].Result.State}" : $"all {matches.Count} matches passed";
        return (CheckOutcome.Passed, ReasonCodes.CheckPassed, passedText);
    }

    /// <summary>
    /// A result listed more than once under its id, with contradicting contents: it fails closed, whatever the order
    /// of the list. The state names every version, sorted, so the report is the same in any order.
    /// </summary>
    private static (CheckOutcome Outcome, string State, string? Reason) Contradictory(IEnumerable<string> versions) =>
        (CheckOutcome.Failed, $"contradictory ({string.Join(", ", versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))})", ReasonCodes.ContradictoryEvidence);

    /// <summary>One version of a contradictory result: its state, and its name and app when they are not the ones matched.</summary>
    private static string Version(string state, string name, string? app, string matchedName, string? matchedApp) =>
        string.Equals(name, matchedName, StringComparison.Ordinal) && string.Equals(app, matchedApp, StringComparison.Ordinal)
            ? state
            : $"{state} as '{name}' from {app ?? "unknown"}";

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

    private static (CheckOutcome Outcome, string State, string? Reason) Classify(CommitStatusResult status) => status.State switch
    {
        "success" => (CheckOutcome.Passed, status.State, null),
        "pending" => (CheckOutcome.Pending, status.State, null),
        "failure" or "error" => (CheckOutcome.Failed, status.State, ReasonCodes.CheckFailed),
        _ => (CheckOutcome.Failed, status.State, ReasonCodes.UnknownConclusion),
    };

    private static string SuggestTarget(GateConfiguration config, string target) =>
        StrictReader.Suggest(target, config.Targets.Select(t => t.Name).ToList());
}
