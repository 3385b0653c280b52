using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OdooGateAction.ControlPlane.Trace;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>
/// Release 16.0.4 (one commit) through its targets: merge allowed; staging allowed with an honoured G2 override by a
/// release manager; production blocked (G4 missing, a refused G4 override), then allowed. Backfilled with
/// <c>ingest</c>, traced with <c>trace</c> from the control plane and from the file.
/// </summary>
public sealed class ReleaseTraceTests(MigratedDatabase fixture) : IClassFixture<MigratedDatabase>, IDisposable
{
    private const string Hostile = "OPS-1234 <b>bold</b> | @team\n::error::forged";

    private readonly string _folder = Directory.CreateTempSubdirectory("odoo-gates-trace-").FullName;

    public static JsonObject[] Release { get; } =
    [
        Events.Evaluated("G1", "passed", target: "merge", runId: 500, at: Events.At),
        Events.Evaluated("G1", "passed", target: "staging", runId: 501, at: Events.At.AddHours(1)),
        Events.Evaluated("G2", "overridden", target: "staging", runId: 501, at: Events.At.AddHours(1), actor: "rel-mgr-alice", persona: "release_manager", reason: Hostile),
        Events.Override("G2", honoured: true, "rel-mgr-alice", "release_manager", Hostile, 9001, target: "staging", runId: 501, at: Events.At.AddHours(1)),
        .. new[] { "G1", "G2", "G3" }.Select(g => Events.Evaluated(g, g == "G2" ? "overridden" : "passed", "block", target: "production", runId: 502, at: Events.At.AddHours(2))),
        Events.Evaluated("G4", "missing", "block", target: "production", runId: 502, at: Events.At.AddHours(2)),
        Events.Override("G4", honoured: false, "qa-quentin", "qa_tester", "please", 9002, target: "production", runId: 502, at: Events.At.AddHours(2), decision: "block"),
        .. new[] { "G1", "G2", "G3", "G4" }.Select(g => Events.Evaluated(g, g == "G2" ? "overridden" : "passed", "allow", target: "production", runId: 503, at: Events.At.AddHours(3))),
        Events.Evaluated("G1", "passed", target: "merge", runId: 600, sha: "1111111111111111111111111111111111111111", at: Events.At),
    ];

