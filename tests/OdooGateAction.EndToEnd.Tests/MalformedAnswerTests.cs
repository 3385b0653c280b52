using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// An answer from GitHub that is not in the shape its API documents is GitHub failing, not the user's bad input: the run
/// is undecidable (exit 3, fail closed), names what was wrong, and writes no decision.
/// </summary>
public sealed class MalformedAnswerTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("check-runs", "check_runs", "name", "check_runs[0].name")]
    [InlineData("statuses", "", "state", "statuses[0].state")]
    public async Task Action_AnswerMissingADocumentedField_ExitsThreeNamingTheField(string endpoint, string listKey, string field, string named)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        run.HostileAnswers = true; // the rewritten answers break GitHub's description on purpose
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Repo.AddStatus(PullRequestScenario.Sha, "coverage", "success");
        server.Faults.Add(
            r => r.Method == "GET" && r.Path.EndsWith("/" + endpoint, StringComparison.Ordinal),
            Fault.RewriteBody(body =>
            {
                var list = listKey.Length == 0 ? body.AsArray() : body[listKey]!.AsArray();
                list[0]!.AsObject().Remove(field);
                return body;
            }),
            times: 10);

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: no decision could be reached, so the promotion is not allowed (fail closed): GitHub's answer for commit", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("bad input", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Outputs);
        Assert.Empty(result.To(Endpoints.CreateCheckRun));
    }
}
