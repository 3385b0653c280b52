using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;

// Runs podman, chown and setpriv on the runner's kind of host.
[assembly: SupportedOSPlatform("linux")]

namespace OdooGateAction.Container.Tests;

/// <summary>Which actions/runner: the versions differ in whether the runner temp folder is mounted.</summary>
public enum RunnerVersion
{
    /// <summary>
    /// Today's runner (v2.336): the runner temp folder is mounted at <c>/github/runner_temp</c> and <c>RUNNER_TEMP</c>
    /// translated (since v2.331.0); the artifact file commands exist (since v2.336.0).
    /// </summary>
    Current,

    /// <summary>Before v2.329.0 (and v2.329-v2.330 without the feature flag): <c>RUNNER_TEMP</c> is a host path the container cannot see.</summary>
    WithoutRunnerTempMount,
}

/// <summary>
/// One job's folders on the runner's host, laid out, owned and mounted as actions/runner does for a container action
/// step (docs/container-runtime.md cites its source): <c>_work/_temp</c> (<c>RUNNER_TEMP</c>) holding
/// <c>_github_home</c>, <c>_github_workflow</c> (the event) and <c>_runner_file_commands</c> (one file per file command
/// and step), and the workspace <c>_work/REPO/REPO</c>; all of it belongs to the runner's user (uid 1001 on
/// GitHub-hosted runners), folders 0755, files 0644. The step's environment is built with host paths, then every
/// value under a mounted folder is translated to its container path, as ContainerActionHandler does.
/// </summary>
internal sealed class RunnerJob : IDisposable
{
    /// <summary>The runner's user on GitHub-hosted runners ('runner'); never the image's user.</summary>
    public const int RunnerUid = 1001;

    /// <summary>The runner's group there ('docker'; its id varies by image: 121 in actions/runner#1282).</summary>
    public const int RunnerGid = 121;

    private const UnixFileMode FolderMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100; // 0644

    /// <summary>The file commands of the runner, by context name (GITHUB_&lt;NAME&gt;) and file prefix.</summary>
    private static readonly (string Context, string Prefix)[] FileCommandsOfRunner =
    [
        ("path", "add_path_"), ("env", "set_env_"), ("step_summary", "step_summary_"), ("state", "save_state_"), ("output", "set_output_"),
    ];

    /// <summary>Since v2.336.0.</summary>
    private static readonly (string Context, string Prefix)[] ArtifactFileCommands = [("artifacts", "artifacts_"), ("artifacts_list", "artifacts_list_")];

    private readonly DirectoryInfo _root;
    private readonly List<(string Host, string Container)> _mappings = [];

    public RunnerJob(RunnerVersion version, string repositoryName)
    {
        Version = version;
        _root = Directory.CreateTempSubdirectory("odoo-gates-runner-");
        File.SetUnixFileMode(_root.FullName, FolderMode); // like /home/runner: the runner's user can reach _work
        Work = Folder("_work");
        Temp = Folder("_work", "_temp");
        Home = Folder("_work", "_temp", "_github_home");
        Workflow = Folder("_work", "_temp", "_github_workflow");
        FileCommands = Folder("_work", "_temp", "_runner_file_commands");
        RunnerWorkspace = Folder("_work", repositoryName);
        Workspace = Folder("_work", repositoryName, repositoryName);
        DockerSocket = Path.Combine(_root.FullName, "docker.sock"); // a stand-in: there is no Docker engine here
        File.WriteAllText(DockerSocket, string.Empty);

        // ContainerActionHandler: the mounts, in its order; a later mapping is tried first (AddPathTranslateMapping inserts at 0).
        Mounts.Add(("/var/run/docker.sock", DockerSocket));
        if (version == RunnerVersion.Current)
        {
            Map(Temp, "/github/runner_temp");
        }

        Map(Home, "/github/home");
        Map(Workflow, "/github/workflow");
        Map(FileCommands, "/github/file_commands");
        Map(Workspace, "/github/workspace");
    }

    public RunnerVersion Version { get; }

    /// <summary><c>_work</c>.</summary>
    public string Work { get; }

    /// <summary><c>_work/_temp</c>: <c>RUNNER_TEMP</c>.</summary>
    public string Temp { get; }

    public string Home { get; }

    public string Workflow { get; }

    public string FileCommands { get; }

