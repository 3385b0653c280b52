using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>The audit log (JSON Lines, default <c>.odoo-gates/audit.jsonl</c> in the workspace): one event per required gate, never twice.</summary>
public sealed class AuditTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Action_DeploymentEvaluated_AppendsOneGateEvaluatedEventPerRequiredGateInTheWorkspace()
    {
        const string sha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "deployment", "deployment/payload.json", log);
        run.UseConfigWithoutFreeze();
        Evidence.AddGreen(run.Repo, sha, Evidence.AllGates);

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        var path = result.AuditLogPath;
        var events = ReadEvents(path);
        Assert.Equal(Evidence.AllGates, events.Select(e => e["gate"]!.GetValue<string>()));
        Assert.All(events, e =>
        {
            Assert.Equal("gate.evaluated", e["event_type"]!.GetValue<string>());
            Assert.Equal(("Codertocat/Hello-World", sha, "production"), (e["repository"]!.GetValue<string>(), e["sha"]!.GetValue<string>(), e["target"]!.GetValue<string>()));
            Assert.Equal(("passed", "allow"), (e["outcome"]!.GetValue<string>(), e["decision"]!.GetValue<string>()));
            Assert.Equal((6102439577L, 1), (e["run_id"]!.GetValue<long>(), e["run_attempt"]!.GetValue<int>()));
            Assert.Matches("^[0-9a-f]{64}$", e["idempotency_key"]!.GetValue<string>());
        });
        Assert.Equal(4, events.Select(e => e["idempotency_key"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Action_SameRunAttemptTwice_AppendsNothingTwiceButANewAttemptAppends()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var audit = Path.Combine(run.TempRoot, "audit", "gates.jsonl");
        run.Inputs["audit-log"] = audit;

        var first = await run.RunAsync();
        var afterFirst = ReadEvents(audit);
        var second = await run.RunAsync();
        var afterSecond = ReadEvents(audit);
        run.Environment["GITHUB_RUN_ATTEMPT"] = "2";
        var third = await run.RunAsync();
        var afterThird = ReadEvents(audit);

        Assert.Equal((0, 0, 0), (first.ExitCode, second.ExitCode, third.ExitCode));
        var evaluated = Assert.Single(afterFirst);
        Assert.Equal(("G1", PullRequestScenario.Number), (evaluated["gate"]!.GetValue<string>(), evaluated["pull_request"]!.GetValue<int>()));
        Assert.Single(afterSecond);
        Assert.Equal(2, afterThird.Count);
        Assert.Equal(2, afterThird[1]["run_attempt"]!.GetValue<int>());
        Assert.NotEqual(afterThird[0]["idempotency_key"]!.GetValue<string>(), afterThird[1]["idempotency_key"]!.GetValue<string>());
        Assert.DoesNotContain(server.Token, File.ReadAllText(audit), StringComparison.Ordinal);
    }

    private static List<JsonNode> ReadEvents(string path)
    {
        Assert.True(File.Exists(path), $"no audit log at {path}");
        return [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)];
    }
}
