using System.Text.Json;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests;

public sealed class CliTests
{
    private static readonly string Allowed = Path("examples", "snapshots", "pr-1347-allowed-to-merge.json");
    private static readonly string Blocked = Path("examples", "snapshots", "rc-16.0.4-blocked-for-production.json");
    private static readonly string Gates = Path("gates");

    [Theory]
    [InlineData("text", "pr-1347-merge.txt")]
    [InlineData("markdown", "pr-1347-merge.md")]
    [InlineData("json", "pr-1347-merge.json")]
    public async Task Evaluate_AllowedExample_ExitsZeroAndRendersGolden(string format, string golden)
    {
        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", Allowed, "--target", "merge", "--config", Gates, "--format", format);

        Assert.Equal((ExitCodes.Allowed, string.Empty), (code, stderr));
        Golden.AssertMatches(stdout, golden);
    }

    [Theory]
    [InlineData("text", "rc-16.0.4-production.txt")]
    [InlineData("markdown", "rc-16.0.4-production.md")]
    [InlineData("json", "rc-16.0.4-production.json")]
    public async Task Evaluate_BlockedExample_ExitsOneAndRendersGolden(string format, string golden)
    {
        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", Blocked, "--target", "production", "--config", Gates, "--format", format);

        Assert.Equal((ExitCodes.Blocked, string.Empty), (code, stderr));
        Golden.AssertMatches(stdout, golden);
    }

    [Fact]
    public async Task Evaluate_BlockedExample_NamesEveryBlockingConditionInJson()
    {
        var (_, stdout, _) = await RunAsync("evaluate", "--snapshot", Blocked, "--target", "production", "--config", Gates, "--format", "json");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;

        Assert.Equal("block", root.GetProperty("decision").GetString());
        Assert.Equal(["G2", "G4"], root.GetProperty("blocked_gates").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(
            ["check_failed:G2:upgrade-from-previous", "check_pending:G4:staging-smoke-test"],
            root.GetProperty("blocking_reasons").EnumerateArray()
                .Select(r => $"{r.GetProperty("code").GetString()}:{r.GetProperty("gate").GetString()}:{r.GetProperty("check").GetString()}").ToArray());
    }

    [Fact]
    public async Task Evaluate_BlockedExampleDuringWeekendFreeze_AddsFrozenReason()
    {
        var saturday = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

        var (code, stdout, _) = await RunAsync(saturday, "evaluate", "--snapshot", Blocked, "--target", "production", "--config", Gates);

        Assert.Equal(ExitCodes.Blocked, code);
        Assert.Contains("[frozen] 'production' is frozen from Fri 16:00 to Mon 06:00 UTC; now is Sat 10:00 UTC", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_SameSnapshotOnStaging_IsBlockedOnlyByG2()
    {
        var (code, stdout, _) = await RunAsync("evaluate", "--snapshot", Blocked, "--target", "staging", "--config", Gates, "--format", "json");
        using var json = JsonDocument.Parse(stdout);

        Assert.Equal(ExitCodes.Blocked, code);
        Assert.Equal(["G2"], json.RootElement.GetProperty("blocked_gates").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Theory]
    [InlineData("gates")]
    [InlineData("example-gates")]
    public async Task Validate_ShippedAndDocumentedConfigurations_ExitZero(string folder)
    {
        var (code, stdout, stderr) = await RunAsync("validate", "--config", Path(folder));

        Assert.Equal((ExitCodes.Allowed, string.Empty), (code, stderr));
        Assert.Contains("valid (4 gates, 11 mapped checks, 3 targets, 4 personas; 0 warnings)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenConfiguration_ExitsTwoWithEveryErrorLocated()
    {
        var dir = CopyGates();
        File.WriteAllText(System.IO.Path.Combine(dir, "overrides.yaml"), "version: 1\nmax_age: 3 days\nlabel_prefx: x\n");

        var (code, stdout, stderr) = await RunAsync("validate", "--config", dir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains($"{dir}/overrides.yaml:2:10: error: 'max_age': '3 days'", stderr, StringComparison.Ordinal);
        Assert.Contains($"{dir}/overrides.yaml:3:1: error: unknown key 'label_prefx' in overrides.yaml (did you mean 'label_prefix'?)", stderr, StringComparison.Ordinal);
        Assert.Contains("the configuration has 2 errors", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_BrokenConfiguration_ExitsTwoAndPrintsNoReport()
    {
        var dir = CopyGates();
        File.WriteAllText(System.IO.Path.Combine(dir, "environments.yaml"), "version: 1\ntargets:\n  merge: { gates: [G9] }\n");

        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", Allowed, "--target", "merge", "--config", dir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("environments.yaml:3:20: error: target 'merge' requires gate 'G9'", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "1:3: not a valid snapshot")]
    [InlineData("{ \"schema_version\": 1 }", "sha is required")]
    public async Task Evaluate_BadSnapshot_ExitsTwoWithoutStackTrace(string content, string expected)
    {
        var file = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-").FullName, "snap.json");
        File.WriteAllText(file, content);

        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", file, "--target", "merge", "--config", Gates);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "evaluate", "--snapshot", "x.json", "--target", "merge", "--format", "html" }, "html")]
    [InlineData(new[] { "evaluate", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "deploy" }, "Unrecognized command or argument 'deploy'")]
    public async Task Run_BadUsage_ExitsTwoAndPointsToHelp(string[] args, string expected)
    {
        var (code, _, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "evaluate", "--target", "merge" }, "give either --snapshot FILE (offline) or --repository OWNER/NAME with --sha SHA")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--snapshot", "x.json", "--sha", "abc" }, "give either --snapshot FILE")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--repository", "acme/odoo" }, "needs both --repository OWNER/NAME and --sha SHA")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--snapshot", "x.json", "--record", "y.json" }, "--record saves live evidence")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--repository", "acme/odoo", "--sha", "abc", "--wait-timeout", "5 min" }, "--wait-timeout: '5 min' is not a duration")]
    public async Task Evaluate_ConflictingOrIncompleteSources_ExitsTwoSayingWhatToGive(string[] args, string expected)
    {
        var (code, stdout, stderr) = await RunAsync([.. args, "--config", Gates]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_UnknownTarget_ExitsTwoListingTargets()
    {
        var (code, _, stderr) = await RunAsync("evaluate", "--snapshot", Allowed, "--target", "prodution", "--config", Gates);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown target 'prodution' (did you mean 'production'?); targets in environments.yaml: merge, staging, production", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("validate")]
    public async Task Help_EachCommand_ExitsZeroWithUsage(string command)
    {
        var (code, stdout, _) = await RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Allowed, code);
        Assert.Contains($"{command} [options]", stdout, StringComparison.Ordinal);
        Assert.Contains("--config", stdout, StringComparison.Ordinal);
    }

    private static string CopyGates()
    {
        var dir = Directory.CreateTempSubdirectory("odoo-gates-").FullName;
        foreach (var file in Directory.GetFiles(Gates, "*.yaml"))
        {
            File.Copy(file, System.IO.Path.Combine(dir, System.IO.Path.GetFileName(file)));
        }

        return dir;
    }
}