    /// <summary><c>_work/REPO</c>: <c>RUNNER_WORKSPACE</c>, never mounted.</summary>
    public string RunnerWorkspace { get; }

    /// <summary><c>_work/REPO/REPO</c>: <c>GITHUB_WORKSPACE</c>.</summary>
    public string Workspace { get; }

    public string DockerSocket { get; }

    /// <summary>The <c>-v</c> mounts of the step, as (container path, host path).</summary>
    public List<(string Container, string Host)> Mounts { get; } = [];

    /// <summary>The event payload, written where the runner writes it (ExecutionContext.WriteWebhookPayload).</summary>
    public string EventPath => Path.Combine(Workflow, "event.json");

    /// <summary>ContainerInfo.TranslateToContainerPath: the latest mapping whose host folder is the value or holds it.</summary>
    public string TranslateToContainerPath(string value)
    {
        foreach (var (host, container) in Enumerable.Reverse(_mappings))
        {
            if (value == host)
            {
                return container;
            }

            if (value.StartsWith(host + "/", StringComparison.Ordinal))
            {
                return container + value[host.Length..];
            }
        }

        return value;
    }

    /// <summary>
    /// A new step's file commands (FileCommandManager.InitializeFiles): an empty file per command, named with a new
    /// GUID, in <c>_runner_file_commands</c>; returned as their GITHUB_ variables with host paths.
    /// </summary>
    public Dictionary<string, string> NewStepFileCommands()
    {
        var suffix = Guid.NewGuid().ToString();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (context, prefix) in Version == RunnerVersion.Current ? [.. FileCommandsOfRunner, .. ArtifactFileCommands] : FileCommandsOfRunner)
        {
            var path = Path.Combine(FileCommands, prefix + suffix);
            File.WriteAllText(path, string.Empty);
            variables["GITHUB_" + context.ToUpperInvariant()] = path;
        }

        return variables;
    }

    /// <summary>Gives everything under <c>_work</c> to the runner's user, folders 0755 and files 0644, as the runner leaves them.</summary>
    public void HandToRunner()
    {
        foreach (var folder in Directory.EnumerateDirectories(Work, "*", SearchOption.AllDirectories).Append(Work))
        {
            File.SetUnixFileMode(folder, FolderMode);
        }

        foreach (var file in Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, FileMode);
        }

        Run("chown", "-R", $"{RunnerUid}:{RunnerGid}", Work);
    }

    /// <summary>Reads a file as the runner's user would in a later step on the host (upload-artifact, a script).</summary>
    public static string ReadAsRunner(string path) =>
        Run("setpriv", $"--reuid={RunnerUid}", $"--regid={RunnerGid}", "--clear-groups", "cat", "--", path);

    /// <summary>
    /// The arguments of <c>docker run</c> as DockerCommandManager.DockerRun builds them: no --user, --workdir
    /// /github/workspace, every variable, GITHUB_ACTIONS and CI, the network, the mounts, the image, and no command
    /// (the image's ENTRYPOINT; action.yml gives no args). The runner passes each value through its own environment
    /// (<c>-e NAME</c>); here it is on the command line (<c>-e NAME=VALUE</c>): the container sees the same.
    /// </summary>
    public List<string> DockerRunArguments(string image, IReadOnlyDictionary<string, string> containerEnvironment, string network)
    {
        var arguments = new List<string> { "--workdir", "/github/workspace", "--rm" };
        foreach (var (name, value) in containerEnvironment)
        {
            arguments.Add("-e");
            arguments.Add($"{name}={value}");
        }

        arguments.AddRange(["-e", "GITHUB_ACTIONS=true"]);
        if (!containerEnvironment.ContainsKey("CI"))
        {
            arguments.AddRange(["-e", "CI=true"]);
        }

        arguments.AddRange(["--network", network]);
        foreach (var (container, host) in Mounts)
        {
            arguments.AddRange(["-v", $"{host}:{container}"]);
        }

        arguments.Add(image);
        return arguments;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("ODOO_GATES_CONTAINER_KEEP") == "1")
        {
            return;
        }

        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void Map(string host, string container)
    {
        Mounts.Add((container, host));
        _mappings.Add((host, container));
    }

    private string Folder(params string[] parts)
    {
        var path = Path.Combine([_root.FullName, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {stderr}"));
        }

        return stdout.GetAwaiter().GetResult();
    }
}
