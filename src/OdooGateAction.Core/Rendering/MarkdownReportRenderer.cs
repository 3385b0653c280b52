using System.Globalization;
using System.Text;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>Which Markdown record is rendered.</summary>
public sealed record MarkdownOptions
{
    /// <summary>
    /// False for the sticky PR comment: the same decision on the same evidence must give the same text, so a re-run
    /// does not rewrite the comment (the check run and the job summary carry the time).
    /// </summary>
    public bool IncludeTimestamp { get; init; } = true;

    /// <summary>The sticky PR comment: the evidence and the promotion path folded into one <c>&lt;details&gt;</c>.</summary>
    public bool Comment { get; init; }

    /// <summary>A dry run: marked in the headline and with a note (nothing was written to GitHub).</summary>
    public bool DryRun { get; init; }

    /// <summary>The job summary and <c>evaluate --format markdown</c>.</summary>
    public static MarkdownOptions Summary { get; } = new();

    /// <summary>The sticky PR comment.</summary>
    public static MarkdownOptions StickyComment { get; } = new() { IncludeTimestamp = false, Comment = true };
}

/// <summary>
/// The report as GitHub-flavoured Markdown, decision first: a headline (allowed, blocked or waiting, target and commit),
/// then per blocking gate what is wrong, who owns it and what would unblock it (<see cref="NextSteps"/>), one line for
/// the gates that passed and one for those the target does not require, the overrides as a small table, and the
/// evidence and a Mermaid diagram of the promotion path (folded in the PR comment). The job summary, the PR comment and
/// the check-run summaries are this text (or parts of it). Every name from outside is escaped where it is written.
/// </summary>
public static class MarkdownReportRenderer
{
    /// <summary>Names as escaped code (no Markdown, no HTML, no mention: no <c>@</c> is ever written), prose escaped.</summary>
    public static Wording Words { get; } = new(MarkdownText.Code, MarkdownText.Escape);

    public static string Render(EvaluationReport report, MarkdownOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= MarkdownOptions.Summary;
        var md = new StringBuilder(4096);
        RenderHeadline(md, report, options);
        md.Append('\n');
        RenderNextSteps(md, report);
        RenderGateLines(md, report);
        RenderOverrides(md, report);
        RenderUnrequiredOverrideLabels(md, report);
        if (options.Comment)
        {
            md.Append("<details><summary>Evidence and promotion path</summary>\n\n");
            RenderDiagram(md, report);
            md.Append('\n');
            foreach (var gate in report.Gates.Where(g => g.Required))
            {
                md.Append(CultureInfo.InvariantCulture, $"**{GateTitle(gate)}**: {ReportVocabulary.Icon(gate.Status)} {StatusWords(gate.Status)}\n\n");
                RenderCheckTable(md, gate);
                md.Append('\n');
            }

            md.Append("</details>\n");
            return md.ToString();
        }

        RenderDiagram(md, report);
        md.Append('\n');
        foreach (var gate in report.Gates.Where(g => g.Required))
        {
            RenderGateEvidence(md, gate);
        }

        return md.ToString();
    }

    /// <summary>
    /// "### ⛔ Promotion to <c>merge</c> blocked · commit <c>a1f3c9d</c>" (or allowed, or waiting for its checks; marked as
    /// a dry run), then the pull request, repository, time and policy on one line, and a note for a dry run.
    /// </summary>
    public static void RenderHeadline(StringBuilder md, EvaluationReport report, MarkdownOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        options ??= MarkdownOptions.Summary;
        var verdict = NextSteps.VerdictOf(report);
        var (icon, words) = verdict switch
        {
            Verdict.Allowed => ("✅", "allowed"),
            Verdict.Waiting => ("⏳", "waiting for " + Names(NextSteps.WaitingFor(report, MarkdownText.Code))),
            _ => ("⛔", "blocked"),
        };
        var dryRun = options.DryRun ? "🧪 Dry run: " : string.Empty;
        md.Append(CultureInfo.InvariantCulture,
            $"### {dryRun}{icon} Promotion to {MarkdownText.Code(report.Target)} {words} · commit {MarkdownText.Code(ReportVocabulary.ShortSha(report.Sha))}\n\n");
        var facts = new List<string>();
        if (report.PullRequest is int pr)
        {
            facts.Add($"PR #{pr.ToString(CultureInfo.InvariantCulture)}");
        }

        if (report.Repository is not null)
        {
            facts.Add(MarkdownText.Escape(report.Repository));
        }

        if (options.IncludeTimestamp)
        {
            facts.Add($"evaluated {ReportVocabulary.Timestamp(report.EvaluatedAt)}");
        }

        if (report.Policy is { } policy)
        {
            facts.Add($"policy {MarkdownText.Code(policy.ToString())}");
        }

        if (facts.Count > 0)
        {
            md.Append(string.Join(" · ", facts)).Append('\n');
        }

        if (options.DryRun)
        {
            md.Append("\n> [!NOTE]\n> Dry run: nothing was written to GitHub, and the step passes whatever the decision.\n");
        }
    }

