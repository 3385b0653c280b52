using System.Diagnostics;
using System.Text;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.Container.Tests;

/// <summary>
/// The built image, run as GitHub runs a container action: <c>podman run</c> with the runner's environment
/// (<c>INPUT_*</c>, <c>GITHUB_*</c>), the event at <c>/github/workflow/event.json</c>, the file commands under
/// <c>/github/file_commands</c>, <c>--workdir /github/workspace</c>, against the fake GitHub server on 127.0.0.1
/// (host network). The image is named by ODOO_GATES_IMAGE (tests/container/run.sh builds it and runs these tests).
/// </summary>
public sealed class ContainerActionTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"; // pull_request.head.sha of the payload
    private const int PullRequest = 2;

    private static readonly string Image = Environment.GetEnvironmentVariable("ODOO_GATES_IMAGE")
        ?? throw new InvalidOperationException("ODOO_GATES_IMAGE is not set: build the image and run these tests with tests/container/run.sh");

    private FakeGitHubServer _server = null!;
    private FakeRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGitHubServer.StartAsync();
        _repo = _server.Repository("Codertocat", "Hello-World");
        _repo.AddPullRequest(PullRequest, Sha);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

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

    [Fact]
    public async Task Container_AllGreenPullRequest_AllowsWithOutputsSummaryAndRecords()
    {
        AddMergeEvidence(extraRuns: 246, statuses: 120);

        var run = await RunContainerAsync(new Dictionary<string, string>());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("allow", run.Outputs["decision"]);
        Assert.Equal("passed", run.Outputs["g1"]);
        Assert.Equal("not-required", run.Outputs["g2"]);
        Assert.Equal(("merge", Sha, ""), (run.Outputs["target"], run.Outputs["sha"], run.Outputs["blocked-gates"]));
        Assert.StartsWith("/github/runner_temp/", run.Outputs["report"], StringComparison.Ordinal);
        Assert.Contains("Promotion to <code>merge</code> allowed", run.Summary, StringComparison.Ordinal);
        Assert.Equal(5, _repo.CheckRuns(Sha).Count(r => r.Name.StartsWith("odoo-gates/merge", StringComparison.Ordinal)));
        Assert.Single(_repo.Comments(PullRequest));
        Assert.StartsWith($"::add-mask::{_server.Token}\n", run.Stdout, StringComparison.Ordinal); // the runner hides it from then on
        var afterMask = run.Stdout[(run.Stdout.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(_server.Token, afterMask + run.Stderr + run.Summary + string.Concat(run.Outputs.Values), StringComparison.Ordinal);
        log.WriteLine($"FIGURES container start-to-decision (podman run to exit, all-green PR, 250 check runs, 120 statuses): {run.Elapsed.TotalMilliseconds:0} ms; {_server.Requests.Count} requests");
    }

    [Fact]
    public async Task Container_FailedCheck_BlocksWithExitOne()
    {
        AddMergeEvidence(extraRuns: 0, statuses: 0, preCommit: "failure");

        var run = await RunContainerAsync(new Dictionary<string, string>());

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(("block", "G1", "failed"), (run.Outputs["decision"], run.Outputs["blocked-gates"], run.Outputs["g1"]));
        Assert.Contains("::error title=odoo-gates/merge%3A check_failed::", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("failure", _repo.CheckRuns(Sha).Single(r => r.Name == "odoo-gates/merge").Conclusion);
    }

    [Fact]
    public async Task Container_BadInput_ExitsTwoAndWritesNothing()
    {
        AddMergeEvidence(extraRuns: 0, statuses: 0);

        var run = await RunContainerAsync(new Dictionary<string, string> { ["INPUT_COMMENT"] = "yes" });

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Outputs);
        Assert.Contains("'comment'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    private async Task<ContainerRun> RunContainerAsync(Dictionary<string, string> extra)
    {
        var root = Directory.CreateTempSubdirectory("odoo-gates-container-").FullName;
        string Dir(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var workflow = Dir("workflow");
        var fileCommands = Dir("file_commands");
        var runnerTemp = Dir("runner_temp");
        var workspace = Dir("workspace");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "webhooks", "pull_request.json"), Path.Combine(workflow, "event.json"));
        var gates = Directory.CreateDirectory(Path.Combine(workspace, "gates")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workspace", "gates")))
        {
            File.Copy(file, Path.Combine(gates, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(fileCommands, "set_output"), string.Empty);
        File.WriteAllText(Path.Combine(fileCommands, "step_summary"), string.Empty);
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["CI"] = "true",
            ["HOME"] = "/github/home",
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = "/github/workflow/event.json",
            ["GITHUB_REPOSITORY"] = "Codertocat/Hello-World",
            ["GITHUB_SHA"] = "fedcba9876543210fedcba9876543210fedcba98",
            ["GITHUB_API_URL"] = _server.GitHubApiUrl,
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_WORKSPACE"] = "/github/workspace",
            ["GITHUB_OUTPUT"] = "/github/file_commands/set_output",
            ["GITHUB_STEP_SUMMARY"] = "/github/file_commands/step_summary",
            ["GITHUB_RUN_ID"] = "7100001",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["RUNNER_TEMP"] = "/github/runner_temp",
            ["INPUT_GITHUB-TOKEN"] = _server.Token,
            ["INPUT_CONFIG"] = "gates",
            ["ODOO_GATES_RETRY_DELAY"] = "10ms",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--storage-driver", Environment.GetEnvironmentVariable("ODOO_GATES_PODMAN_STORAGE") ?? "vfs",
            "run", "--rm", "--cgroup-manager=cgroupfs", "--runtime", "runc", "--network", "host",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
            "--workdir", "/github/workspace",
            "-v", $"{workflow}:/github/workflow", "-v", $"{fileCommands}:/github/file_commands",
            "-v", $"{runnerTemp}:/github/runner_temp", "-v", $"{workspace}:/github/workspace",
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add($"{name}={value}");
        }

        start.ArgumentList.Add(Image);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        clock.Stop();
        var run = new ContainerRun(process.ExitCode, await stdout, await stderr, ParseOutputs(File.ReadAllText(Path.Combine(fileCommands, "set_output"))),
            File.ReadAllText(Path.Combine(fileCommands, "step_summary")), clock.Elapsed);
        log.WriteLine($"exit {run.ExitCode} in {run.Elapsed.TotalMilliseconds:0} ms\n{run.Stdout}\n{run.Stderr}");
        return run;
    }

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
