using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// Where the policy comes from: by default the configuration folder of the base branch, read through the contents
/// API at the SHA the ref resolves to, never from the checkout; so a PR cannot rewrite the policy that judges it.
/// </summary>
public sealed class PolicyTests(ITestOutputHelper log)
{
    private const string Upgrade = "upgrade-from-previous";

    /// <summary>The PR's own personas.yaml makes its QA author a release manager, who labels and explains an override of G2.</summary>
    private static OverrideScenario SelfGrantingPullRequest(Xunit.Abstractions.ITestOutputHelper log, FakeGitHub.FakeGitHubServer server, out string editedConfig)
    {
        var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        s.Push(2);
        s.Label("G2", OverrideScenario.QaPerson, 1);
        s.Reason(OverrideScenario.QaPerson, "G2", "OPS-1 trust me", 0.9);
        var shipped = s.Run.ConfigDirectory;
        editedConfig = s.Run.UseConfigCopy((name, text) => name == "personas.yaml"
            ? text.Replace("users: [rel-mgr-alice]", $"users: [rel-mgr-alice, {OverrideScenario.QaPerson}]", StringComparison.Ordinal)
            : text);
        Assert.Contains(OverrideScenario.QaPerson, File.ReadAllText(Path.Combine(editedConfig, "personas.yaml")), StringComparison.Ordinal);

        // The base branch holds the real policy; the PR's branch holds its edited copy (and the workspace would too).
        s.Run.ConfigDirectory = shipped;
        s.Run.CommitPolicy("octocat-patch-1", editedConfig);
        return s;
    }

