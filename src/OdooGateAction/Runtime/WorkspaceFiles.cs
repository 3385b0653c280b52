namespace OdooGateAction.Runtime;

/// <summary>
/// Where the action leaves files for later steps: under the workspace, the one folder a container action shares with
/// the steps after it on every runner (docs: action-contract, "Files it leaves for later steps"). <c>RUNNER_TEMP</c> is
/// mounted into container actions only by runners from v2.331.0 (docs/container-runtime.md), so nothing is written there. Paths shown to users (the
/// <c>report</c> output) are relative to the workspace, so they mean the same on the host and in any container.
/// </summary>
public sealed class WorkspaceFiles
{
    /// <summary>The folder, relative to the workspace, that holds the report and the default audit log.</summary>
    public const string Folder = ".odoo-gates";

    /// <summary>The default <c>audit-log</c>, relative to the workspace.</summary>
    public const string DefaultAuditLog = Folder + "/audit.jsonl";

    public WorkspaceFiles(string workspace)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspace);
        Workspace = Path.GetFullPath(workspace);
    }

    /// <summary>The absolute workspace folder (<c>GITHUB_WORKSPACE</c>, else the current directory).</summary>
    public string Workspace { get; }

    /// <summary>The workspace of the running step: <c>GITHUB_WORKSPACE</c>, else the current directory (a local run).</summary>
    public static WorkspaceFiles From(IActionEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new WorkspaceFiles(environment.GetNonEmpty("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory());
    }

    /// <summary>
    /// The JSON report of a target, relative to the workspace (<c>.odoo-gates/report-&lt;target&gt;.json</c>). A target
    /// name is configuration text: anything but letters, digits, <c>.</c>, <c>_</c> and <c>-</c> becomes <c>_</c>, so it
    /// can never choose another folder.
    /// </summary>
    public static string ReportPath(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var safe = string.Create(target.Length, target, static (span, name) =>
        {
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && i > 0) ? c : '_';
            }
        });
        return $"{Folder}/report-{(safe.Length == 0 ? "_" : safe)}.json";
    }

    /// <summary>An absolute path for a path relative to the workspace (an absolute one is kept).</summary>
    public string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.GetFullPath(Path.Combine(Workspace, path));
    }
}
