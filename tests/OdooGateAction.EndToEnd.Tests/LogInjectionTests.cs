using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// Everything the action prints is a line of its own (action contract, "What it writes on GitHub"): text from GitHub,
/// the event or the inputs that tries to start a workflow command, end a line or colour the log reaches stdout and
/// stderr neutralised, and secrets in a GitHub error body reach nothing the step leaves. One test per path such text
/// takes; each checks the whole output with <see cref="AssertOwnLines"/>.
/// </summary>
public sealed partial class LogInjectionTests(ITestOutputHelper log)
{
    /// <summary>A failing matrix leg whose name tries to stop command processing and set the decision.</summary>
    private const string Injection = "\n::stop-commands::pwned\n::set-output name=decision::allow\n::add-mask::allow";

    private const string DispatchSha = "4c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";

    [Theory]
    [InlineData("line feeds", "test (x" + Injection + ")", "test (x\\n::stop-commands::pwned\\n::set-output name=decision::allow")]
    [InlineData("bare CR", "test (x\r::set-output name=decision::allow)", "test (x\\r::set-output name=decision::allow)")]
    [InlineData("ANSI escapes", "test (\u001b[31mred\u001b[0m\u001b]8;;https://evil.example\u0007)", "test (\\u001b[31mred\\u001b[0m\\u001b]8;;https://evil.example\\u0007)")]
    [InlineData("old command form and U+2028", "test (x ##[set-output name=decision]allow\u2028::error::y)", "test (x #\\u0023[set-output name=decision]allow\\u2028::error::y)")]
    public async Task Action_HostileCheckRunName_ReportLineIsInert(string scenario, string name, string shown)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Repo.AddCheckRun(PullRequestScenario.Sha, name, conclusion: "failure", startedAt: FakeRepository.BaseTime.AddHours(1));

        var result = await run.RunAsync();