    [Fact]
    public async Task Action_PullRequestGrantsItsAuthorAPersona_PolicyFromTheBaseBranchRefusesTheOverride()
    {
        await using var server = await TestServer.StartAsync();
        using var s = SelfGrantingPullRequest(log, server, out _);

        var result = await s.Run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(("block", "failed"), (result.Output("decision"), result.Output("g2")));
        var refused = Assert.Single(OverrideScenario.OverrideEvents(result));
        Assert.Equal(("gate.override.refused", "override_not_authorized"), (OverrideScenario.Text(refused, "event_type"), OverrideScenario.Text(refused, "code")));
        Assert.Equal(("master", s.Repo.BranchHead("master")), (result.Output("config-ref"), result.Output("config-sha")));
        Assert.DoesNotContain(result.Requests, r => r.PathAndQuery.Contains("octocat-patch-1", StringComparison.Ordinal) || r.PathAndQuery.Contains(s.Repo.BranchHead("octocat-patch-1")!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_SamePullRequestWithWorkspaceSource_HonoursItsOwnGrantAndWarns()
    {
        await using var server = await TestServer.StartAsync();
        using var s = SelfGrantingPullRequest(log, server, out var edited);
        s.Run.ConfigSource = "workspace";
        s.Run.ConfigDirectory = edited;

        var result = await s.Run.RunAsync();

        // What the default prevents: the change supplied its own policy, and the run says so.
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("overridden", result.Output("g2"));
        Assert.Contains(result.Commands("warning"), w => w.Contains("untrusted policy", StringComparison.Ordinal) && w.Contains("can edit", StringComparison.Ordinal));
        Assert.Equal((string.Empty, string.Empty), (result.Output("config-ref"), result.Output("config-sha")));
        Assert.Equal("workspace", result.Report!["policy"]!["source"]!.GetValue<string>());
        Assert.DoesNotContain(result.Requests, r => r.PathAndQuery.Contains("/contents/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_NoGatesInTheWorkspace_DecidesFromTheRepositoryAndNamesThePolicyEverywhere()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(result.Workspace, "gates")), "the workspace has no configuration: nothing was checked out");
        var sha = run.Repo.BranchHead("master")!;
        Assert.Equal(("master", sha), (result.Output("config-ref"), result.Output("config-sha")));
        var policy = result.Report!["policy"]!;
        Assert.Equal(("repository", "gates", "master", sha), (policy["source"]!.GetValue<string>(), policy["path"]!.GetValue<string>(), policy["ref"]!.GetValue<string>(), policy["sha"]!.GetValue<string>()));
        Assert.Contains($"policy <code>gates@master ({sha[..12]})</code>", System.Net.WebUtility.HtmlDecode(result.Summary), StringComparison.Ordinal);
        Assert.All(OverrideScenario.AuditEvents(result), e => Assert.Equal(("master", sha), (OverrideScenario.Text(e, "config_ref"), OverrideScenario.Text(e, "config_sha"))));

        // The policy costs one request for the ref and one per file, each file read at the resolved SHA.
        var policyReads = result.Requests.Where(r => r.PathAndQuery.Contains("/contents/", StringComparison.Ordinal) || Endpoints.PathOnly(r).EndsWith("/commits/master", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, policyReads.Count);
        Assert.All(policyReads.Where(r => r.PathAndQuery.Contains("/contents/", StringComparison.Ordinal)), r => Assert.EndsWith("?ref=" + sha, r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_ConfigurationMissingAtTheRef_ExitsTwoNamingRefAndPathAndWritesNothing()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.PublishPolicy = false;
        run.Repo.CommitFiles("master", new Dictionary<string, string> { ["README.md"] = "# no gates here\n" });

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no configuration at 'gates/' on master (", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Codertocat/Hello-World", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Writes);
        Assert.Empty(result.Outputs);
        Assert.DoesNotContain(result.Requests, r => r.PathAndQuery.Contains("/check-runs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("release/99.0", "input 'config-ref' 'release/99.0' names no branch, tag or commit of Codertocat/Hello-World")]
    [InlineData("main..evil", "input 'config-ref' is not a branch, tag or commit SHA")]
    public async Task Action_ConfigRefThatIsNoRef_ExitsTwoNamingIt(string configRef, string message)
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Inputs["config-ref"] = configRef;

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Writes);
    }

    [Fact]
    public async Task Action_ConfigRefInput_ReadsThePolicyOfThatBranch()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Inputs["config-ref"] = "release/16.0";
        run.UseConfigCopy((name, text) => name == "environments.yaml" ? text.Replace("targets:\n", "targets:\n  merge-strict:\n    gates: [G1]\n", StringComparison.Ordinal) : text);
        var strict = run.ConfigDirectory;
        run.ConfigDirectory = TestPaths.ShippedGates;
        var releaseSha = run.CommitPolicy("release/16.0", strict);
        run.Inputs["target"] = "merge-strict";

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("merge-strict", "release/16.0", releaseSha), (result.Output("target"), result.Output("config-ref"), result.Output("config-sha")));
        Assert.Contains(result.Requests, r => Endpoints.PathOnly(r).EndsWith("/commits/release%2F16.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_BrokenConfigurationAtTheRef_ExitsTwoNamingFileAndRef()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.UseConfigCopy((name, text) => name == "ci_gate_mapping.yaml" ? text.Replace("  skipped:", "  skiped:", StringComparison.Ordinal) : text);

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Commands("error"), c => c.Contains("skiped", StringComparison.Ordinal));
        Assert.Contains("gates/ci_gate_mapping.yaml@master:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("file=", error, StringComparison.Ordinal); // not a file of the checkout
        Assert.Contains("gates@master (", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Writes);
    }

    [Fact]
    public async Task Action_PolicyFileNotUtf8AtTheRef_ExitsTwoWithAnErrorOnThatFileAndTheOthersChecked()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.PublishPolicy = false;
        var files = Directory.GetFiles(TestPaths.ShippedGates, "*.yaml").ToDictionary(f => "gates/" + Path.GetFileName(f), File.ReadAllBytes);
        files["gates/personas.yaml"] = [0x76, 0x65, 0x72, 0xFF, 0xFE, 0x0A]; // not UTF-8
        files["gates/ci_gate_mapping.yaml"] = System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(TestPaths.ShippedGates, "ci_gate_mapping.yaml")).Replace("  skipped:", "  skiped:", StringComparison.Ordinal));
        run.Repo.CommitBytes("master", files);

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Commands("error"), e => e.Contains("gates/personas.yaml@master", StringComparison.Ordinal) && e.Contains("not UTF-8", StringComparison.Ordinal));
        Assert.Contains(result.Commands("error"), e => e.Contains("skiped", StringComparison.Ordinal)); // reported in the same run
        Assert.Empty(result.Writes);
    }

    [Fact]
    public async Task Action_MergeGroup_ReadsThePolicyOfTheQueueBaseRef()
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.MergeGroup(server, log);
        s.AddEvidence();
        s.Run.Payload["merge_group"]!["base_ref"] = "refs/heads/release-16";
        s.Run.PublishPolicy = false;
        var sha = s.Run.CommitPolicy("release-16", TestPaths.ShippedGates);

        var result = await s.Run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("refs/heads/release-16", sha), (result.Output("config-ref"), result.Output("config-sha")));
        Assert.Contains(result.Requests, r => Endpoints.PathOnly(r).EndsWith("/commits/heads%2Frelease-16", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Action_Deployment_ReadsThePolicyOfTheDefaultBranch()
    {
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "deployment", "deployment/payload.json", log);
        run.UseConfigWithoutFreeze();
        Evidence.AddGreen(run.Repo, OverrideScenario.DeploymentSha, Evidence.AllGates);
        Assert.Equal("master", run.Payload["repository"]!["default_branch"]!.GetValue<string>());
        run.Repo.CommitFiles("develop", new Dictionary<string, string> { ["README.md"] = "not the policy\n" });

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("production", "master", run.Repo.BranchHead("master")), (result.Output("target"), result.Output("config-ref"), result.Output("config-sha")));
    }

    [Fact]
    public async Task Action_EventWithoutDefaultBranch_ExitsTwoAskingForConfigRef()
    {
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "deployment", "deployment/payload.json", log);
        run.Payload["repository"]!.AsObject().Remove("default_branch");
        Assert.Null(run.Payload["repository"]!["default_branch"]);

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set the 'config-ref' input", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Requests);
    }
}