    /// <summary>
    /// One list item per blocking gate — what is wrong, its owner (persona name, GitHub teams and users), and what would
    /// unblock it — and one per freeze window in force.
    /// </summary>
    public static void RenderNextSteps(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        var gates = NextSteps.BlockingGates(report);
        if (gates.Count == 0 && report.ActiveFreezes.Count == 0)
        {
            return;
        }

        md.Append(NextSteps.VerdictOf(report) == Verdict.Waiting ? "**Waiting for**\n\n" : "**What blocks, and what to do next**\n\n");
        foreach (var gate in gates)
        {
            md.Append(CultureInfo.InvariantCulture, $"- {GateStep(report, gate)}\n");
        }

        foreach (var freeze in report.ActiveFreezes)
        {
            var why = freeze.Reason is null ? string.Empty : $" ({MarkdownText.Escape(freeze.Reason)})";
            md.Append(CultureInfo.InvariantCulture,
                $"- 🧊 **Frozen**: {MarkdownText.Code(report.Target)} is frozen from {MarkdownText.Escape(freeze.From)} to {MarkdownText.Escape(freeze.To)} UTC{why}<br>Next: wait until {MarkdownText.Escape(freeze.To)} UTC; a freeze cannot be overridden\n");
        }

        md.Append('\n');
    }

    /// <summary>One blocking gate on one line: "❌ **G1 · Build**: <c>pre-commit</c> failed&lt;br&gt;Owner: …&lt;br&gt;Next: …".</summary>
    public static string GateStep(EvaluationReport report, GateReport gate)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(gate);
        return $"{ReportVocabulary.Icon(gate.Status)} **{GateTitle(gate)}**: {NextSteps.Problem(gate, Words)}<br>Owner: {NextSteps.Persona(report, gate.Owner, Words)}<br>Next: {NextSteps.Unblock(report, gate, Words)}";
    }

    /// <summary>
    /// One line for the required gates that pass (passed or overridden) and one for the gates the target does not
    /// require: "➖ G2, G3 and G4 are not required for <c>merge</c>."
    /// </summary>
    public static void RenderGateLines(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        var passing = report.Gates.Where(g => g.Required && g.Status is GateStatus.Passed or GateStatus.Overridden).ToList();
        if (passing.Count > 0)
        {
            md.Append(string.Join(" · ", passing.Select(g =>
            {
                var required = g.Checks.Count(c => c.Required);
                var checks = g.Status == GateStatus.Passed ? $" ({required.ToString(CultureInfo.InvariantCulture)} check{(required == 1 ? string.Empty : "s")})" : string.Empty;
                var by = g.Override is { Actor: { } actor } ? $" by {MarkdownText.Code(actor)}" : string.Empty;
                return $"{ReportVocabulary.Icon(g.Status)} {GateTitle(g)} {StatusWords(g.Status)}{checks}{by}";
            }))).Append("\n\n");
        }

        var notRequired = report.Gates.Where(g => !g.Required).Select(g => MarkdownText.Escape(g.Id)).ToList();
        if (notRequired.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"➖ {JoinAnd(notRequired)} {(notRequired.Count == 1 ? "is" : "are")} not required for {MarkdownText.Code(report.Target)}.\n\n");
        }
    }

    /// <summary>
    /// Every override decision, honoured and refused, as a small table: gate (and PR), who (labeller, personas,
    /// confirmers), decision (honoured, or refused and why in a few words), why (the reason given), until.
    /// </summary>
    public static void RenderOverrides(StringBuilder md, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Overrides.Count == 0)
        {
            return;
        }

        md.Append("**Overrides**\n\n| Gate | Who | Decision | Why | Until |\n| --- | --- | --- | --- | --- |\n");
        foreach (var decision in report.Overrides)
        {
            var outcome = decision.Outcome == OverrideOutcome.Honoured
                ? $"{ReportVocabulary.Icon(decision.Outcome)} honoured"
                : $"{ReportVocabulary.Icon(decision.Outcome)} refused: {OverrideWords.Refusal(decision, Words)}";
            var until = decision.Outcome == OverrideOutcome.Honoured ? Timestamp(decision.ExpiresAt) : "—";
            md.Append(CultureInfo.InvariantCulture,
                $"| {MarkdownText.Escape(decision.Gate)} · PR #{decision.PullRequest} | {OverrideWho(decision)} | {outcome} | {Reason(decision.Reason)} | {until} |\n");
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

    /// <summary>"G1 · Build &amp; static quality", escaped.</summary>
    internal static string GateTitle(GateReport gate) => $"{MarkdownText.Escape(gate.Id)} · {MarkdownText.Escape(gate.Name)}";

    /// <summary>A gate's state in words: "passed", "failed", "still running", "missing checks", "overridden", "not required".</summary>
    internal static string StatusWords(GateStatus status) => status switch
    {
        GateStatus.Pending => "still running",
        GateStatus.Missing => "missing checks",
        GateStatus.NotRequired => "not required",
        _ => ReportVocabulary.Of(status),
    };

    /// <summary>Up to three names as code, "and N more".</summary>
    /// <summary>Items already worded: "a, b and c", or "a, b, c and 2 more".</summary>
    private static string Names(IReadOnlyList<string> names)
    {
        var listed = names.Take(CheckWords.ListedNames).ToList();
        return names.Count > listed.Count
            ? $"{string.Join(", ", listed)} and {(names.Count - listed.Count).ToString(CultureInfo.InvariantCulture)} more"
            : JoinAnd(listed);
    }

    private static string JoinAnd(List<string> items) =>
        items.Count <= 1 ? string.Join(string.Empty, items) : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

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

        var decision = NextSteps.VerdictOf(report) switch
        {
            Verdict.Allowed => "allowed",
            Verdict.Waiting => "waiting",
            _ => "blocked",
        };
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
            $"<details{open}><summary>{ReportVocabulary.Icon(gate.Status)} {GateTitle(gate)}: {StatusWords(gate.Status)}</summary>\n\n");
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
        md.Append("| Check | Evidence | Outcome | Results |\n| --- | --- | --- | --- |\n");
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
                $"| {name} | {MarkdownText.Escape(check.Evidence ?? "")} | {ReportVocabulary.Icon(check.Outcome)} {CheckWords.Outcome(check)} | {results} |\n");
        }
    }
}
