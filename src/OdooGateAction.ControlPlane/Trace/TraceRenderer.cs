using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.ControlPlane.Trace;

/// <summary>
/// The release trace as text (for the log: printed through the output sink, which neutralises every line), Markdown
/// (every outside value escaped with <see cref="MarkdownText"/>) or JSON. Formats: <see cref="Formats"/>.
/// </summary>
public static class TraceRenderer
{
    public static IReadOnlyList<string> Formats { get; } = ["text", "markdown", "json"];

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(ReleaseTrace trace, string format) => format switch
    {
        "text" => Text(trace),
        "markdown" => Markdown(trace),
        "json" => Json(trace),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "text, markdown or json"),
    };

    /// <summary>Plain text, one line per fact; every outside value is one line (<see cref="LogText.Inline"/>: a line break shows as <c>\n</c>).</summary>
    public static string Text(ReleaseTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Release trace of {trace.Sha}{(trace.Repository is null ? string.Empty : " in " + V(trace.Repository))}: ")
            .Append(CultureInfo.InvariantCulture, $"{trace.Evaluations.Count} evaluation(s); targets {string.Join(" → ", trace.Targets.Select(V))}\n");
        foreach (var evaluation in trace.Evaluations)
        {
            text.Append('\n').Append(ReportVocabulary.Timestamp(evaluation.At)).Append("  ").Append(V(evaluation.Target)).Append(": ")
                .Append(V(evaluation.Decision ?? "(no decision recorded)"))
                .Append(CultureInfo.InvariantCulture, $"  [{V(evaluation.Repository)}{(evaluation.PullRequest is int pr ? $" PR #{pr}" : string.Empty)}, {Run(evaluation)}, policy {V(Policy(evaluation))}]\n");
            if (evaluation.Gates.Count > 0)
            {
                text.Append("  gates: ").AppendJoin(", ", evaluation.Gates.Select(g => $"{V(g.Key)} {V(g.Value)}")).Append('\n');
            }

            foreach (var applied in evaluation.Overrides)
            {
                text.Append("  override ").Append(V(applied.Gate)).Append(applied.Honoured ? " honoured" : " refused")
                    .Append(applied.Code is null || applied.Honoured ? string.Empty : $" ({V(applied.Code)})")
                    .Append(": label by ").Append(V(applied.Actor ?? "(unknown)"))
                    .Append(string.IsNullOrEmpty(applied.Persona) ? string.Empty : $" ({V(applied.Persona)})")
                    .Append(applied.Confirmers.Count > 0 ? $", confirmed by {string.Join(", ", applied.Confirmers.Select(V))}" : string.Empty)
                    .Append(applied.Reason is null ? ", no reason" : $", reason \"{V(applied.Reason)}\"")
                    .Append(applied.Until is { } until ? $", until {ReportVocabulary.Timestamp(until)}" : string.Empty)
                    .Append('\n');
            }
        }

        if (trace.Evaluations.Count > 0)
        {
            text.Append("\nLatest per target: ").AppendJoin(" · ", trace.Latest.Select(e => $"{V(e.Target)} {V(e.Decision ?? "?")}")).Append('\n');
        }

        return text.ToString();
    }

    private static string V(string text) => LogText.Inline(text);

    public static string Markdown(ReleaseTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var md = new StringBuilder();
        md.Append("## Release trace of ").Append(MarkdownText.Code(trace.Sha));
        if (trace.Repository is not null)
        {
            md.Append(" in ").Append(MarkdownText.Escape(trace.Repository));
        }

        md.Append("\n\n");
        if (trace.Evaluations.Count == 0)
        {
            return md.Append("No audit events.\n").ToString();
        }

        md.Append("Latest per target: ").AppendJoin(" → ", trace.Latest.Select(e => $"{MarkdownText.Escape(e.Target)} **{MarkdownText.Escape(e.Decision ?? "?")}**")).Append("\n\n");
        md.Append("| time (UTC) | target | decision | gates | overrides | policy | run |\n|---|---|---|---|---|---|---|\n");
        foreach (var evaluation in trace.Evaluations)
        {
            md.Append("| ").Append(ReportVocabulary.Timestamp(evaluation.At))
                .Append(" | ").Append(MarkdownText.Escape(evaluation.Target))
                .Append(" | ").Append(MarkdownText.Escape(evaluation.Decision ?? "—"))
                .Append(" | ").AppendJoin("<br>", evaluation.Gates.Select(g => $"{MarkdownText.Escape(g.Key)} {MarkdownText.Escape(g.Value)}"))
                .Append(" | ").AppendJoin("<br>", evaluation.Overrides.Select(OverrideMarkdown))
                .Append(" | ").Append(MarkdownText.Escape(Policy(evaluation)))
                .Append(" | ").Append(MarkdownText.Escape(Run(evaluation)))
                .Append(" |\n");
        }

        return md.ToString();
    }

    public static string Json(ReleaseTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("sha", trace.Sha);
            json.WriteString("repository", trace.Repository);
            json.WriteStartArray("targets");
            foreach (var latest in trace.Latest)
            {
                json.WriteStartObject();
                json.WriteString("target", latest.Target);
                json.WriteString("decision", latest.Decision);
                json.WriteString("at", ReportVocabulary.Timestamp(latest.At));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("evaluations");
            foreach (var evaluation in trace.Evaluations)
            {
                json.WriteStartObject();
                json.WriteString("at", ReportVocabulary.Timestamp(evaluation.At));
                json.WriteString("repository", evaluation.Repository);
                json.WriteString("target", evaluation.Target);
                WriteNumber(json, "pull_request", evaluation.PullRequest);
                json.WriteString("decision", evaluation.Decision);
                WriteNumber(json, "run_id", evaluation.RunId);
                WriteNumber(json, "run_attempt", evaluation.RunAttempt);
                json.WriteString("config_ref", evaluation.ConfigRef);
                json.WriteString("config_sha", evaluation.ConfigSha);
                json.WriteStartObject("gates");
                foreach (var (gate, outcome) in evaluation.Gates)
                {
                    json.WriteString(gate, outcome);
                }

                json.WriteEndObject();
                json.WriteStartArray("overrides");
                foreach (var applied in evaluation.Overrides)
                {
                    json.WriteStartObject();
                    json.WriteString("gate", applied.Gate);
                    json.WriteString("outcome", applied.Honoured ? "honoured" : "refused");
                    json.WriteString("code", applied.Code);
                    json.WriteString("actor", applied.Actor);
                    json.WriteString("persona", applied.Persona);
                    json.WriteString("reason", applied.Reason);
                    json.WriteString("until", applied.Until is { } until ? ReportVocabulary.Timestamp(until) : null);
                    json.WriteStartArray("confirmers");
                    foreach (var confirmer in applied.Confirmers)
                    {
                        json.WriteStringValue(confirmer);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string OverrideMarkdown(TraceOverride applied)
    {
        var text = new StringBuilder()
            .Append(applied.Honoured ? "🔓 " : "⛔ ").Append(MarkdownText.Escape(applied.Gate)).Append(applied.Honoured ? " honoured" : " refused")
            .Append(" by ").Append(MarkdownText.Escape(applied.Actor ?? "(unknown)"));
        if (!string.IsNullOrEmpty(applied.Persona))
        {
            text.Append(" (").Append(MarkdownText.Escape(applied.Persona)).Append(')');
        }

        if (applied.Reason is not null)
        {
            text.Append(": ").Append(MarkdownText.Escape(applied.Reason));
        }

        if (applied.Until is { } until)
        {
            text.Append(", until ").Append(ReportVocabulary.Timestamp(until));
        }

        return text.ToString();
    }

    private static string Run(TraceEvaluation evaluation) =>
        evaluation.RunId is long id ? string.Create(CultureInfo.InvariantCulture, $"run {id} attempt {evaluation.RunAttempt?.ToString(CultureInfo.InvariantCulture) ?? "?"}") : "local run";

    private static string Policy(TraceEvaluation evaluation) =>
        evaluation.ConfigRef is null && evaluation.ConfigSha is null
            ? "workspace"
            : $"{evaluation.ConfigRef ?? "?"}@{(evaluation.ConfigSha is null ? "?" : ReportVocabulary.ShortSha(evaluation.ConfigSha))}";

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
