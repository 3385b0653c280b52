using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// Why an override was refused, in a few words for a table cell (the audit comment and the JSON report carry the whole
/// sentence, <see cref="ReportSentences"/>). One entry per override code; names go through the renderer's formatter.
/// </summary>
public static class OverrideWords
{
    public static string Refusal(OverrideDecision decision, Wording words)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(words);
        var f = decision.Findings;
        var gate = words.Text(decision.Gate);
        var actor = decision.Actor is null ? "the labeller" : words.Name(decision.Actor);
        return decision.Code switch
        {
            OverrideCodes.Honoured => "honoured",
            OverrideCodes.UnknownGate => $"the label names no gate (gates: {string.Join(", ", f.ConfiguredGates.Select(words.Text))})",
            OverrideCodes.NoLabelEvent => "who applied the label is unknown",
            OverrideCodes.LabelInFuture => "labelled after the evaluation time (malformed)",
            OverrideCodes.LabelRemoved => $"the label was removed by {(f.RemovedBy is null ? "someone" : words.Name(f.RemovedBy))}",
            OverrideCodes.NotOverridable => $"{gate} may not be overridden for {words.Name(f.Target)}",
            OverrideCodes.NotAuthorized => f.MayOverride.Count == 0
                ? $"{actor} may not override {gate}, and no persona may"
                : $"{actor} may not override {gate}; only {string.Join(", ", f.MayOverride.Select(words.Text))} may",
            OverrideCodes.Stale => f.PushTime is null
                ? "the push time is unknown, so it counts as stale"
                : "applied before the latest push: apply the label again",
            OverrideCodes.Expired => $"expired at {(decision.ExpiresAt is { } expires ? ReportVocabulary.Timestamp(expires) : "—")}",
            OverrideCodes.ReasonMissing => $"no reason: comment {words.Name($"{f.ReasonCommand} {decision.Gate}: <reason>")}",
            OverrideCodes.SecondPersonMissing => $"needs {words.Text(ReportSentences.TwoPersonNeed(f.TwoPersonRule))}, each commenting after the latest push",
            _ => words.Name(decision.Code),
        };
    }
}
