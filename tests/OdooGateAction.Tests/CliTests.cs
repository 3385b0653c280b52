using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OdooGateAction.Runtime;
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

    /// <summary>
    /// A snapshot is evaluated at its captured_at (Thursday 08:03 for this one), not the clock's time: the bundled
    /// example gives the same answer on a Saturday, inside production's weekend freeze, as on any other day.
    /// </summary>
    [Theory]
    [InlineData("2026-11-21T10:00:00Z")] // Saturday, inside the freeze
    [InlineData("2026-11-23T05:59:00Z")] // Monday, just before it ends
    [InlineData("2026-11-18T10:00:00Z")] // Wednesday
    public async Task Evaluate_BlockedExampleWithoutNow_EvaluatedAtCapturedAtWhateverTheDay(string clock)
    {
        var (code, stdout, stderr) = await RunAsync(DateTimeOffset.Parse(clock, CultureInfo.InvariantCulture), "evaluate", "--snapshot", Blocked, "--target", "production", "--config", Gates, "--format", "json");
        using var json = JsonDocument.Parse(stdout);

        Assert.Equal((ExitCodes.Blocked, string.Empty), (code, stderr));
        Assert.Equal("2026-11-19T08:03:00Z", json.RootElement.GetProperty("evaluated_at").GetString());
        Assert.Empty(json.RootElement.GetProperty("freezes").EnumerateArray());
        Assert.DoesNotContain("frozen", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_BlockedExampleWithNowOnSaturday_AddsFrozenReason()
    {
        var (code, stdout, _) = await RunAsync("evaluate", "--snapshot", Blocked, "--target", "production", "--config", Gates, "--now", "2026-11-21T10:00:00Z");

        Assert.Equal(ExitCodes.Blocked, code);
        Assert.Contains("  - frozen: 'production' is frozen from Fri 16:00 to Mon 06:00 UTC; now is Sat 10:00 UTC; a freeze cannot be overridden\n", stdout, StringComparison.Ordinal);
        Assert.Contains("evaluated 2026-11-21T10:00:00Z", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_Verbose_ListsTheGatesTheTargetDoesNotRequire()
    {
        var (code, stdout, _) = await RunAsync("evaluate", "--snapshot", Allowed, "--target", "merge", "--config", Gates);
        var (verboseCode, verbose, _) = await RunAsync("evaluate", "--snapshot", Allowed, "--target", "merge", "--config", Gates, "--verbose");

        Assert.Equal((ExitCodes.Allowed, ExitCodes.Allowed), (code, verboseCode));
        Assert.Contains("G2, G3, G4 are not required for merge (--verbose lists them)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("G3   not-required", stdout, StringComparison.Ordinal);
        Assert.Contains("G3   not-required Release readiness", verbose, StringComparison.Ordinal);
        Assert.DoesNotContain("--verbose lists", verbose, StringComparison.Ordinal);
    }

    /// <summary>The time a snapshot is evaluated at: --now, else evaluated_at, else captured_at, else the clock's.</summary>
    [Theory]
    [InlineData("\"captured_at\": \"2026-11-20T10:00:00Z\", \"evaluated_at\": \"2026-11-20T10:00:30.25+00:00\",", null, "2026-11-20T10:00:30Z")]
    [InlineData("\"captured_at\": \"2026-11-20T10:00:00Z\",", null, "2026-11-20T10:00:00Z")]
    [InlineData("", null, "2026-11-18T10:00:00Z")]
    [InlineData("\"captured_at\": \"2026-11-20T10:00:00Z\", \"evaluated_at\": \"2026-11-20T10:00:30Z\",", "2026-11-22T12:00:00+02:00", "2026-11-22T10:00:00Z")]
    public async Task Evaluate_Snapshot_EvaluatedAtNowElseEvaluatedAtElseCapturedAtElseTheClock(string times, string? now, string evaluatedAt)
    {
        var file = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-").FullName, "snap.json");
        File.WriteAllText(file, $$"""{ "schema_version": 1, "sha": "abc", {{times}} "check_runs": [] }""");
        string[] args = ["evaluate", "--snapshot", file, "--target", "merge", "--config", Gates, "--format", "json"];

        var (_, stdout, stderr) = await RunAsync(now is null ? args : [.. args, "--now", now]);
        using var json = JsonDocument.Parse(stdout);

        Assert.Empty(stderr);
        Assert.Equal(evaluatedAt, json.RootElement.GetProperty("evaluated_at").GetString());
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
    public async Task Validate_PerFileAndCrossFileErrors_BothReportedInOneRun()
    {
        var dir = CopyGates();
        var overrides = System.IO.Path.Combine(dir, "overrides.yaml");
        File.WriteAllText(overrides, File.ReadAllText(overrides).Replace("max_age: 72h", "max_age: 3 days", StringComparison.Ordinal));
        var gates = System.IO.Path.Combine(dir, "gates.yaml");
        File.WriteAllText(gates, File.ReadAllText(gates).Replace("owner: qa_tester", "owner: qa_testr", StringComparison.Ordinal));

        var (code, _, stderr) = await RunAsync("validate", "--config", dir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{dir}/overrides.yaml:", stderr, StringComparison.Ordinal); // per file
        Assert.Contains("'max_age': '3 days'", stderr, StringComparison.Ordinal);
        Assert.Contains("gate 'G2' is owned by 'qa_testr', which is no persona (did you mean 'qa_tester'?)", stderr, StringComparison.Ordinal); // across files
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
    [InlineData(new[] { "evaluate", "--target", "merge", "--repository", "acme/odoo", "--sha", "abc", "--now", "2026-11-20T10:00:00Z" }, "--now sets the time a snapshot is evaluated at: use it with --snapshot")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--snapshot", "x.json", "--now", "tomorrow" }, "--now: 'tomorrow' is not an ISO 8601 time with a zone; write it like 2026-11-20T10:00:00Z")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--snapshot", "x.json", "--now", "2026-11-20T10:00:00" }, "--now: '2026-11-20T10:00:00' is not an ISO 8601 time with a zone")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--snapshot", "x.json", "--now", "2026-11-31T10:00:00Z" }, "--now: '2026-11-31T10:00:00Z' is not an ISO 8601 time with a zone")]
    [InlineData(new[] { "evaluate", "--target", "merge", "--snapshot", "x.json", "--now", "20.11.2026 10:00" }, "--now: '20.11.2026 10:00' is not an ISO 8601 time with a zone")]
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

    /// <summary>Everything printed goes through the output sink: a hostile check name or argument is one inert line.</summary>
    [Theory]
    [InlineData("text")]
    [InlineData("markdown")]
    [InlineData("json")]
    public async Task Evaluate_HostileCheckNameInSnapshot_NoLineCanStartACommand(string format)
    {
        const string name = "test (x\n::stop-commands::pwned\n::set-output name=decision::allow\r::error::x \u001b[31m)";
        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Allowed))!;
        var run = snapshot["check_runs"]!.AsArray().First(r => r!["name"]!.GetValue<string>().StartsWith("test (", StringComparison.Ordinal))!;
        run["name"] = name;
        run["conclusion"] = "failure";
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-").FullName, "hostile.json");
        await File.WriteAllTextAsync(path, snapshot.ToJsonString());

        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", path, "--target", "merge", "--config", Gates, "--format", format);

        Assert.Equal((ExitCodes.Blocked, string.Empty), (code, stderr));
        AssertInert(stdout);
        if (format == "json")
        {
            // The escapes are JSON's own: the report still parses, to the same name.
            using var json = JsonDocument.Parse(stdout);
            Assert.Contains(json.RootElement.GetProperty("gates")[0].GetProperty("checks").EnumerateArray().SelectMany(c => c.GetProperty("matches").EnumerateArray()),
                m => m.GetProperty("name").GetString() == name);
        }
    }

    [Fact]
    public async Task Evaluate_HostileArgument_ParseErrorIsAnInertLine()
    {
        var (code, stdout, stderr) = await RunAsync("evaluate", "--target", "merge", "x\n::stop-commands::pwned\u001b[0m");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("x\\n::stop-commands::pwned\\u001b[0m", stderr, StringComparison.Ordinal);
        AssertInert(stdout + stderr);
    }

    private static void AssertInert(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            Assert.False(line.TrimStart().StartsWith("::", StringComparison.Ordinal), $"a line starts a workflow command: {line}");
            Assert.DoesNotContain(line, c => char.IsControl(c) && c != '\t');
        }
    }

    [Theory]
    [InlineData("folder", "is a folder, not a file")]
    [InlineData("symlink", "is a symbolic link; only a regular file or a new path is written")]
    [InlineData("/dev/null", "is a character device, not a regular file")]
    [InlineData("fifo", "is a named pipe (FIFO), not a regular file")]
    public async Task Evaluate_RecordOnSomethingButARegularFile_ExitsTwoBeforeAskingGitHub(string target, string problem)
    {
        var dir = Directory.CreateTempSubdirectory("odoo-gates-").FullName;
        var victim = System.IO.Path.Combine(dir, "victim.txt");
        File.WriteAllText(victim, "keep me");
        var path = target switch
        {
            "folder" => Directory.CreateDirectory(System.IO.Path.Combine(dir, "snapshots")).FullName,
            "symlink" => File.CreateSymbolicLink(System.IO.Path.Combine(dir, "snap.json"), victim).FullName,
            "fifo" => SpecialFiles.Fifo(System.IO.Path.Combine(dir, "pipe.json")),
            _ => target,
        };
        // No token and an API nobody answers: a refusal after any request would say so instead.
        var environment = new DictionaryActionEnvironment([new("GITHUB_API_URL", "http://127.0.0.1:9")]);

        var (code, stdout, stderr) = await RunAsync(null, environment, "evaluate", "--repository", "acme/odoo", "--sha", new string('a', 40), "--target", "merge", "--config", Gates, "--record", path);

        Assert.Equal((ExitCodes.BadInput, string.Empty), (code, stdout));
        Assert.StartsWith($"error: bad input: --record: '{path}' {problem}", stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(victim));
        SpecialFiles.AssertPlain(stderr);
    }

    [Theory]
    [InlineData("ghs_abc\ndef", "the GITHUB_TOKEN environment variable holds a line break inside the token")]
    [InlineData("ghs_abc\r\ndef", "the GITHUB_TOKEN environment variable holds a line break inside the token")]
    [InlineData("ghs_abc\u00e9def", "the GITHUB_TOKEN environment variable holds a character that is not printable ASCII (position 8)")]
    [InlineData("ghs_abc def", "the GITHUB_TOKEN environment variable holds a character that is not printable ASCII (position 8)")]
    public async Task Evaluate_TokenWithLineBreakOrNonAscii_ExitsTwoBeforeAnyRequestWithoutPrintingIt(string escaped, string expected)
    {
        var token = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var environment = new DictionaryActionEnvironment([new("GITHUB_TOKEN", token), new("GITHUB_API_URL", "http://127.0.0.1:9")]);

        var (code, _, stderr) = await RunAsync(null, environment, "evaluate", "--repository", "acme/odoo", "--sha", new string('a', 40), "--target", "merge", "--config", Gates);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", stderr, StringComparison.Ordinal);
        SpecialFiles.AssertPlain(stderr);
    }

    [Fact]
    public async Task Evaluate_SnapshotWithDuplicateKey_ExitsTwoNamingTheKeyAndLine()
    {
        var file = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-").FullName, "snap.json");
        File.WriteAllText(file, "{\n  \"schema_version\": 1,\n  \"sha\": \"abc\",\n  \"check_runs\": [],\n  \"check_runs\": []\n}\n");

        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", file, "--target", "merge", "--config", Gates);

        Assert.Equal((ExitCodes.BadInput, string.Empty), (code, stdout));
        Assert.Equal($"error: bad input: {file}:5: not a valid snapshot: the key 'check_runs' is given twice in one object; keep one", stderr.Trim());
    }

    [Theory]
    [InlineData("too-large", "snapshot file is larger than 32 MiB, the most it may hold")]
    [InlineData("fifo", "snapshot file is a named pipe (FIFO), not a regular file")]
    [InlineData("nul", ":1:32: not a valid snapshot: it holds a NUL character, so it is not JSON text")]
    [InlineData("wrong-type", ":1:53: not a valid snapshot (at $.check_runs): the value has the wrong type for this field")]
    public async Task Evaluate_SnapshotThatIsNotASmallJsonFile_ExitsTwoAtOnceSayingWhy(string kind, string expected)
    {
        var file = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-").FullName, "snap.json");
        switch (kind)
        {
            case "too-large":
                SpecialFiles.Sparse(file);
                break;
            case "fifo":
                SpecialFiles.Fifo(file);
                break;
            case "nul":
                File.WriteAllText(file, "{ \"schema_version\": 1, \"sha\": \"\0\" }");
                break;
            default:
                File.WriteAllText(file, "{ \"schema_version\": 1, \"sha\": \"abc\", \"check_runs\": 7 }");
                break;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, stderr) = await RunAsync("evaluate", "--snapshot", file, "--target", "merge", "--config", Gates);

        Assert.Equal((ExitCodes.BadInput, string.Empty), (code, stdout));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        SpecialFiles.AssertPlain(stderr);
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
