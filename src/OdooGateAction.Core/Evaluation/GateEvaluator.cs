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
                .Select(c => EvidenceKind.For(c.Source).Evaluate(c, index))
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
                    blocking.Add(new BlockingReason(check.Reason, gate.Id, check.Pattern, $"{gate.Id} {Describe(evidenceStatus)}: {check.Detail}"));
                }
            }
        }

        var freezes = targetDefinition.Freeze
            .Where(w => w.Contains(now))
            .Select(w => new FreezeReport(w.From, w.To, w.Reason))
            .ToList();
        foreach (var freeze in freezes)
        {
            var why = freeze.Reason is null ? string.Empty : $" ({freeze.Reason})";
            blocking.Add(new BlockingReason(ReasonCodes.Frozen, null, null,
                $"'{target}' is frozen from {freeze.From} to {freeze.To} UTC{why}; now is {now.ToUniversalTime().ToString("ddd HH:mm", CultureInfo.InvariantCulture)} UTC"));
        }

        return new EvaluationReport(target, blocking.Count == 0 ? Decision.Allow : Decision.Block, now, evidence.Sha, gates, blocking, freezes)
        {
            Repository = evidence.Repository,
            PullRequest = evidence.PullRequest?.Number,
            Overrides = overrides ?? [],
        };
    }

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

    private static string Describe(GateStatus status) => status switch
    {
        GateStatus.Failed => "failed",
        GateStatus.Pending => "pending",
        GateStatus.Missing => "missing evidence",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string SuggestTarget(GateConfiguration config, string target) =>
        StrictReader.Suggest(target, config.Targets.Select(t => t.Name).ToList());
}
