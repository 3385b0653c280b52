using System.Text.Json;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests;

/// <summary>The JSON report conforms to the documented docs/report.schema.json, and the schema knows every reason code.</summary>
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
        using var schema = Schema();
        using var report = JsonDocument.Parse(stdout);

        Assert.Empty(MiniJsonSchema.Validate(schema.RootElement, report.RootElement));
    }

    [Fact]
    public void Schema_ReasonEnum_ListsExactlyTheReasonCodes()
    {
        using var schema = Schema();
        var documented = schema.RootElement.GetProperty("$defs").GetProperty("reason").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(ReasonCodes.All.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_ReportMissingAField_IsReported()
    {
        using var schema = Schema();
        using var broken = JsonDocument.Parse("""{ "schema_version": 2, "decision": "maybe" }""");

        var errors = MiniJsonSchema.Validate(schema.RootElement, broken.RootElement);

        Assert.Contains("$: missing required 'target'", errors);
        Assert.Contains(errors, e => e.StartsWith("$.decision: \"maybe\" is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.schema_version: expected 1", StringComparison.Ordinal));
    }
}
