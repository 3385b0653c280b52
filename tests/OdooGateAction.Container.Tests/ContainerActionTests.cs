using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace OdooGateAction.Container.Tests;

/// <summary>
/// The built image, run as a GitHub runner runs a container action step (<see cref="RunnerJob"/>: the runner's folders,
/// owned by its user, mounted where it mounts them; its environment with host paths translated; every input of
/// action.yml with its default; no --user), against the fake GitHub server on 127.0.0.1 (host network), which also
/// serves the policy (gates/ on the PR's base branch). After the
/// container exits, the step's records are read on the host as a later step would: the outputs and summary from the
/// file commands, the JSON report through the <c>report</c> output and the audit log, both under the workspace.
/// The image is named by ODOO_GATES_IMAGE (tests/container/run.sh builds it and runs these tests).
/// </summary>
public sealed class ContainerActionTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"; // pull_request.head.sha of the payload
    private const string MergeCommitSha = "fedcba9876543210fedcba9876543210fedcba98";
    private const int PullRequest = 2;

    private FakeGitHubServer _server = null!;
    private FakeRepository _repo = null!;
    private string _policySha = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGitHubServer.StartAsync();
        _repo = _server.Repository("Codertocat", "Hello-World");
        _repo.AddPullRequest(PullRequest, Sha);
        // The policy: the shipped gates/ on the PR's base branch, read through the contents API (config-source: repository).
        _policySha = _repo.CommitFiles("master", Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "gates"))
            .ToDictionary(f => "gates/" + Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(RunnerVersion.Current)]
    [InlineData(RunnerVersion.WithoutRunnerTempMount)]
    public async Task Container_AllGreenPullRequest_AllowsWithOutputsSummaryAndRecordsInTheWorkspace(RunnerVersion version)
    {
        AddMergeEvidence(extraRuns: 246, statuses: 120);

        using var job = new RunnerJob(version, "Hello-World");
        var run = await RunContainerAsync(job);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("allow", run.Outputs["decision"]);
        Assert.Equal("passed", run.Outputs["g1"]);
        Assert.Equal("not-required", run.Outputs["g2"]);
        Assert.Equal(("merge", Sha, ""), (run.Outputs["target"], run.Outputs["sha"], run.Outputs["blocked-gates"]));
        Assert.Equal(("master", _policySha), (run.Outputs["config-ref"], run.Outputs["config-sha"]));
        Assert.Contains("Promotion to <code>merge</code> allowed", run.Summary, StringComparison.Ordinal);
        Assert.Equal(2, _repo.CheckRuns(Sha).Count(r => r.Name.StartsWith("odoo-gates/merge", StringComparison.Ordinal))); // the aggregate and G1
        Assert.Single(_repo.Comments(PullRequest));
        Assert.StartsWith($"::add-mask::{_server.Token}\n", run.Stdout, StringComparison.Ordinal); // the runner hides it from then on
        var afterMask = run.Stdout[(run.Stdout.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(_server.Token, afterMask + run.Stderr + run.Summary + string.Concat(run.Outputs.Values), StringComparison.Ordinal);

        // The records outlive the container: in the host's workspace, readable by the runner's user in later steps.
        var report = ReadReport(job, run);
        Assert.Equal(("merge", "allow", Sha), (report["target"]!.GetValue<string>(), report["decision"]!.GetValue<string>(), report["sha"]!.GetValue<string>()));
        var events = ReadAuditLog(job);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(("gate.evaluated", Sha, "merge", 7100001L), (e["event_type"]!.GetValue<string>(), e["sha"]!.GetValue<string>(),
            e["target"]!.GetValue<string>(), e["run_id"]!.GetValue<long>())));
        Assert.Contains(events, e => e["gate"]!.GetValue<string>() == "G1");
        AssertRunnerTempUntouched(job);
        Assert.DoesNotContain(_server.Token, File.ReadAllText(Path.Combine(job.Workspace, ".odoo-gates", "audit.jsonl")) + RunnerJob.ReadAsRunner(Path.Combine(job.Workspace, run.Outputs["report"])), StringComparison.Ordinal);
        log.WriteLine($"FIGURES container start-to-decision ({version} runner; podman run to exit, all-green PR, 250 check runs, 120 statuses): {run.Elapsed.TotalMilliseconds:0} ms; {_server.Requests.Count} requests");
    }

    [Theory]
    [InlineData(RunnerVersion.Current)]
    [InlineData(RunnerVersion.WithoutRunnerTempMount)]
    public async Task Container_FailedCheck_BlocksWithExitOneAndReportsIt(RunnerVersion version)
    {
        AddMergeEvidence(extraRuns: 0, statuses: 0, preCommit: "failure");

        using var job = new RunnerJob(version, "Hello-World");
        var run = await RunContainerAsync(job);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(("block", "G1", "failed"), (run.Outputs["decision"], run.Outputs["blocked-gates"], run.Outputs["g1"]));
        Assert.Contains("::error title=odoo-gates/merge%3A check_failed::", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("failure", _repo.CheckRuns(Sha).Single(r => r.Name == "odoo-gates/merge").Conclusion);
        var report = ReadReport(job, run);
        Assert.Equal("block", report["decision"]!.GetValue<string>());
        Assert.Equal("check_failed", report["blocking_reasons"]![0]!["code"]!.GetValue<string>());
        Assert.Contains(ReadAuditLog(job), e => e["gate"]!.GetValue<string>() == "G1" && e["outcome"]!.GetValue<string>() == "failed");
        AssertRunnerTempUntouched(job);
    }

    [Fact]
    public async Task Container_BadInput_ExitsTwoAndWritesNothing()
    {
        AddMergeEvidence(extraRuns: 0, statuses: 0);

        using var job = new RunnerJob(RunnerVersion.Current, "Hello-World");
        var run = await RunContainerAsync(job, new Dictionary<string, string> { ["comment"] = "yes" });

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Outputs);
        Assert.Contains("'comment'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
        AssertRunnerTempUntouched(job);
    }

    /// <summary>The runner model itself: which variables reach the container as container paths, which as host paths.</summary>
    [Theory]
    [InlineData(RunnerVersion.Current, "/github/runner_temp")]
    [InlineData(RunnerVersion.WithoutRunnerTempMount, null)]
    public void Runner_TranslatesHostPathsUnderItsMounts(RunnerVersion version, string? runnerTempInContainer)
    {
        using var job = new RunnerJob(version, "Hello-World");
        var files = job.NewStepFileCommands();
        var environment = ContainerEnvironment(job, files, "token");

        Assert.Equal("/github/workspace", environment["GITHUB_WORKSPACE"]);
        Assert.Equal("/github/home", environment["HOME"]);
        Assert.Equal("/github/workflow/event.json", environment["GITHUB_EVENT_PATH"]);
        foreach (var name in new[] { "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE" })
        {
            Assert.Equal("/github/file_commands/" + Path.GetFileName(files[name]), environment[name]);
        }

        Assert.Equal(runnerTempInContainer ?? job.Temp, environment["RUNNER_TEMP"]);
        Assert.Equal(job.RunnerWorkspace, environment["RUNNER_WORKSPACE"]); // never mounted: a host path
        Assert.Equal(version == RunnerVersion.Current ? 6 : 5, job.Mounts.Count);
        Assert.DoesNotContain(job.DockerRunArguments("image", environment, "host"), a => a == "--user" || a.StartsWith("--user=", StringComparison.Ordinal));
    }

    private void AddMergeEvidence(int extraRuns, int statuses, string preCommit = "success")
    {
        _repo.AddCheckRun(Sha, "pre-commit", conclusion: preCommit);
        _repo.AddCheckRun(Sha, "test (16.0, community)");
        _repo.AddCheckRun(Sha, "test (16.0, enterprise)");
        _repo.AddCheckRun(Sha, "install-modules");
        for (var i = 0; i < extraRuns; i++)
        {
            _repo.AddCheckRun(Sha, $"lint {i}");
        }

        for (var i = 0; i < statuses; i++)
        {
            _repo.AddStatus(Sha, $"ci/status-{i % 40}", "success", creator: "ci-bot");
        }
    }

    /// <summary>
    /// One step: the job's folders as the runner leaves them before it (the event, new file commands, an empty
    /// workspace: no checkout step, the policy comes from the repository), all the runner's, then <c>podman run</c> as
    /// the runner's <c>docker run</c>.
    /// </summary>
    private async Task<ContainerRun> RunContainerAsync(RunnerJob job, Dictionary<string, string>? inputs = null)
    {
        var image = Environment.GetEnvironmentVariable("ODOO_GATES_IMAGE")
            ?? throw new InvalidOperationException("ODOO_GATES_IMAGE is not set: build the image and run these tests with tests/container/run.sh");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "webhooks", "pull_request.json"), job.EventPath);
        var files = job.NewStepFileCommands();
        job.HandToRunner();
        var environment = ContainerEnvironment(job, files, _server.Token, inputs);

        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        var storage = Environment.GetEnvironmentVariable("ODOO_GATES_PODMAN_STORAGE") ?? "--storage-driver vfs";
        foreach (var argument in storage.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["run", "--cgroup-manager=cgroupfs", "--runtime", "runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"])
            .Concat(job.DockerRunArguments(image, environment, network: "host")))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        clock.Stop();
        var run = new ContainerRun(process.ExitCode, await stdout, await stderr, ParseOutputs(File.ReadAllText(files["GITHUB_OUTPUT"])),
            File.ReadAllText(files["GITHUB_STEP_SUMMARY"]), clock.Elapsed);
        log.WriteLine($"{job.Version} runner: exit {run.ExitCode} in {run.Elapsed.TotalMilliseconds:0} ms\n{run.Stdout}\n{run.Stderr}");
        return run;
    }

    /// <summary>
    /// The step's environment as ContainerActionHandler builds it: the github and runner contexts' variables, HOME,
    /// the file commands and INPUT_&lt;NAME&gt; for every input of action.yml (the given value, else its default),
    /// each value under a mounted folder translated to its container path.
    /// </summary>
    private Dictionary<string, string> ContainerEnvironment(RunnerJob job, Dictionary<string, string> files, string token, Dictionary<string, string>? inputs = null)
    {
        var host = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTION"] = "gates",
            ["GITHUB_ACTION_REPOSITORY"] = "acme/odoo-gate-action",
            ["GITHUB_ACTION_REF"] = "v1",
            ["GITHUB_ACTOR"] = "Codertocat",
            ["GITHUB_ACTOR_ID"] = "21031067",
            ["GITHUB_API_URL"] = _server.GitHubApiUrl,
            ["GITHUB_BASE_REF"] = "master",
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = job.EventPath,
            ["GITHUB_GRAPHQL_URL"] = "https://api.github.com/graphql",
            ["GITHUB_HEAD_REF"] = "changes",
            ["GITHUB_JOB"] = "gates",
            ["GITHUB_REF"] = $"refs/pull/{PullRequest}/merge",
            ["GITHUB_REF_NAME"] = $"{PullRequest}/merge",
            ["GITHUB_REF_PROTECTED"] = "false",
            ["GITHUB_REF_TYPE"] = "branch",
            ["GITHUB_REPOSITORY"] = "Codertocat/Hello-World",
            ["GITHUB_REPOSITORY_ID"] = "186853002",
            ["GITHUB_REPOSITORY_OWNER"] = "Codertocat",
            ["GITHUB_REPOSITORY_OWNER_ID"] = "21031067",
            ["GITHUB_RETENTION_DAYS"] = "90",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_RUN_ID"] = "7100001",
            ["GITHUB_RUN_NUMBER"] = "12",
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_SHA"] = MergeCommitSha,
            ["GITHUB_TRIGGERING_ACTOR"] = "Codertocat",
            ["GITHUB_WORKFLOW"] = "Release gates",
            ["GITHUB_WORKFLOW_REF"] = "Codertocat/Hello-World/.github/workflows/gates.yml@refs/pull/2/merge",
            ["GITHUB_WORKFLOW_SHA"] = MergeCommitSha,
            ["GITHUB_WORKSPACE"] = job.Workspace,
            ["RUNNER_ARCH"] = "X64",
            ["RUNNER_ENVIRONMENT"] = "github-hosted",
            ["RUNNER_NAME"] = "GitHub Actions 1000000001",
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_TEMP"] = job.Temp,
            ["RUNNER_TOOL_CACHE"] = "/opt/hostedtoolcache",
            ["RUNNER_WORKSPACE"] = job.RunnerWorkspace,
            ["HOME"] = job.Home,
            ["ODOO_GATES_RETRY_DELAY"] = "10ms", // a step env: of the test's, not the runner's
        };
        foreach (var (name, path) in files)
        {
            host[name] = path;
        }

        foreach (var (name, value) in ActionInputs(token, inputs ?? []))
        {
            host["INPUT_" + name.Replace(' ', '_').ToUpperInvariant()] = value;
        }

        return host.ToDictionary(pair => pair.Key, pair => job.TranslateToContainerPath(pair.Value), StringComparer.Ordinal);
    }

    /// <summary>Every input of action.yml: the step's value (<c>with:</c>), else the default, <c>${{ github.token }}</c> evaluated.</summary>
    private static Dictionary<string, string> ActionInputs(string token, Dictionary<string, string> with)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "action.yml")))
        {
            yaml.Load(reader);
        }

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var (key, node) in (YamlMappingNode)root.Children[new YamlScalarNode("inputs")])
        {
            var name = ((YamlScalarNode)key).Value!;
            var value = ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value ?? "" : "";
            if (value.Contains("${{", StringComparison.Ordinal))
            {
                Assert.Equal("${{ github.token }}", value);
                value = token;
            }

            inputs[name] = with.GetValueOrDefault(name, value);
        }

        Assert.All(with.Keys, name => Assert.Contains(name, inputs.Keys));
        return inputs;
    }

    /// <summary>The JSON report, found through the <c>report</c> output (relative to the workspace), read as the runner's user.</summary>
    private static JsonNode ReadReport(RunnerJob job, ContainerRun run)
    {
        var relative = run.Outputs["report"];
        Assert.False(Path.IsPathRooted(relative), $"the report output must be relative to the workspace: {relative}");
        Assert.Equal($".odoo-gates/report-{run.Outputs["target"]}.json", relative);
        return JsonNode.Parse(RunnerJob.ReadAsRunner(Path.Combine(job.Workspace, relative)))!;
    }

    /// <summary>The audit log at its default place, <c>.odoo-gates/audit.jsonl</c> under the workspace, read as the runner's user.</summary>
    private static List<JsonNode> ReadAuditLog(RunnerJob job) =>
        RunnerJob.ReadAsRunner(Path.Combine(job.Workspace, ".odoo-gates", "audit.jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();

    /// <summary>RUNNER_TEMP holds only the runner's own folders: the action wrote nothing there (visible when it is mounted).</summary>
    private static void AssertRunnerTempUntouched(RunnerJob job) =>
        Assert.Equal(["_github_home", "_github_workflow", "_runner_file_commands"],
            Directory.EnumerateFileSystemEntries(job.Temp).Select(Path.GetFileName).Order(StringComparer.Ordinal));

    /// <summary>Reads <c>name&lt;&lt;DELIM\nvalue\nDELIM</c> entries as the runner does.</summary>
    private static Dictionary<string, string> ParseOutputs(string text)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf("<<", StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var name = lines[i][..at];
            var delimiter = lines[i][(at + 2)..];
            var value = new StringBuilder();
            for (i++; i < lines.Length && lines[i] != delimiter; i++)
            {
                value.Append(value.Length > 0 ? "\n" : string.Empty).Append(lines[i]);
            }

            outputs[name] = value.ToString();
        }

        return outputs;
    }

    private sealed record ContainerRun(int ExitCode, string Stdout, string Stderr, Dictionary<string, string> Outputs, string Summary, TimeSpan Elapsed);
}
