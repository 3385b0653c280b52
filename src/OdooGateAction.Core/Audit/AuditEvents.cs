using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Audit;

/// <summary>Where an evaluation ran: what the report does not know but an audit event must say.</summary>
public sealed record AuditContext(string Repository, long? RunId, int? RunAttempt);

/// <summary>
/// The audit events of one evaluation, as JSON Lines shaped for the control plane's <c>ops.gate_events</c> table
/// (docs/audit-events.md, docs/audit-event.schema.json): one <c>gate.evaluated</c> per gate the target requires, and
/// one <c>gate.override.honoured</c> / <c>gate.override.refused</c> per override decision. A rendering of the report.
/// The <c>idempotency_key</c> is the same for the same decision on the same commit and run attempt, so a consumer
/// (or a re-run writing the same file) can drop duplicates.
/// </summary>
public static class AuditEvents
{
    public const int SchemaVersion = 1;

    public const string GateEvaluated = "gate.evaluated";
    public const string OverrideHonoured = "gate.override.honoured";
    public const string OverrideRefused = "gate.override.refused";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One JSON object per line, without line breaks inside.</summary>
    public static IReadOnlyList<string> Render(EvaluationReport report, AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(context);
        var lines = new List<string>();
        foreach (var gate in report.Gates.Where(g => g.Required))
        {
            var outcome = ReportVocabulary.Of(gate.Status);
            lines.Add(Line(report, context, GateEvaluated, gate.Id, outcome, labelEventId: null, json =>
            {
                var applied = gate.Override;
                json.WriteString("actor", applied?.Actor);
                json.WriteString("persona", applied is null ? null : string.Join(",", applied.ActorPersonas));
                json.WriteString("reason", applied?.Reason);

                json.WriteNull("code");
                WriteEvidence(json, gate);
            }));
        }

        foreach (var decision in report.Overrides)
        {
            var honoured = decision.Outcome == OverrideOutcome.Honoured;
            var gate = report.Gates.FirstOrDefault(g => g.Id == decision.Gate);
            lines.Add(Line(report, context, honoured ? OverrideHonoured : OverrideRefused, decision.Gate, honoured ? "honoured" : "refused", decision.LabelEventId, json =>
            {
                json.WriteString("actor", decision.Actor);
                json.WriteString("persona", string.Join(",", decision.ActorPersonas));
                json.WriteString("reason", decision.Reason);
                json.WriteString("code", decision.Code);
                json.WriteString("message", ReportSentences.Of(decision));
                json.WriteNumber("pull_request_of_label", decision.PullRequest);
                json.WriteNumber("label_event_id", decision.LabelEventId);
                json.WriteString("expires_at", decision.ExpiresAt is { } expires ? ReportVocabulary.Timestamp(expires) : null);

                json.WriteStartArray("confirmers");
                foreach (var confirmer in decision.Confirmers)
                {
                    json.WriteStringValue(confirmer);
                }

                json.WriteEndArray();
                if (gate is null)
                {
                    json.WriteStartArray("evidence");
                    json.WriteEndArray();
                }
                else
                {
                    WriteEvidence(json, gate);
                }
            }));
        }

        return lines;
    }

    /// <summary>The key: a SHA-256 over what makes the decision (never the time), hex.</summary>
    public static string IdempotencyKey(string eventType, string repository, string sha, string target, string gate, string outcome, long? labelEventId, long? runId, int? runAttempt)
    {
        var material = string.Join('|', "odoo-gates", SchemaVersion.ToString(CultureInfo.InvariantCulture), eventType, repository, sha, target, gate, outcome,
            labelEventId?.ToString(CultureInfo.InvariantCulture) ?? "-", runId?.ToString(CultureInfo.InvariantCulture) ?? "-", runAttempt?.ToString(CultureInfo.InvariantCulture) ?? "-");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private static string Line(EvaluationReport report, AuditContext context, string eventType, string gate, string outcome, long? labelEventId, Action<Utf8JsonWriter> details)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("schema_version", SchemaVersion);
            json.WriteString("idempotency_key", IdempotencyKey(eventType, context.Repository, report.Sha, report.Target, gate, outcome, labelEventId, context.RunId, context.RunAttempt));
            json.WriteString("event_type", eventType);
            json.WriteString("occurred_at", ReportVocabulary.Timestamp(report.EvaluatedAt));
            json.WriteString("repository", context.Repository);
            json.WriteString("sha", report.Sha);
            if (report.PullRequest is int pr)
            {
                json.WriteNumber("pull_request", pr);
            }
            else
            {
                json.WriteNull("pull_request");
            }

            json.WriteString("target", report.Target);
            json.WriteString("gate", gate);
            json.WriteString("outcome", outcome);
            json.WriteString("decision", ReportVocabulary.Of(report.Decision));
            details(json);
            json.WriteString("config_ref", report.Policy?.Ref);
            json.WriteString("config_sha", report.Policy?.Sha);
            if (context.RunId is long runId)
            {
                json.WriteNumber("run_id", runId);
            }
            else
            {
                json.WriteNull("run_id");
            }

            if (context.RunAttempt is int attempt)
            {
                json.WriteNumber("run_attempt", attempt);
            }
            else
            {
                json.WriteNull("run_attempt");
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteEvidence(Utf8JsonWriter json, GateReport gate)
    {
        json.WriteStartArray("evidence");
        foreach (var check in gate.Checks)
        {
            foreach (var match in check.Matches)
            {
                json.WriteStartObject();
                json.WriteString("check", match.Name);
                json.WriteString("conclusion", match.State);
                json.WriteString("url", match.Url);

                json.WriteEndObject();
            }

            if (check.Matches.Count == 0)
            {
                json.WriteStartObject();
                json.WriteString("check", check.Pattern);
                json.WriteString("conclusion", ReportVocabulary.Of(check.Outcome));
                json.WriteNull("url");
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
    }
}
