using System.Globalization;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// The report's structured results as plain English sentences, names as they are (not escaped): the <c>message</c> of
/// the JSON report and of audit events, and the text of <c>::error</c>/<c>::warning</c> annotations (whose writer
/// neutralises them). Markdown and the text report write their own words from the same fields.
/// </summary>
public static class ReportSentences
{
    /// <summary>Why the promotion is blocked, in one sentence: "G2 failed: 'upgrade-from-previous' failure".</summary>
    public static string Of(EvaluationReport report, BlockingReason reason)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Freeze is { } freeze)
        {
            var why = freeze.Reason is null ? string.Empty : $" ({freeze.Reason})";
            return $"'{report.Target}' is frozen from {freeze.From} to {freeze.To} UTC{why}; now is {report.EvaluatedAt.ToUniversalTime().ToString("ddd HH:mm", CultureInfo.InvariantCulture)} UTC";
        }

        return $"{reason.Gate} {Describe(reason.GateStatus)}: {reason.CheckResult?.Detail}";
    }

    /// <summary>The override decision in one sentence naming who, what and when, and for a refusal which rule failed.</summary>
    public static string Of(OverrideDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var f = decision.Findings;
        var gate = decision.Gate;
        var applied = $"{decision.Actor} applied '{decision.Label}' at {Time(decision.LabelledAt)}";
        var push = f.PushTime is { } pushed ? Time(pushed) : string.Empty;
        switch (decision.Code)
        {
            case OverrideCodes.Honoured:
                var after = f.InvalidateOnPush ? $", after the latest push at {push}" : string.Empty;
                var confirmed = decision.Confirmers.Count == 0
                    ? string.Empty
                    : $"; confirmed by {string.Join(", ", decision.Confirmers.Select(c => $"{c} ({Join(f.PersonasOf(c))})"))}";
                var next = f.InvalidateOnPush ? " or the next push" : string.Empty;
                return $"{decision.Actor} ({Join(decision.ActorPersonas)}) applied '{decision.Label}' at {Time(decision.LabelledAt)}{after}{confirmed}; {gate} is overridden for '{f.Target}' until {Time(decision.ExpiresAt)}{next}.";
            case OverrideCodes.UnknownGate:
                var by = decision.Actor is null ? string.Empty : $" (applied by {decision.Actor} at {Time(decision.LabelledAt)})";
                return $"The label '{decision.Label}'{by} names no configured gate '{gate}'; the gates are {Join(f.ConfiguredGates)}.";
            case OverrideCodes.NoLabelEvent:
                return $"No 'labeled' event was found for '{decision.Label}', so who applied it and when is unknown; the override of {gate} is not honoured.";
            case OverrideCodes.LabelInFuture:
                return $"{applied}, which is after the evaluation time {Time(f.EvaluatedAt)}: a labelling dated in the future is malformed (GitHub's server sets this time), so the override of {gate} is not honoured.";
            case OverrideCodes.LabelRemoved:
                return $"{applied}, but {f.RemovedBy} removed it at {Time(f.RemovedAt)}; the override of {gate} is not honoured.";
            case OverrideCodes.NotOverridable:
                return $"{applied}, but {gate} may not be overridden for '{f.Target}' (not_overridable in environments.yaml).";
            case OverrideCodes.NotAuthorized:
                var holds = decision.ActorPersonas.Count == 0 ? "holds no persona" : $"holds {Join(decision.ActorPersonas)}";
                var who = f.MayOverride.Count == 0 ? "no persona may" : $"only {Join(f.MayOverride)} may";
                var teams = decision.TeamsConsulted
                    ? "Team membership was checked."
                    : "Team membership was not checked (no org-token): only users and repository permission were matched.";
                return $"{applied}, but {decision.Actor} may not override {gate}: {decision.Actor} {holds}, and {who} (may_override in personas.yaml). {teams}";
            case OverrideCodes.Stale:
                return f.PushTime is null
                    ? $"{applied}, but the push time of the head commit is unknown, so whether the label came after the latest push cannot be told; it is treated as stale (fail closed)."
                    : $"{applied}, at or before the latest push at {push}: a push after the label makes the override stale; the label must be applied again.";
            case OverrideCodes.Expired:
                return $"{applied}; the override expired at {Time(decision.ExpiresAt)} (max_age {DurationParser.Format(f.MaxAge)}).";
            case OverrideCodes.ReasonMissing:
                var empty = f.ReasonCommandPosted
                    ? $"{decision.Actor}'s '{f.ReasonCommand} {gate}' comment states no reason"
                    : $"{decision.Actor} posted no comment '{f.ReasonCommand} {gate}: <reason>'";
                return $"{applied}, but a reason is required and {empty}.";
            case OverrideCodes.SecondPersonMissing:
                return $"{applied}, but {TwoPersonShortfall(decision)}";
            default:
                return $"{applied}; the override of {gate} is {ReportVocabulary.Of(decision.Outcome)} ({decision.Code}).";
        }
    }

    /// <summary>What the two-person rule needs, in words: "two different people holding sre" or "2 different people, one holding each of release_manager, sre".</summary>
    public static string TwoPersonNeed(IReadOnlyList<string> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Count == 1
            ? $"two different people holding {rule[0]}"
            : $"{rule.Count} different people, one holding each of {Join(rule)}";
    }

    private static string TwoPersonShortfall(OverrideDecision decision)
    {
        var f = decision.Findings;
        var rule = $"overriding {decision.Gate} for '{f.Target}' needs {TwoPersonNeed(f.TwoPersonRule)}, each posting '{f.ReasonCommand} {decision.Gate}: <reason>' after the latest push, one of them the labeller";
        if (f.PushTime is not { } push)
        {
            return $"{rule}; the push time of the head commit is unknown, so no confirmation can be told to come after it (fail closed).";
        }

        var seen = f.ReasonPosters.Count == 0
            ? "nobody has"
            : "only " + string.Join(", ", f.ReasonPosters.Select(p => $"{p.Login} ({(p.Personas.Count > 0 ? Join(p.Personas) : "no persona")})")) + (f.ReasonPosters.Count == 1 ? " has" : " have");
        return f.LabellerPosted
            ? $"{rule}; {seen} posted one since the latest push at {Time(push)}."
            : $"{rule}; {decision.Actor}'s own reason comment is not after the latest push at {Time(push)} ({seen} posted one since).";
    }

    private static string Describe(GateStatus? status) => status switch
    {
        GateStatus.Failed => "failed",
        GateStatus.Pending => "pending",
        GateStatus.Missing => "missing evidence",
        { } other => ReportVocabulary.Of(other),
        null => "blocked",
    };

    private static string Join(IEnumerable<string> items) => string.Join(", ", items);

    private static string Time(DateTimeOffset? value) => value is { } time ? ReportVocabulary.Timestamp(time) : string.Empty;
}
