using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// Replay is faithful: <c>evaluate --repository O/R --sha SHA --pull-request N --record F</c> against the fake GitHub,
/// then <c>evaluate --snapshot F</c> offline, both the built app as a process, give the same JSON report, to the byte:
/// the decision, every gate's status, the override decisions and their messages, and <c>evaluated_at</c> (the replay
/// decides at the recorded time). Nothing is ignored in the comparison.
/// </summary>
public sealed class ReplayTests(ITestOutputHelper log)
{
    private const string Upgrade = "upgrade-from-previous";

    /// <summary>The shipped personas, with <c>release_manager</c> also held by anyone with at least <c>admin</c> on the repository.</summary>
    private const string AdminsAreReleaseManagers = "admins";

    /// <param name="labeller">Who applies <c>gate-override:G2</c> an hour ago, after a push two hours ago, with a reason ("" no label).</param>
    /// <param name="permission">The labeller's repository permission ("" none set: GitHub answers <c>none</c>).</param>
    /// <param name="personas">"" the shipped personas; <see cref="AdminsAreReleaseManagers"/>.</param>
    [Theory]
    [InlineData("no override, all green", "", "", "", "", 0, "passed", null)]
    [InlineData("no override, G2 failing", Upgrade, "", "", "", 1, "failed", null)]
    [InlineData("honoured G2 override", Upgrade, OverrideScenario.ReleaseManager, "", "", 0, "overridden", "override_honoured")]
    [InlineData("refused: labeller holds no persona", Upgrade, OverrideScenario.QaPerson, "", "", 1, "failed", "override_not_authorized")]
    [InlineData("refused: a maintainer is not an admin", Upgrade, OverrideScenario.QaPerson, "write/maintain", AdminsAreReleaseManagers, 1, "failed", "override_not_authorized")]
    [InlineData("honoured: an admin by permission", Upgrade, OverrideScenario.QaPerson, "admin/admin", AdminsAreReleaseManagers, 0, "overridden", "override_honoured")]
    public async Task RecordThenReplay_OnStaging_SameReport(
        string scenario, string failing, string labeller, string permission, string personas, int exitCode, string g2, string? code)
    {
        log.WriteLine($"scenario: {scenario}");
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        var config = personas == AdminsAreReleaseManagers
            ? s.Run.UseConfigCopy((name, text) => name == "personas.yaml"
                ? text.Replace("github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers] }", "github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers], permission: admin }", StringComparison.Ordinal)
                : text)
            : TestPaths.ShippedGates;
        s.AddEvidence(failing.Length > 0 ? [failing] : []);
        s.Push(2);
        if (labeller.Length > 0)
        {
            s.Label("G2", labeller, 1);
            s.Reason(labeller, "G2", "OPS-1234 upgrade verified by hand", 0.9);
        }

        if (permission.Length > 0)
        {
            var (level, role) = (permission.Split('/')[0], permission.Split('/')[1]);
            s.Repo.SetPermission(labeller, level, role);
        }

        var snapshot = Path.Combine(s.Run.TempRoot, "recorded.json");

        var live = await LiveAsync(server, s, snapshot, "--config", config);
        var requestsAfterLive = server.Requests.Count;
        var replay = await ReplayAsync(snapshot, s.Target, "--config", config);

        Assert.Equal(exitCode, live.ExitCode);
        Assert.Equal(live.ExitCode, replay.ExitCode);
        Assert.Equal(live.Stdout, replay.Stdout);
        Assert.Equal(requestsAfterLive, server.Requests.Count); // the replay asks GitHub nothing

        var report = JsonNode.Parse(replay.Stdout)!;
        Assert.Equal(exitCode == 0 ? "allow" : "block", report["decision"]!.GetValue<string>());
        Assert.Equal(["passed", g2], Gates(report).Where(g => g.Id is "G1" or "G2").Select(g => g.Status));
        Assert.Equal(code is null ? [] : [code], report["overrides"]!.AsArray().Select(o => o!["code"]!.GetValue<string>()));

        var recorded = JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject();
        Assert.Equal(report["evaluated_at"]!.GetValue<string>(), Seconds(recorded["evaluated_at"]!.GetValue<string>()));
        if (labeller.Length == 0)
        {
            Assert.False(recorded.ContainsKey("overrides"), "no override label: no PR was read, nothing recorded");
            return;
        }

        // GitHub's answers, never the personas they resolved to.
        var overrides = recorded["overrides"]!;
        Assert.DoesNotContain("release_manager", recorded.ToJsonString(), StringComparison.Ordinal);
        Assert.False(overrides["teams_consulted"]!.GetValue<bool>());
        var pr = overrides["pull_requests"]![s.Number.ToString(CultureInfo.InvariantCulture)]!;
        Assert.Equal([OverrideScenario.LabelPrefix + "G2"], pr["labels"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
        Assert.Equal(s.HoursAgo(2), DateTimeOffset.Parse(pr["push_time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        var labelled = Assert.Single(pr["label_events"]!.AsArray())!;
        Assert.Equal(("labeled", labeller), (labelled["event"]!.GetValue<string>(), labelled["actor"]!["login"]!.GetValue<string>()));
        Assert.Equal("/gate-override G2: OPS-1234 upgrade verified by hand", Assert.Single(pr["comments"]!.AsArray())!["body"]!.GetValue<string>());
        if (permission.Length > 0)
        {
            var answer = overrides["collaborator_permissions"]![labeller]!;
            Assert.Equal(permission, $"{answer["permission"]!.GetValue<string>()}/{answer["role_name"]!.GetValue<string>()}");
        }
        else
        {
            Assert.Null(overrides["collaborator_permissions"]); // no persona names a permission: not asked
        }
    }

    /// <summary>
    /// The replay resolves personas from the recorded answers with the configuration it is given: a refusal recorded
    /// under the shipped personas is honoured when the labeller is made a release manager, and GitHub is not asked again.
    /// </summary>
    [Fact]
    public async Task Replay_WithOtherPersonas_ResolvesFromTheRecordedAnswers()
    {
        await using var server = await TestServer.StartAsync();
        using var s = LabelledG2(server, OverrideScenario.QaPerson);
        var snapshot = Path.Combine(s.Run.TempRoot, "recorded.json");
        var quentinIsReleaseManager = s.Run.UseConfigCopy((name, text) => name == "personas.yaml"
            ? text.Replace("users: [rel-mgr-alice]", $"users: [rel-mgr-alice, {OverrideScenario.QaPerson}]", StringComparison.Ordinal)
            : text);

        var live = await LiveAsync(server, s, snapshot);
        var requests = server.Requests.Count;
        var replay = await ReplayAsync(snapshot, s.Target, "--config", quentinIsReleaseManager);

        Assert.Equal((1, 0), (live.ExitCode, replay.ExitCode));
        Assert.Equal(requests, server.Requests.Count);
        var decision = Assert.Single(JsonNode.Parse(replay.Stdout)!["overrides"]!.AsArray())!;
        Assert.Equal("override_honoured", decision["code"]!.GetValue<string>());
        Assert.Equal(["release_manager"], decision["actor_personas"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    /// <summary>A recorded snapshot replays at its evaluated_at unless <c>--now</c> says otherwise: 80 hours on, the override has expired.</summary>
    [Fact]
    public async Task Replay_WithNowAfterMaxAge_OverrideExpired()
    {
        await using var server = await TestServer.StartAsync();
        using var s = LabelledG2(server, OverrideScenario.ReleaseManager);
        var snapshot = Path.Combine(s.Run.TempRoot, "recorded.json");
        var later = s.Now.AddHours(80).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var live = await LiveAsync(server, s, snapshot);
        var replay = await ReplayAsync(snapshot, s.Target, "--now", later);

        Assert.Equal((0, 1), (live.ExitCode, replay.ExitCode));
        var report = JsonNode.Parse(replay.Stdout)!;
        Assert.Equal(later, report["evaluated_at"]!.GetValue<string>());
        Assert.Equal("override_expired", Assert.Single(report["overrides"]!.AsArray())!["code"]!.GetValue<string>());
    }

    /// <summary>PR #2 for staging, G2's upgrade check failed, pushed two hours ago, labelled <c>gate-override:G2</c> an hour ago by <paramref name="labeller"/> with a reason.</summary>
    private OverrideScenario LabelledG2(FakeGitHubServer server, string labeller)
    {
        var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        s.Push(2);
        s.Label("G2", labeller, 1);
        s.Reason(labeller, "G2", "OPS-1234 upgrade verified by hand", 0.9);
        return s;
    }

    /// <summary>
    /// Reviews are part of the snapshot: a <c>review: release_manager</c> entry on G1, approved by a release manager by
    /// team (org token not given live, so the membership is unknown and recorded as such) and by rel-mgr-alice, replays
    /// to the same report; the snapshot holds the reviews as GitHub gave them.
    /// </summary>
    [Theory]
    [InlineData("approved", "APPROVED", 0, "review_approved")]
    [InlineData("changes requested", "CHANGES_REQUESTED", 1, "review_changes_requested")]
    public async Task RecordThenReplay_ReviewEntry_SameReport(string scenario, string state, int exitCode, string code)
    {
        log.WriteLine($"scenario: {scenario}");
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log, "merge");
        var config = s.Run.UseConfigCopy((name, text) => name == "ci_gate_mapping.yaml"
            ? text.Replace("  G1:\n", "  G1:\n    - review: release_manager\n", StringComparison.Ordinal)
            : text);
        s.AddEvidence();
        s.Push(2);
        s.Repo.AddReview(s.Number, OverrideScenario.QaPerson, "APPROVED", s.HoursAgo(1.5));
        s.Repo.AddReview(s.Number, OverrideScenario.ReleaseManager, state, s.HoursAgo(1));
        var snapshot = Path.Combine(s.Run.TempRoot, "recorded.json");

        var live = await RunAsync(
            new Dictionary<string, string> { ["GITHUB_TOKEN"] = server.Token, ["GITHUB_API_URL"] = server.GitHubApiUrl },
            ["evaluate", "--repository", s.Run.Repository, "--sha", s.Sha, "--pull-request", s.Number.ToString(CultureInfo.InvariantCulture),
                "--record", snapshot, "--target", "merge", "--format", "json", "--config", config]);
        var requestsAfterLive = server.Requests.Count;
        var replay = await ReplayAsync(snapshot, "merge", "--config", config);

        Assert.Equal(exitCode, live.ExitCode);
        Assert.Equal(live.ExitCode, replay.ExitCode);
        Assert.Equal(live.Stdout, replay.Stdout);
        Assert.Equal(requestsAfterLive, server.Requests.Count);
        var report = JsonNode.Parse(replay.Stdout)!;
        var review = report["gates"]!.AsArray().Single(g => g!["id"]!.GetValue<string>() == "G1")!["checks"]!.AsArray().Single(c => c!["kind"]!.GetValue<string>() == "review")!;
        Assert.Equal(code, review["reason"]!.GetValue<string>());
        var recorded = JsonNode.Parse(File.ReadAllText(snapshot))!["reviews"]!["pull_requests"]![s.Number.ToString(CultureInfo.InvariantCulture)]!;
        Assert.Equal([OverrideScenario.QaPerson, OverrideScenario.ReleaseManager], recorded["reviews"]!.AsArray().Select(r => r!["user"]!["login"]!.GetValue<string>()));
        Assert.Equal(s.Sha, recorded["head_sha"]!.GetValue<string>());

        // The same snapshot under personas where QA testers are release managers too: the replay re-resolves them.
        var widened = s.Run.UseConfigCopy((name, text) => name switch
        {
            "ci_gate_mapping.yaml" => text.Replace("  G1:\n", "  G1:\n    - { review: release_manager, min: 2 }\n", StringComparison.Ordinal),
            "personas.yaml" => text.Replace("github: { users: [rel-mgr-alice],", $"github: {{ users: [rel-mgr-alice, {OverrideScenario.QaPerson}],", StringComparison.Ordinal),
            _ => text,
        });
        var again = JsonNode.Parse((await ReplayAsync(snapshot, "merge", "--config", widened)).Stdout)!;
        var approvers = again["gates"]!.AsArray().Single(g => g!["id"]!.GetValue<string>() == "G1")!["checks"]!.AsArray()
            .Single(c => c!["kind"]!.GetValue<string>() == "review")!["matches"]!.AsArray().Where(m => m!["outcome"]!.GetValue<string>() == "passed").Select(m => m!["name"]!.GetValue<string>());
        Assert.Contains(OverrideScenario.QaPerson, approvers);
    }

    private static IEnumerable<(string Id, string Status)> Gates(JsonNode report) =>
        report["gates"]!.AsArray().Select(g => (g!["id"]!.GetValue<string>(), g["status"]!.GetValue<string>()));

    /// <summary>A recorded time (to the tick) as the report shows it (to the second).</summary>
    private static string Seconds(string recorded) =>
        DateTimeOffset.Parse(recorded, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private Task<(int ExitCode, string Stdout, string Stderr)> LiveAsync(FakeGitHubServer server, OverrideScenario s, string record, params string[] more) =>
        RunAsync(
            new Dictionary<string, string> { ["GITHUB_TOKEN"] = server.Token, ["GITHUB_API_URL"] = server.GitHubApiUrl },
            ["evaluate", "--repository", s.Run.Repository, "--sha", s.Sha, "--pull-request", s.Number.ToString(CultureInfo.InvariantCulture),
                "--record", record, "--target", s.Target, "--format", "json", .. more]);

    private Task<(int ExitCode, string Stdout, string Stderr)> ReplayAsync(string snapshot, string target, params string[] more) =>
        RunAsync(new Dictionary<string, string>(), ["evaluate", "--snapshot", snapshot, "--target", target, "--format", "json", .. more]);

    /// <summary>The built app as a local command, with a clean environment (no token unless given, not in GitHub Actions).</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo(TestPaths.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(TestPaths.AppDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["ODOO_GATES_RETRY_DELAY"] = "10ms";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ActionRun.ProcessTimeout);
        await process.WaitForExitAsync(timeout.Token);
        var result = (process.ExitCode, await stdout, await stderr);
        log.WriteLine($"--- {string.Join(' ', args.Select(a => Regex.IsMatch(a, "^[-/.:A-Za-z0-9_]+$") ? a : $"'{a}'"))}: exit {result.ExitCode}\n{result.Item3}{result.Item2}");
        return result;
    }
}
