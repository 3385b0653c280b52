using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// The report for a terminal and the action's log: decision first, then each gate and its checks, then why it is
/// blocked. Every name and message from outside (targets, check names, app slugs, reasons, logins) is neutralised with
/// <see cref="LogText"/>, so the report is lines of our own: none can start a workflow command or carry a control character.
/// </summary>
public static class TextReportRenderer
{
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(2048);
        text.Append(CultureInfo.InvariantCulture, $"{Plain(report.Target)}: {(report.Decision == Decision.Allow ? "ALLOWED" : "BLOCKED")}\n");
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
        var nameWidth = Math.Max(10, report.Gates.SelectMany(g => g.Checks).Select(c => Plain(c.Pattern).Length).DefaultIfEmpty(0).Max());
        foreach (var gate in report.Gates)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Plain(gate.Id),-4} {ReportVocabulary.Of(gate.Status),-12} {Plain(gate.Name)} (owner: {Plain(gate.Owner)})\n");
            foreach (var check in gate.Checks)
            {
                var optional = check.Required ? string.Empty : " (optional)";
                text.Append(CultureInfo.InvariantCulture,
                    $"       {Mark(check.Outcome)} {Plain(check.Pattern).PadRight(nameWidth)}  {ReportVocabulary.Of(check.Outcome),-8} {Plain(check.Detail)}{optional}\n");
            }
        }

        RenderOverrides(text, report);
        foreach (var label in report.UnrequiredOverrideLabels)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nNote: {Plain(ReportVocabulary.UnrequiredLabelNotice(label, report.Target))}\n");
        }

        if (report.BlockingReasons.Count > 0)
        {
            text.Append("\nBlocked by:\n");
            foreach (var reason in report.BlockingReasons)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - [{Plain(reason.Code)}] {Plain(ReportSentences.Of(report, reason))}\n");
            }
        }

        return LogText.Lines(text.ToString());
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
            text.Append(CultureInfo.InvariantCulture, $"  - {Plain(d.Gate)} (PR #{d.PullRequest}, label {Plain(d.Label)}): {ReportVocabulary.Of(d.Outcome)} [{d.Code}]\n");
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
