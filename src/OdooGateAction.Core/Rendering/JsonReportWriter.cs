using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Rendering;

/// <summary>
/// The report as JSON, schema version <see cref="EvaluationReport.SchemaVersion"/> (docs/report.md,
/// docs/report.schema.json). Written field by field: the shape is a public contract, not a serializer default.
/// (<see cref="Utf8JsonWriter.WriteString(string, string?)"/> writes JSON <c>null</c> for a null value.)
/// </summary>
public static class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(EvaluationReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static void Write(EvaluationReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteNumber("schema_version", EvaluationReport.SchemaVersion);
        json.WriteString("target", report.Target);
        json.WriteString("decision", ReportVocabulary.Of(report.Decision));
        json.WriteString("evaluated_at", ReportVocabulary.Timestamp(report.EvaluatedAt));
        json.WriteString("repository", report.Repository);
        json.WriteString("sha", report.Sha);
        if (report.PullRequest is int pr)
        {
            json.WriteNumber("pull_request", pr);
        }
        else
        {
            json.WriteNull("pull_request");
        }

        if (report.Policy is { } policy)
        {
            json.WriteStartObject("policy");
            json.WriteString("source", policy.Source);
            json.WriteString("path", policy.Path);
            json.WriteString("ref", policy.Ref);
            json.WriteString("sha", policy.Sha);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("policy");
        }

        json.WriteStartArray("override_labels_not_required");
        foreach (var label in report.UnrequiredOverrideLabels)
        {
            json.WriteStartObject();
            json.WriteNumber("pull_request", label.PullRequest);
            json.WriteString("label", label.Label);
            json.WriteString("gate", label.Gate);
            WriteStrings(json, "considered_for", label.ConsideredFor);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteStrings(json, "blocked_gates", report.BlockedGates);
        json.WriteStartArray("blocking_reasons");
        foreach (var reason in report.BlockingReasons)
        {
            json.WriteStartObject();
            json.WriteString("code", reason.Code);
            json.WriteString("gate", reason.Gate);
            json.WriteString("check", reason.Check);
            json.WriteString("message", reason.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("freezes");
        foreach (var freeze in report.ActiveFreezes)
        {
            json.WriteStartObject();
            json.WriteString("from", freeze.From);
            json.WriteString("to", freeze.To);
            json.WriteString("reason", freeze.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("overrides");
        foreach (var decision in report.Overrides)
        {
            WriteOverride(json, decision);
        }

        json.WriteEndArray();
        json.WriteStartArray("gates");
        foreach (var gate in report.Gates)
        {
            WriteGate(json, gate);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteGate(Utf8JsonWriter json, GateReport gate)
    {
        json.WriteStartObject();
        json.WriteString("id", gate.Id);
        json.WriteString("name", gate.Name);
        json.WriteString("owner", gate.Owner);
        json.WriteBoolean("required", gate.Required);
        json.WriteString("status", ReportVocabulary.Of(gate.Status));
        json.WriteString("evidence_status", ReportVocabulary.Of(gate.EvidenceStatus));
        if (gate.Override is { } applied)
        {
            json.WritePropertyName("override");
            WriteOverride(json, applied);
        }
        else
        {
            json.WriteNull("override");
        }

        json.WriteStartArray("checks");
        foreach (var check in gate.Checks)
        {
            json.WriteStartObject();
            json.WriteString("kind", check.Kind);
            json.WriteString("pattern", check.Pattern);
            json.WriteString("evidence", check.Evidence);
            json.WriteString("app", check.App);
            json.WriteNumber("min", check.Min);
            json.WriteBoolean("required", check.Required);
            json.WriteString("outcome", ReportVocabulary.Of(check.Outcome));
            json.WriteString("reason", check.Reason);
            json.WriteString("detail", check.Detail);
            WriteResults(json, "matches", check.Matches);
            WriteResults(json, "ignored", check.IgnoredResults);
            if (check.Kind == "review")
            {
                WriteReviews(json, check.Reviews);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOverride(Utf8JsonWriter json, OverrideDecision decision)
    {
        json.WriteStartObject();
        json.WriteNumber("pull_request", decision.PullRequest);
        json.WriteString("gate", decision.Gate);
        json.WriteString("label", decision.Label);
        json.WriteNumber("label_event_id", decision.LabelEventId);
        json.WriteString("actor", decision.Actor);
        WriteStrings(json, "actor_personas", decision.ActorPersonas);
        WriteStrings(json, "confirmers", decision.Confirmers);
        json.WriteString("labelled_at", decision.LabelledAt is { } at ? ReportVocabulary.Timestamp(at) : null);
        json.WriteString("expires_at", decision.ExpiresAt is { } expires ? ReportVocabulary.Timestamp(expires) : null);
        json.WriteString("outcome", ReportVocabulary.Of(decision.Outcome));
        json.WriteString("code", decision.Code);
        json.WriteString("message", decision.Message);
        json.WriteString("reason", decision.Reason);
        json.WriteBoolean("teams_consulted", decision.TeamsConsulted);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteReviews(Utf8JsonWriter json, IReadOnlyList<ReviewProgress> reviews)
    {
        json.WriteStartArray("reviews");
        foreach (var review in reviews)
        {
            json.WriteStartObject();
            json.WriteNumber("pull_request", review.PullRequest);
            json.WriteString("outcome", ReportVocabulary.Of(review.Outcome));
            json.WriteString("reason", review.Reason);
            WriteStrings(json, "approvers", review.Approvers);
            json.WriteNumber("still_needed", review.StillNeeded);
            WriteStrings(json, "changes_requested_by", review.ChangesRequestedBy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteResults(Utf8JsonWriter json, string name, IReadOnlyList<MatchedResult> results)
    {
        json.WriteStartArray(name);
        foreach (var result in results)
        {
            json.WriteStartObject();
            json.WriteString("kind", result.Kind);
            json.WriteString("name", result.Name);
            json.WriteString("app", result.App);
            json.WriteString("state", result.State);
            json.WriteString("outcome", ReportVocabulary.Of(result.Outcome));
            json.WriteString("url", result.Url);
            json.WriteNumber("id", result.Id);
            if (result.Kind == "review")
            {
                json.WriteString("submitted_at", result.At is { } at ? ReportVocabulary.Timestamp(at) : null);
                json.WriteNumber("pull_request", result.PullRequest ?? 0);
                json.WriteString("note", result.Note);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

}