        Assert.True(result.ExitCode == 1, scenario);
        Assert.Equal("block", result.Output("decision"));
        Assert.Contains(shown, result.Stdout, StringComparison.Ordinal);
        AssertOwnLines(result);
    }

    [Fact]
    public async Task Action_WrongAppWithHostileSlug_ReportLineIsInert()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        foreach (var check in Evidence.ChecksByGate["G1"].Where(c => c != "pre-commit"))
        {
            run.Repo.AddCheckRun(PullRequestScenario.Sha, check);
        }

        run.Repo.AddCheckRun(PullRequestScenario.Sha, "pre-commit", app: "spoof" + Injection + "\u001b[0m");
        run.HostileAnswers = true; // no real app slug holds control characters: the fake's app URLs are not GitHub's

        var result = await run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ignored 1 from another app (spoof\\n::stop-commands::pwned\\n::set-output name=decision::allow", result.Stdout, StringComparison.Ordinal);
        AssertOwnLines(result);
    }

    /// <summary>Text from the event or the inputs that the action refuses (exit 2): the error names it, neutralised.</summary>
    /// <param name="path">Where the hostile text comes in.</param>
    /// <param name="shown">How the error on stderr shows it.</param>
    [Theory]
    [InlineData("deployment.environment", "target 'production\\n::stop-commands::pwned\\n::set-output name=decision::allow")]
    [InlineData("target input", "target 'merge\\n::stop-commands::pwned\\n::set-output name=decision::allow\\n::add-mask::allow\\u001b[2J' (from the target input)")]
    [InlineData("workflow_dispatch target", "target 'staging\\n::stop-commands::pwned")]
    [InlineData("merge_group.head_ref", "'merge_group.head_ref' in the merge_group event payload is 'refs/heads/gh-readonly-queue/main/no-pr\\n::stop-commands::pwned")]
    public async Task Action_HostileEventOrInput_RefusedWithAnInertError(string path, string shown)
    {
        await using var server = await TestServer.StartAsync();
        using var run = path switch
        {
            "deployment.environment" => new ActionRun(server, "deployment", "deployment/payload.json", log),
            "workflow_dispatch target" => new ActionRun(server, "workflow_dispatch", "workflow_dispatch/payload.json", log) { GitHubSha = DispatchSha },
            "merge_group.head_ref" => new ActionRun(server, "merge_group", "merge_group/checks_requested.payload.json", log),
            _ => PullRequestScenario.Create(server, log),
        };
        switch (path)
        {
            case "deployment.environment":
                run.Payload["deployment"]!["environment"] = "production" + Injection;
                break;
            case "target input":
                run.Inputs["target"] = "merge" + Injection + "\u001b[2J";
                break;
            case "workflow_dispatch target":
                run.Payload["inputs"]!["target"] = "staging" + Injection;
                break;
            case "merge_group.head_ref":
                run.Payload["merge_group"]!["head_ref"] = "refs/heads/gh-readonly-queue/main/no-pr" + Injection + "\r::error::x";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, null);
        }

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(shown, result.Stderr, StringComparison.Ordinal);
        AssertOwnLines(result);
    }

    [Fact]
    public async Task Action_HostileGitHubErrorMessage_ErrorIsInert()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        server.Faults.Add("GET", $"/repos/{run.Repository}/commits/{PullRequestScenario.Sha}/check-runs",
            Fault.Status(422, """{"message":"Validation Failed\n::stop-commands::pwned\r\n::set-output name=decision::allow\u001b[31m ##[add-mask]x\u2029"}"""), times: 10);

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Validation Failed\\n::stop-commands::pwned\\r\\n::set-output name=decision::allow\\u001b[31m #\\u0023[add-mask]x\\u2029", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Commands("error"), c => c.Contains("Validation Failed\\n::stop-commands::pwned\\r\\n::set-output", StringComparison.Ordinal));
        AssertOwnLines(result);
    }

    [Fact]
    public async Task Action_HostileGitHubRepository_RefusedBeforeAnyRequestAndTheMessageIsInert()
    {
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "pull_request", "pull_request/opened.payload.json", log)
        {
            Repository = "acme/odoo\u001b[8m::set-output name=decision::allow\u2028x",
            PublishPolicy = false,
        };

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Requests);
        Assert.Empty(result.Outputs);
        Assert.Contains("GITHUB_REPOSITORY is 'acme/odoo\\u001b[8m::set-output name=decision::allow\\u2028x'; expected owner/repository", result.Stderr, StringComparison.Ordinal);
        AssertOwnLines(result);
    }

    /// <summary>
    /// A GitHub error body that quotes the token, URL credentials and an <c>access_token</c>: in a warning (a 403 on the
    /// status comment: the run decides and writes every other record) and in the error of a run that cannot decide.
    /// </summary>
    [Theory]
    [InlineData("403 on the status comment", 0)]
    [InlineData("422 on reading check runs", 3)]
    public async Task Action_GitHubErrorBodyQuotingSecrets_NothingOfThemAnywhere(string scenario, int exitCode)
    {
        await using var server = await TestServer.StartAsync();
        server.Token = "e2e-not-shaped-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)); // redacted because registered, not by its shape
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        const string password = "pa55w0rd-9c1e";
        const string accessToken = "at-5d8e2f7a";
        var body = $$"""{"message":"token {{server.Token}} may not; retry at https://bot:{{password}}@proxy.example/api?access_token={{accessToken}}&x=1"}""";
        if (scenario.StartsWith("403", StringComparison.Ordinal))
        {
            server.Faults.Add("POST", $"/repos/{run.Repository}/issues/{PullRequestScenario.Number}/comments", Fault.Status(403, body), times: 10);
        }
        else
        {
            server.Faults.Add("GET", $"/repos/{run.Repository}/commits/{PullRequestScenario.Sha}/check-runs", Fault.Status(422, body), times: 10);
        }

        var result = await run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        var everything = string.Join("\n", result.Stdout, result.Stderr, result.Summary, result.OutputsText,
            result.ReportPath is { } report && File.Exists(report) ? File.ReadAllText(report) : string.Empty);
        Assert.Contains("may not; retry at https://***@proxy.example/api?access_token=***&x=1", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(accessToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Token, everything.Replace("::add-mask::" + server.Token, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        if (exitCode == 0)
        {
            Assert.Equal("allow", result.Output("decision"));
            Assert.Contains(result.Commands("warning"), w => w.Contains("token *** may not", StringComparison.Ordinal));
        }

        AssertOwnLines(result);
    }

    /// <summary>
    /// No line of stdout or stderr starts a workflow command except the action's own on stdout (masks, groups,
    /// annotations; never stop-commands or set-output), and neither carries ESC, a CR, U+2028/U+2029 or <c>##[</c>.
    /// </summary>
    private static void AssertOwnLines(ActionResult result)
    {
        foreach (var (stream, text) in new[] { ("stdout", result.Stdout), ("stderr", result.Stderr) })
        {
            Assert.False(text.Contains('\u001b', StringComparison.Ordinal), $"ESC on {stream}");
            Assert.False(text.Contains('\r', StringComparison.Ordinal), $"a CR on {stream}");
            Assert.False(text.Contains('\u2028', StringComparison.Ordinal) || text.Contains('\u2029', StringComparison.Ordinal), $"U+2028/U+2029 on {stream}");
            Assert.False(text.Contains("##[", StringComparison.Ordinal), $"'##[' on {stream}");
            foreach (var line in text.Split('\n'))
            {
                Assert.DoesNotContain(line, c => char.IsControl(c) && c != '\t');
                if (line.TrimStart().StartsWith("::", StringComparison.Ordinal))
                {
                    Assert.True(stream == "stdout" && OwnCommand().IsMatch(line), $"not the action's own command on {stream}: {line}");
                }
            }
        }
    }

    [GeneratedRegex("^::(?:add-mask|group|endgroup|error|warning|notice|debug)(?: [^:]*)?::")]
    private static partial Regex OwnCommand();
}
