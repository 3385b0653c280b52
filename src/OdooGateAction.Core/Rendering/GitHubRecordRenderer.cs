using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

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

    /// <summary>
    /// The hidden marker of the audit comment of one override decision: <c>&lt;!-- odoo-gates:override:G2:123 --&gt;</c>.
    /// A gate name that is not a configured gate comes from a label: anything but letters, digits, <c>.</c>, <c>_</c>
    /// and <c>-</c> becomes <c>_</c>, so it can never close the HTML comment.
    /// </summary>
    public static string OverrideMarker(string gate, long labelEventId)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var safe = new string(gate.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
        return $"<!-- odoo-gates:override:{safe}:{labelEventId.ToString(CultureInfo.InvariantCulture)} -->";
    }

    /// <summary>
    /// The audit comment of one override decision and target (posted once, rewritten only when it does not state the
    /// decision: <see cref="OverrideCommentAgrees"/>): the marker, then honoured or refused, the gate, the target, who
    /// (with personas and confirmers), the reason, the commit, and until when it holds or why it was refused. All user
    /// text is escaped. Nothing in it depends on the evaluation time, so a decision that stands renders the same.
    /// </summary>
    public static string OverrideComment(EvaluationReport report, OverrideDecision decision)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(decision);
        var honoured = decision.Outcome == OverrideOutcome.Honoured;
        var md = new StringBuilder(1024);
        md.Append(OverrideMarker(decision.Gate, decision.LabelEventId)).Append('\n');
        md.Append(CultureInfo.InvariantCulture,
            $"### {ReportVocabulary.Icon(decision.Outcome)} Override of {MarkdownText.Escape(decision.Gate)} {ReportVocabulary.Of(decision.Outcome)} for {MarkdownText.Code(report.Target)}\n\n");
        var gateName = report.Gates.FirstOrDefault(g => string.Equals(g.Id, decision.Gate, StringComparison.Ordinal))?.Name;
        md.Append(CultureInfo.InvariantCulture, $"- **Gate**: {MarkdownText.Escape(decision.Gate)}{(gateName is null ? string.Empty : " · " + MarkdownText.Escape(gateName))}\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Label**: {MarkdownText.Code(decision.Label)} on PR #{decision.PullRequest}\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Applied by**: {MarkdownReportRenderer.OverrideWho(decision)}");
        if (decision.LabelledAt is { } at)
        {
            md.Append(CultureInfo.InvariantCulture, $" at {ReportVocabulary.Timestamp(at)}");
        }

        md.Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"- **Reason**: {MarkdownReportRenderer.Reason(decision.Reason)}\n");
        md.Append(CultureInfo.InvariantCulture, $"- **Commit**: {MarkdownText.Code(ReportVocabulary.ShortSha(report.Sha))}\n");
        if (honoured)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **Valid until**: {MarkdownReportRenderer.Timestamp(decision.ExpiresAt)}\n");
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture, $"- **Refused**: {MarkdownText.Code(decision.Code)} {MarkdownText.Escape(ReportSentences.Of(decision))}\n");
        }

        if (!decision.TeamsConsulted)
        {
            md.Append("\nTeam membership was not checked (no `org-token`): personas were matched by `users` and `permission` only.\n");
        }

        md.Append(honoured
            ? "\nThe gate counts as passed for this target until the override expires or goes stale.\n"
            : decision.Code == OverrideCodes.NotOverridable
                ? $"\nThe gate is not overridden: it may not be overridden for {MarkdownText.Code(report.Target)}, so only its own evidence can pass it.\n"
                : "\nThe gate is not overridden: it still needs its evidence or a valid override.\n");
        return Truncate(md.ToString(), CommentLimit);
    }

    /// <summary>
    /// Whether an audit comment found by its override marker is the record of <paramref name="target"/>'s decision: its
    /// first heading (<c>### … Override of G2 honoured for `staging`</c>) names that target, or it has no heading at all
    /// (a record that names another target is that target's to keep true).
    /// </summary>
    public static bool IsOverrideCommentFor(string body, string target)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(target);
        var heading = body.ReplaceLineEndings("\n").Split('\n').FirstOrDefault(l => l.StartsWith("### ", StringComparison.Ordinal));
        return heading is null || heading.EndsWith(" for " + MarkdownText.Code(target), StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether an existing audit comment states the decision <paramref name="expected"/> renders: the same text, except
    /// perhaps the commit it was first written on (an override that stands across commits is not rewritten for each).
    /// Anything else — another outcome, code, person, reason or expiry, or text added anywhere — disagrees.
    /// </summary>
    public static bool OverrideCommentAgrees(string existing, string expected)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(expected);
        if (string.Equals(existing, expected, StringComparison.Ordinal))
        {
            return true;
        }

        var (start, end) = CommitValue(expected);
        var (existingStart, existingEnd) = CommitValue(existing);
        if (start < 0 || existingStart < 0)
        {
            return false;
        }

        var sha = existing[existingStart..existingEnd];
        return sha.Length is > 0 and <= 40 && sha.All(char.IsAsciiHexDigitLower)
            && string.Equals(string.Concat(expected.AsSpan(0, start), sha, expected.AsSpan(end)), existing, StringComparison.Ordinal);
    }

    /// <summary>Where the short SHA of the <c>Commit</c> line of an audit comment is; (-1, -1) when it has none.</summary>
    private static (int Start, int End) CommitValue(string body)
    {
        const string prefix = "\n- **Commit**: <code>";
        var line = body.IndexOf(prefix, StringComparison.Ordinal);
        if (line < 0)
        {
            return (-1, -1);
        }

        var start = line + prefix.Length;
        var end = body.IndexOf("</code>\n", start, StringComparison.Ordinal);
        return end < 0 ? (-1, -1) : (start, end);
    }

    /// <summary>The check run branch protection requires: success when allowed, failure when blocked (never neutral).</summary>
    public static CheckRunContent ForTarget(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var title = NextSteps.VerdictOf(report) switch
        {
            Verdict.Allowed => $"Promotion to {report.Target} allowed",
            Verdict.Waiting => $"Promotion to {report.Target} waiting for {string.Join(", ", NextSteps.WaitingFor(report, name => name).Take(CheckWords.ListedNames))}"
                + (NextSteps.WaitingFor(report, name => name).Count > CheckWords.ListedNames ? " …" : string.Empty),
            _ => $"Promotion to {report.Target} blocked" + (report.BlockedGates.Count > 0 ? ": " + string.Join(", ", report.BlockedGates) : string.Empty)
                + (report.ActiveFreezes.Count > 0 ? " (frozen)" : string.Empty),
        };
        var summary = new StringBuilder();
        MarkdownReportRenderer.RenderHeadline(summary, report);
        summary.Append('\n');
        MarkdownReportRenderer.RenderNextSteps(summary, report);
        MarkdownReportRenderer.RenderGateLines(summary, report);

        var text = new StringBuilder();
        MarkdownReportRenderer.RenderDiagram(text, report);
        text.Append('\n');
        foreach (var gate in report.Gates.Where(g => g.Required))
        {
            MarkdownReportRenderer.RenderGateEvidence(text, gate);
        }

        return new CheckRunContent(AggregateName(report.Target), report.Decision == Decision.Allow ? "success" : "failure", title,
            Truncate(summary.ToString(), CheckRunTextLimit), Truncate(text.ToString(), CheckRunTextLimit));
    }

    /// <summary>
    /// The required check run when a record of the decision could not be written: <c>failure</c>, whatever the decision,
    /// because the run exits 3 and branch protection must not read success from it.
    /// </summary>
    public static CheckRunContent ForIncompleteRecords(EvaluationReport report, string failedRecord)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(failedRecord);
        var summary = new StringBuilder();
        MarkdownReportRenderer.RenderHeadline(summary, report);
        summary.Append(CultureInfo.InvariantCulture,
            $"\n**Records incomplete**: {MarkdownText.Escape(failedRecord)} could not be written, so this run failed (exit code 3) whatever the decision. Re-run the job; the run's log says what failed.\n");
        return new CheckRunContent(AggregateName(report.Target), "failure", $"Records incomplete: {report.Target} not decided on GitHub", Truncate(summary.ToString(), CheckRunTextLimit), string.Empty);
    }

    /// <summary>
    /// One gate's check run: success when passed or overridden, failure otherwise (a required gate that is pending or
    /// missing when the evaluation ends blocks); for a gate the target does not require (a run of an earlier
    /// evaluation on the commit, completed so it is not left behind), skipped, saying so.
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
        var title = gate.Status == GateStatus.NotRequired
            ? $"{gate.Id} {gate.Name}: not required for {report.Target}"
            : $"{gate.Id} {gate.Name}: {MarkdownReportRenderer.StatusWords(gate.Status)}" + (gate.Override is { Actor: { } by } ? $" by {by}" : string.Empty);
        var summary = new StringBuilder();
        var commit = MarkdownText.Code(ReportVocabulary.ShortSha(report.Sha));
        if (gate.Status == GateStatus.NotRequired)
        {
            summary.Append(CultureInfo.InvariantCulture,
                $"➖ **{MarkdownReportRenderer.GateTitle(gate)}** is not required for {MarkdownText.Code(report.Target)}, commit {commit}: it has no part in this decision.\n");
            return new CheckRunContent(GateName(report.Target, gate.Id), conclusion, title, Truncate(summary.ToString(), CheckRunTextLimit), string.Empty);
        }

        if (gate.Status is GateStatus.Passed or GateStatus.Overridden)
        {
            summary.Append(CultureInfo.InvariantCulture,
                $"{ReportVocabulary.Icon(gate.Status)} **{MarkdownReportRenderer.GateTitle(gate)}** {MarkdownReportRenderer.StatusWords(gate.Status)} for {MarkdownText.Code(report.Target)}, commit {commit}.\n\n");
        }
        else
        {
            summary.Append(CultureInfo.InvariantCulture, $"For {MarkdownText.Code(report.Target)}, commit {commit}:\n\n{MarkdownReportRenderer.GateStep(report, gate)}\n\n");
        }

        if (gate.Override is { } applied)
        {
            summary.Append(MarkdownReportRenderer.OverrideSummary(applied)).Append("\n\n");
        }

        foreach (var refused in report.Overrides.Where(d => d.Outcome == OverrideOutcome.Refused && string.Equals(d.Gate, gate.Id, StringComparison.Ordinal)))
        {
            summary.Append(CultureInfo.InvariantCulture,
                $"⛔ Override on PR #{refused.PullRequest} refused: {OverrideWords.Refusal(refused, MarkdownReportRenderer.Words)}.\n\n");
        }

        MarkdownReportRenderer.RenderCheckTable(summary, gate);
        return new CheckRunContent(GateName(report.Target, gate.Id), conclusion, title, Truncate(summary.ToString(), CheckRunTextLimit), string.Empty);
    }

    /// <summary>The sticky status comment: the marker, then the Markdown report (evidence folded, no time).</summary>
    public static string StatusComment(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var marker = CommentMarker(report.Target) + "\n";
        return marker + Truncate(MarkdownReportRenderer.Render(report, MarkdownOptions.StickyComment), CommentLimit - marker.Length);
    }

    /// <summary>Cuts at a line boundary under the limit and says so; the JSON report always has everything.</summary>
    /// <summary>Cuts <paramref name="text"/> to <paramref name="limitBytes"/> UTF-8 bytes (GitHub counts bytes), with a note saying where the rest is.</summary>
    public static string Truncate(string text, int limitBytes) =>
        MarkdownTruncation.ToBytes(text, limitBytes, "\n\n_… truncated to fit GitHub's size limit: the full report is in the job summary (Details) and the JSON report artifact._\n");
}