    private string AuditLog()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        File.WriteAllText(path, string.Join("\n", Release.Select(e => e.ToJsonString())) + "\n\n");
        return path;
    }

    private Dictionary<string, string?> Environment => new(StringComparer.Ordinal)
    {
        [ControlPlaneConnection.EnvironmentVariable] = fixture.Database.ConnectionString,
        ["ODOO_GATES_RETRY_DELAY"] = "1ms",
    };

    [Fact]
    public async Task Ingest_Backfill_IsIdempotentAndReportsCounts()
    {
        var path = AuditLog();

        var first = await Cli.RunAsync(Environment, "ingest", "--audit-log", path);
        var second = await Cli.RunAsync(Environment, "ingest", "--audit-log", path);

        Assert.Equal((0, string.Empty), (first.ExitCode, first.Error));
        Assert.Contains($"{Release.Length} event(s) read, ", first.Out, StringComparison.Ordinal);
        Assert.Contains($"{Release.Length} event(s) read, 0 inserted, {Release.Length} already there.", second.Out, StringComparison.Ordinal);
        Assert.Equal(Release.Length, await Sql.CountAsync(fixture.Database.DataSource, $"select count(*) from ops.gate_events where run_id between 500 and 600"));
    }

    [Fact]
    public async Task Trace_FromTheControlPlane_ShowsMergeStagingProductionWithTheOverride()
    {
        await Cli.RunAsync(Environment, "ingest", "--audit-log", AuditLog());

        var (code, stdout, stderr) = await Cli.RunAsync(Environment, "trace", "--sha", Events.Sha[..10], "--repository", "ACME/odoo", "--format", "json");

        Assert.Equal((0, string.Empty), (code, stderr));
        using var json = JsonDocument.Parse(stdout);
        var evaluations = json.RootElement.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal(["merge allow", "staging allow", "production block", "production allow"],
            evaluations.Select(e => $"{e.GetProperty("target").GetString()} {e.GetProperty("decision").GetString()}"));
        Assert.Equal(["merge allow", "staging allow", "production allow"],
            json.RootElement.GetProperty("targets").EnumerateArray().Select(t => $"{t.GetProperty("target").GetString()} {t.GetProperty("decision").GetString()}"));
        var staging = evaluations[1];
        Assert.Equal("overridden", staging.GetProperty("gates").GetProperty("G2").GetString());
        var honoured = Assert.Single(staging.GetProperty("overrides").EnumerateArray());
        Assert.Equal(("G2", "honoured", "rel-mgr-alice", "release_manager", Hostile),
            (honoured.GetProperty("gate").GetString(), honoured.GetProperty("outcome").GetString(), honoured.GetProperty("actor").GetString(), honoured.GetProperty("persona").GetString(), honoured.GetProperty("reason").GetString()));
        Assert.Equal("missing", evaluations[2].GetProperty("gates").GetProperty("G4").GetString());
        Assert.Equal("refused", Assert.Single(evaluations[2].GetProperty("overrides").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.All(evaluations, e => Assert.Equal(("main", Events.PolicySha), (e.GetProperty("config_ref").GetString(), e.GetProperty("config_sha").GetString())));
    }

    [Fact]
    public async Task Trace_FromTheFileAndFromTheControlPlane_AreTheSame()
    {
        var path = AuditLog();
        await Cli.RunAsync(Environment, "ingest", "--audit-log", path);

        foreach (var format in TraceRenderer.Formats)
        {
            var fromDatabase = await Cli.RunAsync(Environment, "trace", "--sha", Events.Sha, "--format", format);
            var fromFile = await Cli.RunAsync(new Dictionary<string, string?>(), "trace", "--sha", Events.Sha, "--audit-log", path, "--format", format);
            Assert.Equal((0, 0), (fromDatabase.ExitCode, fromFile.ExitCode));
            Assert.Equal(fromFile.Out, fromDatabase.Out);
        }
    }

    [Fact]
    public async Task Trace_Text_PrintsEachValueOnItsLineAndNoForgedCommand()
    {
        var (code, stdout, _) = await Cli.RunAsync(new Dictionary<string, string?>(), "trace", "--sha", Events.Sha, "--audit-log", AuditLog());

        Assert.Equal(0, code);
        Assert.Contains("targets merge → staging → production", stdout, StringComparison.Ordinal);
        Assert.Contains("  override G2 honoured: label by rel-mgr-alice (release_manager), reason \"OPS-1234 <b>bold</b> | @team\\n::error::forged\"", stdout, StringComparison.Ordinal);
        Assert.Contains("  override G4 refused (override_not_authorized): label by qa-quentin (qa_tester)", stdout, StringComparison.Ordinal);
        Assert.Contains("policy main@0f3a5b6", stdout, StringComparison.Ordinal);
        Assert.Contains("Latest per target: merge allow · staging allow · production allow", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout.Split('\n'), l => l.TrimStart().StartsWith("::", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trace_Markdown_EscapesEveryOutsideValue()
    {
        var (code, stdout, _) = await Cli.RunAsync(new Dictionary<string, string?>(), "trace", "--sha", Events.Sha, "--audit-log", AuditLog(), "--format", "markdown");

        Assert.Equal(0, code);
        Assert.Contains("OPS-1234 &lt;b&gt;bold&lt;/b&gt; &#124; &#64;team", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("@team", stdout, StringComparison.Ordinal);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| 2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(8, r.Count(c => c == '|'))); // 7 columns: no cell broken by a value
    }

    [Theory]
    [InlineData("--sha", "abc", "give a commit SHA (40 hexadecimal characters) or a prefix of at least 7")]
    [InlineData("--sha", "9999999999", "no audit events of commit 9999999999")]
    [InlineData("--repository", "not a repo", "--repository is 'not a repo'; it must be OWNER/NAME")]
    public async Task Trace_BadOrUnknown_ExitsTwo(string option, string value, string expected)
    {
        string[] args = option == "--sha" ? ["trace", "--sha", value, "--audit-log", AuditLog()] : ["trace", "--sha", Events.Sha, option, value, "--audit-log", AuditLog()];

        var (code, _, stderr) = await Cli.RunAsync(new Dictionary<string, string?>(), args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BadEventInTheFile_ExitsTwoNamingItsLine()
    {
        var path = Path.Combine(_folder, "bad.jsonl");
        var bad = Events.Evaluated("G1", "passed", runId: 700);
        bad["schema_version"] = 7;
        File.WriteAllText(path, Events.Evaluated("G1", "passed", runId: 701).ToJsonString() + "\n\n" + bad.ToJsonString() + "\n");

        var (code, _, stderr) = await Cli.RunAsync(Environment, "ingest", "--audit-log", path);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{path} line 3: the control plane", stderr, StringComparison.Ordinal);
        Assert.Contains("field schema_version is 7, which this control plane does not know", stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Sql.CountAsync(fixture.Database.DataSource, "select count(*) from ops.gate_events where run_id in (700, 701)"));
    }

    [Fact]
    public async Task Ingest_NotJsonLine_ExitsTwoNamingItsLine()
    {
        var path = Path.Combine(_folder, "text.jsonl");
        File.WriteAllText(path, Events.Evaluated("G1", "passed").ToJsonString() + "\nhello\n");

        var (code, _, stderr) = await Cli.RunAsync(Environment, "ingest", "--audit-log", path);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{path} line 2: not an audit event", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ControlPlaneDown_ExitsThreeWithoutThePassword()
    {
        var env = new Dictionary<string, string?> { [ControlPlaneConnection.EnvironmentVariable] = "postgresql://gates:Pw-never-printed@127.0.0.1:1/postgres", ["ODOO_GATES_RETRY_DELAY"] = "1ms" };

        var (code, stdout, stderr) = await Cli.RunAsync(env, "ingest", "--audit-log", AuditLog());

        Assert.Equal(ExitCodes.Undecidable, code);
        Assert.Contains("could not ingest the events at the control plane (gates@127.0.0.1:1/postgres) after 3 attempt(s)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Pw-never-printed", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_WithoutAControlPlane_ExitTwoSayingHowToGiveOne()
    {
        var ingest = await Cli.RunAsync(new Dictionary<string, string?>(), "ingest", "--audit-log", AuditLog());
        var migrate = await Cli.RunAsync(new Dictionary<string, string?>(), "migrate");
        var badString = await Cli.RunAsync(new Dictionary<string, string?>(), "migrate", "--control-plane", "postgresql://u:Hidden-pw@h/db?sslmode=often");

        Assert.Equal((2, 2, 2), (ingest.ExitCode, migrate.ExitCode, badString.ExitCode));
        Assert.Contains("pass --control-plane CONNECTION or set the ODOO_GATES_CONTROL_PLANE environment variable", ingest.Error, StringComparison.Ordinal);
        Assert.Contains("--control-plane has sslmode 'often'", badString.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden-pw", badString.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_OnAMigratedDatabase_SaysUpToDate()
    {
        var (code, stdout, _) = await Cli.RunAsync(Environment, "migrate");

        Assert.Equal(0, code);
        Assert.Contains("is up to date (1 migration(s)).", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString).Password!, stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
