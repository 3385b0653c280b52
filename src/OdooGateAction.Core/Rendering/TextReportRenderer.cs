using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;

namespace OdooGateAction.Core.Rendering;

/// <summary>The report for a terminal: decision first, then each gate and its checks, then why it is blocked.</summary>
public static class TextReportRenderer
{
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder(2048);
        text.Append(CultureInfo.InvariantCulture, $"{report.Target}: {(report.Decision == Decision.Allow ? "ALLOWED" : "BLOCKED")}\n");
        text.Append(CultureInfo.InvariantCulture, $"  commit {report.Sha}");
        if (report.Repository is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" in {report.Repository}");
        }

        if (report.PullRequest is int pr)
        {
            text.Append(CultureInfo.InvariantCulture, $", PR #{pr}");
        }

        text.Append(CultureInfo.InvariantCulture, $", evaluated {ReportVocabulary.Timestamp(report.EvaluatedAt)}\n\n");
        var nameWidth = Math.Max(10, report.Gates.SelectMany(g => g.Checks).Select(c => c.Pattern.Length).DefaultIfEmpty(0).Max());
        foreach (var gate in report.Gates)
        {
            text.Append(CultureInfo.InvariantCulture, $"{gate.Id,-4} {ReportVocabulary.Of(gate.Status),-12} {gate.Name} (owner: {gate.Owner})\n");
            foreach (var check in gate.Checks)
            {
                var optional = check.Required ? string.Empty : " (optional)";
                text.Append(CultureInfo.InvariantCulture,
                    $"       {Mark(check.Outcome)} {check.Pattern.PadRight(nameWidth)}  {ReportVocabulary.Of(check.Outcome),-8} {check.Detail}{optional}\n");
            }
        }

        if (report.BlockingReasons.Count > 0)
        {
            text.Append("\nBlocked by:\n");
            foreach (var reason in report.BlockingReasons)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - [{reason.Code}] {reason.Message}\n");
            }
        }

        return text.ToString();
    }

    private static string Mark(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "ok  ",
        CheckOutcome.Failed => "FAIL",
        CheckOutcome.Pending => "wait",
        _ => "miss",
    };
}
