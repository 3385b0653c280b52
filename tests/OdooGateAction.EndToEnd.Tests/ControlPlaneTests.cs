using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Npgsql;
using OdooGateAction.FakeGitHub;
using OdooGateAction.TestPostgres;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// A migrated database on the tests' PostgreSQL, and a login role that holds only <c>odoo_gates_ingest</c> (what the
/// docs tell users to create): the action connects as it.
/// </summary>
public sealed class ControlPlaneDatabase : IAsyncLifetime
{
    public const string Password = "ci-Pa55w0rd-for-the-action";

    private TestDatabase? _database;

    public TestDatabase Database => _database!;

    public string Login { get; } = "gates_ci_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The keyword form, as the action's login role.</summary>
    public string ActionConnection => Database.ConnectionStringFor(Login, Password);

    /// <summary>The URI form Supabase shows, as the action's login role.</summary>
    public string ActionUri
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
            return $"postgresql://{Login}:{Uri.EscapeDataString(Password)}@{builder.Host}:{builder.Port}/{builder.Database}?sslmode=disable";
        }
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("e2e");
        await using var command = _database.DataSource.CreateCommand($"create role {Login} login password '{Password}'; grant odoo_gates_ingest to {Login}");
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            await using var connection = new NpgsqlConnection(TestDatabase.AdminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop role if exists {Login}", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = Database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// The action ingests its audit events into the control plane (fake GitHub + real PostgreSQL): one call per run,
/// idempotent across re-runs, <c>control-plane-required</c> both ways, and the release trace of a commit that went
/// merge → staging (honoured G2 override) → production (blocked, then allowed).
/// </summary>
public sealed class ControlPlaneTests(ControlPlaneDatabase db, ITestOutputHelper log) : IClassFixture<ControlPlaneDatabase>
{
    private const string DeploymentSha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

    /// <summary>Nothing listens there (port 1 on loopback).</summary>
    private const string Down = "Host=127.0.0.1;Port=1;Username=gates;Password=down-Pa55word;Database=postgres;Timeout=2";

    private static int _runId = 7_200_000;

    private static ActionRun Deployment(FakeGitHubServer server, ITestOutputHelper log)
    {
        var run = new ActionRun(server, "deployment", "deployment/payload.json", log);
        run.UseConfigWithoutFreeze();
        Evidence.AddGreen(run.Repo, DeploymentSha, Evidence.AllGates);
        run.Environment["GITHUB_RUN_ID"] = Interlocked.Increment(ref _runId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return run;
    }

    private Task<long> RowsOfRunAsync(ActionRun run) => db.CountAsync($"select count(*) from ops.gate_events where run_id = {run.Environment["GITHUB_RUN_ID"]}");

    [Fact]
    public async Task Action_WithAControlPlane_IngestsEveryEventOnceAcrossReRuns()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Deployment(server, log);
        run.ControlPlane = db.ActionUri;

        var first = await run.RunAsync();
        var second = await run.RunAsync();

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("Control plane: 4 event(s) ingested, 0 already there", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Control plane: 0 event(s) ingested, 4 already there", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, await RowsOfRunAsync(run));
        var fileKeys = File.ReadAllLines(first.AuditLogPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("idempotency_key").GetString()).Order(StringComparer.Ordinal);
        await using var keys = db.Database.DataSource.CreateCommand($"select string_agg(idempotency_key, ',' order by idempotency_key) from ops.gate_events where run_id = {run.Environment["GITHUB_RUN_ID"]}");
        Assert.Equal(string.Join(",", fileKeys), await keys.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Action_RequiredAndReachable_ExitsWithTheDecision()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Deployment(server, log);
        run.ControlPlane = db.ActionConnection;
        run.Inputs["control-plane-required"] = "true";

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, await RowsOfRunAsync(run));
        Assert.Equal("success", Assert.Single(run.Repo.CheckRuns(DeploymentSha), r => r.CreatedViaApi && r.Name == "odoo-gates/production").Conclusion);
    }

    [Fact]
    public async Task Action_NotRequiredAndDown_WarnsKeepsTheFileAndTheDecisionStands()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Deployment(server, log);
        run.ControlPlane = Down;

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.Commands("warning"), w => w.Contains("control plane", StringComparison.Ordinal));
        Assert.Contains("the audit events were not ingested into the control plane", warning, StringComparison.Ordinal);
        Assert.Contains("after 3 attempt(s)", warning, StringComparison.Ordinal);
        Assert.Equal(4, File.ReadAllLines(result.AuditLogPath).Length);
        Assert.Equal("allow", result.Output("decision"));
        Assert.Equal("success", Assert.Single(run.Repo.CheckRuns(DeploymentSha), r => r.CreatedViaApi && r.Name == "odoo-gates/production").Conclusion);
    }

    [Fact]
    public async Task Action_RequiredAndDown_ExitsThreeAndTheRequiredCheckSaysFailure()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Deployment(server, log);
        run.ControlPlane = Down;
        run.Inputs["control-plane-required"] = "true";

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        var required = Assert.Single(run.Repo.CheckRuns(DeploymentSha), r => r.CreatedViaApi && r.Name == "odoo-gates/production");
        Assert.Equal("failure", required.Conclusion);
        Assert.StartsWith("Records incomplete", required.OutputTitle, StringComparison.Ordinal);
        Assert.Contains("records incomplete, so the step fails: 'allow' was decided for production, but the control plane could not be written", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Outputs);
        Assert.Equal(4, File.ReadAllLines(result.AuditLogPath).Length); // the file is written before, and kept
        Assert.DoesNotContain(result.Writes, w => w.Body.Contains("\"success\"", StringComparison.Ordinal) && w.Body.Contains("odoo-gates/production\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_DryRun_SendsNothingToTheControlPlane()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Deployment(server, log);
        run.ControlPlane = db.ActionConnection;
        run.Inputs["dry-run"] = "true";

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, await RowsOfRunAsync(run));
        Assert.DoesNotContain("Control plane:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://gates:Secret-Pw-1@db.example:6543/postgres?sslmode=sometimes", "", "input 'control-plane' has sslmode 'sometimes'")]
    [InlineData("Host=db.example;Password=Secret-Pw-1;Nonsense=1", "", "input 'control-plane' is not a valid connection string")]
    [InlineData("", "true", "input 'control-plane-required' is true but 'control-plane' is empty")]
    [InlineData("Host=db.example;Password=Secret-Pw-1", "perhaps", "input 'control-plane-required' is 'perhaps', which is not a boolean")]
    public async Task Action_BadControlPlaneInput_ExitsTwoNamingItAndPrintsNoPassword(string connection, string required, string expected)
    {
        await using var server = await TestServer.StartAsync();
        using var run = Deployment(server, log);
        if (connection.Length > 0)
        {
            run.Inputs["control-plane"] = connection;
        }

        if (required.Length > 0)
        {
            run.Inputs["control-plane-required"] = required;
        }

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-Pw-1", result.Stderr + string.Join("\n", result.Stdout.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Empty(result.Writes);
        if (connection.Length > 0)
        {
            Assert.Contains("::add-mask::" + connection, result.Stdout.Split('\n'));
        }
    }

    /// <summary>
    /// One commit through its targets, each a workflow run of its own: merge allowed; staging allowed through an
    /// honoured G2 override (rel-mgr-alice, with her reason); production blocked (G4's backup not verified yet), then
    /// allowed. The trace from the control plane tells that story, with who and why and the policy that decided.
    /// </summary>
    [Fact]
    public async Task Trace_OfAReleaseThroughMergeStagingProduction_FromTheControlPlane()
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.Production(server, log, "workflow_dispatch");
        s.Run.ControlPlane = db.ActionConnection;
        s.Run.Inputs["control-plane-required"] = "true";
        s.Push(hoursAgo: 5);
        foreach (var gate in new[] { "G1", "G3" })
        {
            Evidence.AddGreen(s.Repo, s.Sha, gate);
        }

        s.Repo.AddCheckRun(s.Sha, "integration-tests");
        s.Repo.AddCheckRun(s.Sha, "upgrade-from-previous", conclusion: "failure");
        s.Repo.AddCheckRun(s.Sha, "rollback-plan");
        s.Repo.AddCheckRun(s.Sha, "staging-smoke-test");
        s.Label("G2", OverrideScenario.ReleaseManager, hoursAgo: 2);
        s.Reason(OverrideScenario.ReleaseManager, "G2", "OPS-1234 upgrade script verified by hand", hoursAgo: 1.9);
        s.Reason(OverrideScenario.Sre, "G2", "OPS-1234 agreed for production", hoursAgo: 1.8);

        var codes = new List<int>();
        foreach (var (target, runId) in new[] { ("merge", "7300001"), ("staging", "7300002"), ("production", "7300003"), ("production", "7300004") })
        {
            if (runId == "7300004")
            {
                s.Repo.AddCheckRun(s.Sha, "backup-verified"); // the backup was verified: production may go
            }

            s.Run.Inputs["target"] = target;
            s.Run.Environment["GITHUB_RUN_ID"] = runId;
            codes.Add((await s.Run.RunAsync()).ExitCode);
        }

        Assert.Equal([0, 0, 1, 0], codes);
        var (exit, stdout, stderr) = await CliAsync(db.Database.ConnectionString, "trace", "--sha", s.Sha, "--repository", s.Run.Repository, "--format", "json");
        Assert.True(exit == 0, stderr);
        using var trace = JsonDocument.Parse(stdout);
        var evaluations = trace.RootElement.GetProperty("evaluations").EnumerateArray().ToList();
        Assert.Equal(["merge allow", "staging allow", "production block", "production allow"],
            evaluations.Select(e => $"{e.GetProperty("target").GetString()} {e.GetProperty("decision").GetString()}"));
        var staging = evaluations[1];
        Assert.Equal("overridden", staging.GetProperty("gates").GetProperty("G2").GetString());
        var honoured = Assert.Single(staging.GetProperty("overrides").EnumerateArray());
        Assert.Equal(("G2", "honoured", OverrideScenario.ReleaseManager, "OPS-1234 upgrade script verified by hand"),
            (honoured.GetProperty("gate").GetString(), honoured.GetProperty("outcome").GetString(), honoured.GetProperty("actor").GetString(), honoured.GetProperty("reason").GetString()));
        Assert.Contains("release_manager", honoured.GetProperty("persona").GetString(), StringComparison.Ordinal);
        Assert.Equal("missing", evaluations[2].GetProperty("gates").GetProperty("G4").GetString());
        Assert.Equal("passed", evaluations[3].GetProperty("gates").GetProperty("G4").GetString());
        var defaultBranch = s.Run.Payload["repository"]!["default_branch"]!.GetValue<string>(); // the policy of a workflow_dispatch
        Assert.All(evaluations, e => Assert.Equal(defaultBranch, e.GetProperty("config_ref").GetString()));
        Assert.All(evaluations, e => Assert.Matches("^[0-9a-f]{40}$", e.GetProperty("config_sha").GetString()));

        var text = await CliAsync(db.Database.ConnectionString, "trace", "--sha", s.Sha[..12]);
        Assert.Contains("targets merge → staging → production", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("override G2 honoured: label by rel-mgr-alice", text.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The CLI as a process, with the connection string in ODOO_GATES_CONTROL_PLANE.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(string connection, params string[] args)
    {
        var start = new ProcessStartInfo(TestPaths.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(TestPaths.AppDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ODOO_GATES_CONTROL_PLANE"] = connection;
        start.Environment.Remove("GITHUB_ACTIONS");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ActionRun.ProcessTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
