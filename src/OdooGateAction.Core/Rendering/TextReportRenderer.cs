using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// The report for a terminal and the action's log: decision first (allowed, blocked, or waiting for checks), then each
/// gate the target requires and its checks (the others too with <c>verbose</c>), the overrides, and per blocking gate
/// what is wrong, who owns it and what would unblock it. Words for people; the reason codes are in the JSON report. Every
/// name and message from outside (targets, check names, app slugs, reasons, logins) is neutralised with
/// <see cref="LogText"/>, so the report is lines of our own: none can start a workflow command or carry a control character.
/// </summary>
public static class TextReportRenderer
{
    /// <summary>Names quoted and inert, prose inert.</summary>
    private static readonly Wording Words = new(name => $"'{Plain(name)}'", Plain);

    /// <param name="verbose">Also list the gates the target does not require, with their checks.</param>
    public static string Render(EvaluationReport report, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(2048);
        var verdict = NextSteps.VerdictOf(report) switch
        {
            Verdict.Allowed => "ALLOWED",
            Verdict.Waiting => "WAITING for " + string.Join(", ", NextSteps.WaitingFor(report, Words.Name)),
            _ => "BLOCKED",
        };
        text.Append(CultureInfo.InvariantCulture, $"{Plain(report.Target)}: {verdict}\n");
        text.Append(CultureInfo.InvariantCulture, $"  commit {Plain(report.Sha)}");
        if (report.Repository is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" in {Plain(report.Repository)}");
        }

        if (report.PullRequest is int pr)
        {
            text.Append(CultureInfo.InvariantCulture, $", PR #{pr}");
        }

        text.Append(CultureInfo.InvariantCulture, $", evaluated {ReportVocabulary.Timestamp(report.EvaluatedAt)}\n");
        if (report.Policy is { } policy)
        {
            text.Append(CultureInfo.InvariantCulture, $"  policy {Plain(policy.ToString())}\n");
        }

        text.Append('\n');
        var shown = report.Gates.Where(g => verbose || g.Required).ToList();
        var nameWidth = Math.Max(10, shown.SelectMany(g => g.Checks).Select(c => Plain(c.Pattern).Length).DefaultIfEmpty(0).Max());
        foreach (var gate in shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Plain(gate.Id),-4} {ReportVocabulary.Of(gate.Status),-12} {Plain(gate.Name)} (owner: {NextSteps.Persona(report, gate.Owner, Words)})\n");
            foreach (var check in gate.Checks)
            {
                var optional = check.Required ? string.Empty : " (optional)";
                text.Append(CultureInfo.InvariantCulture,
                    $"       {Mark(check.Outcome)} {Plain(check.Pattern).PadRight(nameWidth)}  {ReportVocabulary.Of(check.Outcome),-8} {Plain(check.Detail)}{optional}\n");
            }
        }

        var hidden = report.Gates.Where(g => !verbose && !g.Required).Select(g => Plain(g.Id)).ToList();
        if (hidden.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{string.Join(", ", hidden)} {(hidden.Count == 1 ? "is" : "are")} not required for {Plain(report.Target)} (--verbose lists {(hidden.Count == 1 ? "it" : "them")})\n");
        }

        RenderOverrides(text, report);
        foreach (var label in report.UnrequiredOverrideLabels)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nNote: {Plain(ReportVocabulary.UnrequiredLabelNotice(label, report.Target))}\n");
        }

        RenderNextSteps(text, report);
        return LogText.Lines(text.ToString());
    }

    /// <summary>Per blocking gate: what is wrong, its owner, what would unblock it; per freeze: until when.</summary>
    private static void RenderNextSteps(StringBuilder text, EvaluationReport report)
    {
        var gates = NextSteps.BlockingGates(report);
        if (gates.Count == 0 && report.ActiveFreezes.Count == 0)
        {
            return;
        }

        text.Append(NextSteps.VerdictOf(report) == Verdict.Waiting ? "\nWaiting for:\n" : "\nWhat blocks, and what to do next:\n");
        foreach (var gate in gates)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {Plain(gate.Id)} {Plain(gate.Name)}: {NextSteps.Problem(gate, Words)}\n");
            text.Append(CultureInfo.InvariantCulture, $"      owner: {NextSteps.Persona(report, gate.Owner, Words)}\n");
            text.Append(CultureInfo.InvariantCulture, $"      next: {NextSteps.Unblock(report, gate, Words)}\n");
        }

        foreach (var reason in report.BlockingReasons.Where(r => r.Freeze is not null))
        {
            text.Append(CultureInfo.InvariantCulture, $"  - frozen: {Plain(ReportSentences.Of(report, reason))}; a freeze cannot be overridden\n");
        }
    }

    /// <summary>Each override decision: gate, PR, label, outcome and code, who, reason, when, until or why refused.</summary>
    private static void RenderOverrides(StringBuilder text, EvaluationReport report)
    {
        if (report.Overrides.Count == 0)
        {
            return;
        }

        text.Append("\nOverrides:\n");
        foreach (var d in report.Overrides)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {Plain(d.Gate)} (PR #{d.PullRequest}, label {Plain(d.Label)}): {ReportVocabulary.Of(d.Outcome)}\n");
            if (d.Actor is not null)
            {
                var personas = d.ActorPersonas.Count == 0 ? "no persona" : string.Join(", ", d.ActorPersonas.Select(Plain));
                var confirmed = d.Confirmers.Count == 0 ? string.Empty : $"; confirmed by {string.Join(", ", d.Confirmers.Select(Plain))}";
                text.Append(CultureInfo.InvariantCulture, $"      by {Plain(d.Actor)} ({personas}){confirmed}\n");
            }

            if (d.Reason is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"      reason: {Plain(d.Reason)}\n");
            }

            if (d.LabelledAt is { } at)
            {
                var until = d.Outcome == OverrideOutcome.Honoured && d.ExpiresAt is { } expires ? $", until {ReportVocabulary.Timestamp(expires)}" : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"      labelled {ReportVocabulary.Timestamp(at)}{until}\n");
            }

            if (d.Outcome == OverrideOutcome.Refused)
            {
                text.Append(CultureInfo.InvariantCulture, $"      refused: {Plain(ReportSentences.Of(d))}\n");
            }

            if (!d.TeamsConsulted)
            {
                text.Append("      (team membership not checked: no org-token)\n");
            }
        }
    }

    /// <summary>Text from outside, on one line and inert (<see cref="LogText.Inline"/>).</summary>
    private static string Plain(string? text) => LogText.Inline(text);

    private static string Mark(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "ok  ",
        CheckOutcome.Failed => "FAIL",
        CheckOutcome.Pending => "wait",
        _ => "miss",
    };
}
