using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// The report as GitHub-flavoured Markdown: headline, gate table, blocking reasons, a Mermaid diagram of the
/// promotion path coloured by gate status, and each gate's evidence. The job summary, the PR comment and the
/// check-run summaries are this text (or parts of it).
/// </summary>
public static class MarkdownReportRenderer
{
    /// <param name="includeTimestamp">
    /// False for the sticky PR comment: the same decision on the same evidence must give the same text, so a re-run
    /// does not rewrite the comment (the check run and the job summary carry the time).
    /// </param>
    public static string Render(EvaluationReport report, bool includeTimestamp = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder(4096);
        RenderHeadline(md, report, includeTimestamp);
        md.Append('\n');
        RenderGateTable(md, report);
        md.Append('\n');
        RenderBlockingReasons(md, report);
        RenderOverrides(md, report);
        RenderUnrequiredOverrideLabels(md, report);
        RenderDiagram(md, report);
        md.Append('\n');
        foreach (var gate in report.Gates)
        {
            RenderGateEvidence(md, gate);
        }

        return md.ToString();
    }

    public static void RenderHeadline(StringBuilder md, EvaluationReport report, bool includeTimestamp = true)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        var allowed = report.Decision == Decision.Allow;
        md.Append(CultureInfo.InvariantCulture, $"### {(allowed ? "✅" : "⛔")} Promotion to {MarkdownText.Code(report.Target)} {(allowed ? "allowed" : "blocked")}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Commit {MarkdownText.Code(ReportVocabulary.ShortSha(report.Sha))}");
        if (report.Repository is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $" · {MarkdownText.Escape(report.Repository)}");
        }

        if (report.PullRequest is int pr)
        {
            md.Append(CultureInfo.InvariantCulture, $" · PR #{pr}");
        }

        md.Append(includeTimestamp ? $" · evaluated {ReportVocabulary.Timestamp(report.EvaluatedAt)}" : string.Empty);
        if (report.Policy is { } policy)
        {
            md.Append(CultureInfo.InvariantCulture, $" · policy {MarkdownText.Code(policy.ToString())}");
        }

        md.Append('\n');
    }

    public static void RenderGateTable(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        md.Append("| Gate | Name | Owner | Status | Evidence |\n| --- | --- | --- | --- | --- |\n");
        foreach (var gate in report.Gates)
        {
            var required = gate.Checks.Count(c => c.Required);
            var passed = gate.Checks.Count(c => c.Required && c.Outcome == CheckOutcome.Passed);
            var overridden = gate.Override is { } applied ? $" · overridden by {Login(applied.Actor)}" : string.Empty;
            md.Append(CultureInfo.InvariantCulture,
                $"| {MarkdownText.Escape(gate.Id)} | {MarkdownText.Escape(gate.Name)} | {MarkdownText.Escape(gate.Owner)} | {ReportVocabulary.Icon(gate.Status)} {ReportVocabulary.Of(gate.Status)} | {passed}/{required} required checks passed{overridden} |\n");
        }
    }

    public static void RenderBlockingReasons(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        if (report.BlockingReasons.Count == 0)
        {
            return;
        }

        md.Append("**Blocked by**\n\n");
        foreach (var reason in report.BlockingReasons)
        {
            md.Append(CultureInfo.InvariantCulture, $"- {MarkdownText.Code(reason.Code)} {MarkdownText.Escape(reason.Message)}\n");
        }

        md.Append('\n');
    }

    /// <summary>
    /// Every override decision, honoured and refused: gate, pull request, outcome, who (labeller, personas,
    /// confirmers), reason, when the label was applied, and until when it holds or why it was refused.
    /// </summary>
    public static void RenderOverrides(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Overrides.Count == 0)
        {
            return;
        }

        md.Append("**Overrides**\n\n| Gate | PR | Outcome | Who | Reason | Labelled at | Until / why refused |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var decision in report.Overrides)
        {
            var outcome = decision.Outcome == OverrideOutcome.Honoured
                ? Timestamp(decision.ExpiresAt)
                : $"{MarkdownText.Code(decision.Code)} {MarkdownText.Escape(decision.Message)}";
            md.Append(CultureInfo.InvariantCulture,
                $"| {MarkdownText.Escape(decision.Gate)} | #{decision.PullRequest} | {ReportVocabulary.Icon(decision.Outcome)} {ReportVocabulary.Of(decision.Outcome)} | {OverrideWho(decision)} | {Reason(decision.Reason)} | {Timestamp(decision.LabelledAt)} | {outcome} |\n");
        }

        if (report.Overrides.Any(d => !d.TeamsConsulted))
        {
            md.Append("\nTeam membership was not checked (no `org-token`): personas were matched by `users` and `permission` only.\n");
        }

        md.Append('\n');
    }

    /// <summary>One line per override label for a gate the target does not require: considered elsewhere, not ignored.</summary>
    public static void RenderUnrequiredOverrideLabels(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var label in report.UnrequiredOverrideLabels)
        {
            md.Append(CultureInfo.InvariantCulture, $"ℹ️ {MarkdownText.Escape(ReportVocabulary.UnrequiredLabelNotice(label, report.Target))}\n\n");
        }
    }

    /// <summary>Who: the labeller (escaped) with their personas, and the confirmers of a two-person override.</summary>
    public static string OverrideWho(OverrideDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Actor is null)
        {
            return "unknown";
        }

        var personas = decision.ActorPersonas.Count == 0 ? "no persona" : string.Join(", ", decision.ActorPersonas.Select(MarkdownText.Escape));
        var who = $"{Login(decision.Actor)} ({personas})";
        return decision.Confirmers.Count == 0 ? who : $"{who}, confirmed by {string.Join(", ", decision.Confirmers.Select(Login))}";
    }

    /// <summary>One line on the override applied to a gate: who, why and until when.</summary>
    public static string OverrideSummary(OverrideDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return $"🔓 Overridden by {OverrideWho(decision)} on PR #{decision.PullRequest.ToString(CultureInfo.InvariantCulture)} with {MarkdownText.Code(decision.Label)}, applied {Timestamp(decision.LabelledAt)}, until {Timestamp(decision.ExpiresAt)}. Reason: {Reason(decision.Reason)}";
    }

    internal static string Login(string? login) => login is null ? "unknown" : MarkdownText.Code(login);

    internal static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? "—" : MarkdownText.Escape(reason);

    internal static string Timestamp(DateTimeOffset? value) => value is { } time ? ReportVocabulary.Timestamp(time) : "—";

    /// <summary>The promotion path: commit → each gate the target requires → target, coloured by state.</summary>
    public static void RenderDiagram(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        var path = report.Gates.Where(g => g.Required).ToList();
        md.Append("```mermaid\nflowchart LR\n");
        md.Append(CultureInfo.InvariantCulture, $"  commit([\"{MarkdownText.Mermaid(ReportVocabulary.ShortSha(report.Sha))}\"])\n");
        for (var i = 0; i < path.Count; i++)
        {
            var gate = path[i];
            md.Append(CultureInfo.InvariantCulture,
                $"  gate{i}[\"{MarkdownText.Mermaid(gate.Id)} · {MarkdownText.Mermaid(gate.Name)}<br/>{ReportVocabulary.Of(gate.Status)}\"]\n");
        }

        var decision = report.Decision == Decision.Allow ? "allowed" : "blocked";
        md.Append(CultureInfo.InvariantCulture, $"  target{{{{\"{MarkdownText.Mermaid(report.Target)}: {decision}\"}}}}\n");
        md.Append("  commit");
        for (var i = 0; i < path.Count; i++)
        {
            md.Append(CultureInfo.InvariantCulture, $" --> gate{i}");
        }

        md.Append(" --> target\n");
        if (report.ActiveFreezes.Count > 0)
        {
            var freeze = report.ActiveFreezes[0];
            md.Append(CultureInfo.InvariantCulture, $"  freeze[/\"frozen {MarkdownText.Mermaid(freeze.From)} – {MarkdownText.Mermaid(freeze.To)} UTC\"/] -.- target\n");
            md.Append("  class freeze failed\n");
        }

        md.Append("  classDef passed fill:#dafbe1,stroke:#1a7f37,color:#116329\n");
        md.Append("  classDef failed fill:#ffebe9,stroke:#cf222e,color:#a40e26\n");
        md.Append("  classDef pending fill:#fff8c5,stroke:#9a6700,color:#7d4e00\n");
        md.Append("  classDef missing fill:#f6f8fa,stroke:#57606a,color:#424a53,stroke-dasharray:4 3\n");
        md.Append("  classDef overridden fill:#ddf4ff,stroke:#0969da,color:#0550ae\n");
        md.Append("  class commit passed\n");
        for (var i = 0; i < path.Count; i++)
        {
            md.Append(CultureInfo.InvariantCulture, $"  class gate{i} {ReportVocabulary.Of(path[i].Status)}\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"  class target {(report.Decision == Decision.Allow ? "passed" : "failed")}\n```\n");
    }

    public static void RenderGateEvidence(StringBuilder md, GateReport gate)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(gate);
        var open = gate.Required && gate.Status is not (GateStatus.Passed or GateStatus.Overridden) ? " open" : string.Empty;
        md.Append(CultureInfo.InvariantCulture,
            $"<details{open}><summary>{ReportVocabulary.Icon(gate.Status)} {MarkdownText.EscapeHtml(gate.Id)} · {MarkdownText.EscapeHtml(gate.Name)}: {ReportVocabulary.Of(gate.Status)}</summary>\n\n");
        if (gate.Override is { } applied)
        {
            md.Append(OverrideSummary(applied)).Append("\n\n");
        }

        RenderCheckTable(md, gate);
        md.Append("\n</details>\n\n");
    }

    /// <summary>How many results one table cell lists by name; the rest are counted (a matrix of hundreds stays one short row).</summary>
    public const int ListedResults = 10;

    /// <summary>
    /// One check's results: a count by outcome first (whole, whatever follows), then the results by name, those that
    /// fail or wait before those that passed, at most <see cref="ListedResults"/> of them, and how many more.
    /// </summary>
    private static string Results(IReadOnlyList<MatchedResult> matches)
    {
        var counts = string.Join(", ", matches.GroupBy(m => m.Outcome).OrderBy(g => g.Key == CheckOutcome.Passed ? 1 : 0)
            .Select(g => $"{g.Count().ToString(CultureInfo.InvariantCulture)} {ReportVocabulary.Of(g.Key)}"));
        var listed = matches.OrderBy(m => m.Outcome == CheckOutcome.Passed ? 1 : 0).Take(ListedResults)
            .Select(m => $"{MarkdownText.Link(m.Name, m.Url)} {MarkdownText.EscapeHtml(m.State)}{ReviewDetail(m)}");
        var more = matches.Count > ListedResults ? $"<br/>… and {(matches.Count - ListedResults).ToString(CultureInfo.InvariantCulture)} more" : string.Empty;
        return (matches.Count > 1 ? counts + ":<br/>" : string.Empty) + string.Join("<br/>", listed) + more;
    }

    /// <summary>A review's time and pull request (" at 2026-12-01 09:00 UTC on #12"); empty for CI results.</summary>
    private static string ReviewDetail(MatchedResult m) =>
        (m.At is { } at ? $" at {MarkdownText.EscapeHtml(ReportVocabulary.Timestamp(at))}" : string.Empty)
        + (m.PullRequest is { } pr ? $" on #{pr.ToString(CultureInfo.InvariantCulture)}" : string.Empty);

    public static void RenderCheckTable(StringBuilder md, GateReport gate)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(gate);
        md.Append("| Check | Evidence | Outcome | Reason | Results |\n| --- | --- | --- | --- | --- |\n");
        foreach (var check in gate.Checks)
        {
            var name = $"{check.Kind} {MarkdownText.Code(check.Pattern)}";
            if (check.Min > 1)
            {
                name += $" (min {check.Min})";
            }

            if (!check.Required)
            {
                name += " (optional)";
            }

            var results = check.Matches.Count == 0 ? "none" : Results(check.Matches);
            if (check.IgnoredResults.Count > 0)
            {
                results += "<br/>ignored: " + string.Join(", ", check.IgnoredResults.Select(m => m.Note is { } note
                    ? $"{MarkdownText.EscapeHtml(m.Name)} {MarkdownText.EscapeHtml(m.State)}{ReviewDetail(m)} ({MarkdownText.EscapeHtml(note)})"
                    : $"{MarkdownText.EscapeHtml(m.Name)} from {MarkdownText.EscapeHtml(m.App ?? "unknown")}"));
            }

            md.Append(CultureInfo.InvariantCulture,
                $"| {name} | {MarkdownText.Escape(check.Evidence ?? "")} | {ReportVocabulary.Icon(check.Outcome)} {ReportVocabulary.Of(check.Outcome)} | {MarkdownText.Code(check.Reason)} | {results} |\n");
        }
    }
}
