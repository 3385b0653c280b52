using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;

namespace OdooGateAction.Core.Rendering;

/// <summary>What one check run shows: its name, conclusion and output.</summary>
public sealed record CheckRunContent(string Name, string Conclusion, string Title, string Summary, string Text);

/// <summary>
/// The report rendered for GitHub's records: the aggregate check run <c>odoo-gates/&lt;target&gt;</c>, one check
/// run per gate <c>odoo-gates/&lt;target&gt;/&lt;gate&gt;</c>, and the sticky PR comment. Pure text; the writers send it.
/// </summary>
public static class GitHubRecordRenderer
{
    public const string CheckRunPrefix = "odoo-gates/";

    /// <summary>GitHub's limit for a check run's <c>output.summary</c> and <c>output.text</c>.</summary>
    public const int CheckRunTextLimit = 65_535;

    /// <summary>GitHub's limit for an issue comment body.</summary>
    public const int CommentLimit = 65_536;

    public static string AggregateName(string target) => CheckRunPrefix + target;

    public static string GateName(string target, string gate) => $"{CheckRunPrefix}{target}/{gate}";

    /// <summary>The hidden marker that finds the sticky status comment of a target.</summary>
    public static string CommentMarker(string target) => $"<!-- odoo-gates:{target} -->";

    /// <summary>The check run branch protection requires: success when allowed, failure when blocked (never neutral).</summary>
    public static CheckRunContent ForTarget(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var allowed = report.Decision == Decision.Allow;
        var title = allowed
            ? $"Promotion to {report.Target} allowed"
            : $"Promotion to {report.Target} blocked" + (report.BlockedGates.Count > 0 ? ": " + string.Join(", ", report.BlockedGates) : string.Empty)
                + (report.ActiveFreezes.Count > 0 ? " (frozen)" : string.Empty);
        var summary = new StringBuilder();
        MarkdownReportRenderer.RenderHeadline(summary, report);
        summary.Append('\n');
        MarkdownReportRenderer.RenderGateTable(summary, report);
        summary.Append('\n');
        MarkdownReportRenderer.RenderBlockingReasons(summary, report);

        var text = new StringBuilder();
        MarkdownReportRenderer.RenderDiagram(text, report);
        text.Append('\n');
        foreach (var gate in report.Gates)
        {
            MarkdownReportRenderer.RenderGateEvidence(text, gate);
        }

        return new CheckRunContent(AggregateName(report.Target), allowed ? "success" : "failure", title,
            Truncate(summary.ToString(), CheckRunTextLimit), Truncate(text.ToString(), CheckRunTextLimit));
    }

    /// <summary>
    /// One gate's check run: success when passed or overridden, skipped when the target does not require it,
    /// failure otherwise (a required gate that is pending or missing when the evaluation ends blocks).
    /// </summary>
    public static CheckRunContent ForGate(EvaluationReport report, GateReport gate)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(gate);
        var conclusion = gate.Status switch
        {
            GateStatus.Passed or GateStatus.Overridden => "success",
            GateStatus.NotRequired => "skipped",
            _ => "failure",
        };
        var title = $"{gate.Id} {gate.Name}: {ReportVocabulary.Of(gate.Status)}";
        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture,
            $"{ReportVocabulary.Icon(gate.Status)} **{MarkdownText.Escape(gate.Id)} · {MarkdownText.Escape(gate.Name)}** is {ReportVocabulary.Of(gate.Status)} for {MarkdownText.Code(report.Target)} (owner: {MarkdownText.Escape(gate.Owner)}), commit {MarkdownText.Code(ReportVocabulary.ShortSha(report.Sha))}.\n\n");
        MarkdownReportRenderer.RenderCheckTable(summary, gate);
        return new CheckRunContent(GateName(report.Target, gate.Id), conclusion, title, Truncate(summary.ToString(), CheckRunTextLimit), string.Empty);
    }

    /// <summary>The sticky status comment: the marker, then the Markdown report.</summary>
    public static string StatusComment(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var marker = CommentMarker(report.Target) + "\n";
        return marker + Truncate(MarkdownReportRenderer.Render(report), CommentLimit - marker.Length);
    }

    /// <summary>Cuts at a line boundary under the limit and says so; the JSON report always has everything.</summary>
    public static string Truncate(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit)
        {
            return text;
        }

        const string note = "\n\n_… truncated: the full report is in the job summary and the JSON report artifact._\n";
        var cut = text.LastIndexOf('\n', Math.Max(0, limit - note.Length - 1));
        return text[..(cut > 0 ? cut : limit - note.Length)] + note;
    }
}
