using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests;

/// <summary>
/// The JSON report conforms to the documented docs/report.schema.json (full 2020-12 validation), and the schema knows
/// every reason code.
/// </summary>
public sealed class ReportSchemaTests
{
    private static JsonDocument Schema() => JsonDocument.Parse(File.ReadAllText(Path("docs", "report.schema.json")));

    [Theory]
    [InlineData("pr-1347-allowed-to-merge.json", "merge")]
    [InlineData("pr-1347-allowed-to-merge.json", "production")]
    [InlineData("rc-16.0.4-blocked-for-production.json", "production")]
    public async Task JsonReport_BundledExamples_ConformToDocumentedSchema(string snapshot, string target)
    {
        const string saturdayInFreeze = "2026-11-21T10:00:00Z";
        var (_, stdout, _) = await RunAsync("evaluate", "--snapshot", Path("examples", "snapshots", snapshot), "--target", target, "--config", Path("gates"), "--format", "json", "--now", saturdayInFreeze);
        using var report = JsonDocument.Parse(stdout);

        Assert.Empty(JsonSchemas.Validate(JsonSchemas.Load(Path("docs", "report.schema.json")), report.RootElement));
    }

    [Fact]
    public void Schema_ReasonEnum_ListsExactlyTheReasonCodes()
    {
        using var schema = Schema();
        var documented = schema.RootElement.GetProperty("$defs").GetProperty("reason").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(ReasonCodes.All.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("report.schema.json")]
    [InlineData("audit-event.schema.json")]
    public void Schema_DocumentedSchema_IsAValid202012Schema(string file)
    {
        Assert.Empty(JsonSchemas.MetaSchemaErrors(Path("docs", file)));
    }

    [Fact]
    public void Validate_ReportMissingAField_IsReported()
    {
        using var broken = JsonDocument.Parse("""{ "schema_version": 2, "decision": "maybe" }""");

        var errors = JsonSchemas.Validate(JsonSchemas.Load(Path("docs", "report.schema.json")), broken.RootElement);

        Assert.Contains(errors, e => e.StartsWith("at '/' (required", StringComparison.Ordinal) && e.Contains("\"target\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("at '/decision' (enum", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("at '/schema_version' (const", StringComparison.Ordinal));
    }
}
