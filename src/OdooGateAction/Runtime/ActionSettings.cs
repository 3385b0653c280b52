using System.Text;
using OdooGateAction.ControlPlane;
using OdooGateAction.Core;
using OdooGateAction.Core.Policy;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.Runtime;

/// <summary>
/// Every input of the action contract (docs: action-contract, "Inputs"), read and checked once at start. Tokens are
/// never part of <see cref="ToString"/>; register them with <see cref="WorkflowCommands.AddMask"/> via
/// <see cref="Secrets"/> before anything else is printed.
/// </summary>
/// <param name="GitHubToken"><c>github-token</c>: required.</param>
/// <param name="OrgToken"><c>org-token</c>: reads org team membership; <see langword="null"/> when not given.</param>
/// <param name="Target"><c>target</c>: <see langword="null"/> means "from the event" (see <see cref="TargetResolver"/>).</param>
/// <param name="ConfigDirectory"><c>config</c>, default <c>gates</c>.</param>
/// <param name="Sha"><c>sha</c>: overrides the event's commit; 40 hex characters, lower-cased.</param>
/// <param name="PullRequest"><c>pull-request</c>: overrides the event's PR; above zero.</param>
/// <param name="WaitTimeout"><c>wait-timeout</c>, default 0 (no waiting).</param>
/// <param name="PollInterval"><c>poll-interval</c>, default 15s; above zero.</param>
/// <param name="Comment"><c>comment</c>, default true.</param>
/// <param name="CheckRuns"><c>check-runs</c>, default true.</param>
/// <param name="DryRun"><c>dry-run</c>, default false.</param>
/// <param name="AuditLogPath">
/// <c>audit-log</c>, default <c>.odoo-gates/audit.jsonl</c>; a relative path is relative to the workspace
/// (<see cref="WorkspaceFiles"/>), and this is the absolute path.
/// </param>
public sealed record ActionSettings(
    string GitHubToken,
    string? OrgToken,
    string? Target,
    string ConfigDirectory,
    string? Sha,
    int? PullRequest,
    TimeSpan WaitTimeout,
    TimeSpan PollInterval,
    bool Comment,
    bool CheckRuns,
    bool DryRun,
    string AuditLogPath)
{
    public const string GitHubTokenInput = "github-token";
    public const string OrgTokenInput = "org-token";
    public const string TargetInput = "target";
    public const string ConfigInput = "config";
    public const string ShaInput = "sha";
    public const string PullRequestInput = "pull-request";
    public const string WaitTimeoutInput = "wait-timeout";
    public const string PollIntervalInput = "poll-interval";
    public const string CommentInput = "comment";
    public const string CheckRunsInput = "check-runs";
    public const string DryRunInput = "dry-run";
    public const string AuditLogInput = "audit-log";
    public const string ConfigSourceInput = "config-source";
    public const string ConfigRefInput = "config-ref";
    public const string ControlPlaneInput = "control-plane";
    public const string ControlPlaneRequiredInput = "control-plane-required";

    public const string DefaultConfigDirectory = "gates";

    public static TimeSpan DefaultPollInterval { get; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>config-source</c>: <see cref="PolicyReference.RepositorySource"/> (default: the contents API at
    /// <see cref="ConfigRef"/>, the trusted policy) or <see cref="PolicyReference.WorkspaceSource"/> (the checked-out folder).
    /// </summary>
    public string ConfigSource { get; init; } = PolicyReference.RepositorySource;

    /// <summary><c>config-ref</c>: the branch, tag or SHA whose configuration is the policy; null means "from the event".</summary>
    public string? ConfigRef { get; init; }

    /// <summary>
    /// <c>control-plane</c>: where the audit events are also ingested (PostgreSQL / Supabase); null when not given. Holds
    /// a password: masked at start (<see cref="ActionRuntime"/>), never printed.
    /// </summary>
    public ControlPlaneConnection? ControlPlane { get; init; }

    /// <summary><c>control-plane-required</c>, default false: true makes a run whose events were not ingested exit 3.</summary>
    public bool ControlPlaneRequired { get; init; }

    /// <summary>The tokens to mask, non-empty and distinct.</summary>
    public IReadOnlyList<string> Secrets =>
        new[] { GitHubToken, OrgToken }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Reads and checks every input; the first bad one is an <see cref="InputException"/> naming it.</summary>
    public static ActionSettings Read(IActionEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var inputs = new ActionInputs(environment);

        var pollInterval = inputs.GetDuration(PollIntervalInput, DefaultPollInterval);
        if (pollInterval <= TimeSpan.Zero)
        {
            throw new InputException($"input '{PollIntervalInput}' must be above zero (e.g. 15s)");
        }

        var auditLog = WorkspaceFiles.From(environment).Resolve(inputs.GetOptional(AuditLogInput) ?? WorkspaceFiles.DefaultAuditLog);

        var configSource = inputs.GetOptional(ConfigSourceInput) ?? PolicyReference.RepositorySource;
        if (configSource is not (PolicyReference.RepositorySource or PolicyReference.WorkspaceSource))
        {
            throw new InputException($"input '{ConfigSourceInput}' must be '{PolicyReference.RepositorySource}' (the configuration at config-ref, read through GitHub) or '{PolicyReference.WorkspaceSource}' (the checked-out folder)");
        }

        var configDirectory = inputs.GetOptional(ConfigInput) ?? DefaultConfigDirectory;
        if (configSource == PolicyReference.RepositorySource)
        {
            configDirectory = PolicyLocation.NormalizeRepositoryPath(configDirectory, out var pathProblem)
                ?? throw new InputException($"input '{ConfigInput}' is not a folder of the repository: {pathProblem}");
        }

        var configRef = inputs.GetOptional(ConfigRefInput);
        if (configRef is not null && PolicyLocation.RefProblem(configRef) is { } refProblem)
        {
            throw new InputException($"input '{ConfigRefInput}' is not a branch, tag or commit SHA: {refProblem}");
        }

        var controlPlaneInput = $"input '{ControlPlaneInput}'";
        var controlPlane = inputs.GetOptional(ControlPlaneInput) is { } connection ? ControlPlaneConnection.Parse(connection, controlPlaneInput) : null;
        var controlPlaneRequired = inputs.GetBoolean(ControlPlaneRequiredInput, defaultValue: false);
        if (controlPlaneRequired && controlPlane is null)
        {
            throw new InputException($"input '{ControlPlaneRequiredInput}' is true but '{ControlPlaneInput}' is empty: pass the control plane's connection string from a secret, or set '{ControlPlaneRequiredInput}' to false");
        }

        return new ActionSettings(
            GitHubToken: Token(inputs.GetInput(GitHubTokenInput, required: true), $"input '{GitHubTokenInput}'"),
            OrgToken: inputs.GetOptional(OrgTokenInput) is { } orgToken ? Token(orgToken, $"input '{OrgTokenInput}'") : null,
            Target: inputs.GetOptional(TargetInput),
            ConfigDirectory: configDirectory,
            Sha: inputs.GetSha(ShaInput),
            PullRequest: inputs.GetPositiveInteger(PullRequestInput),
            WaitTimeout: inputs.GetDuration(WaitTimeoutInput, TimeSpan.Zero),
            PollInterval: pollInterval,
            Comment: inputs.GetBoolean(CommentInput, defaultValue: true),
            CheckRuns: inputs.GetBoolean(CheckRunsInput, defaultValue: true),
            DryRun: inputs.GetBoolean(DryRunInput, defaultValue: false),
            AuditLogPath: auditLog)
        {
            ConfigSource = configSource,
            ConfigRef = configRef,
            ControlPlane = controlPlane,
            ControlPlaneRequired = controlPlaneRequired,
        };
    }

    /// <summary>
    /// A token as it may be sent: one word of printable ASCII. Anything else (a line break pasted into the secret, a
    /// typographic quote) is refused here, before any request, naming <paramref name="source"/> but never the token.
    /// </summary>
    public static string Token(string token, string source)
    {
        ArgumentNullException.ThrowIfNull(token);
        return GitHubClientOptions.TokenProblem(token) is { } problem
            ? throw new InputException($"{source} {problem}; a token is one line of printable ASCII: check the secret or expression that sets it")
            : token;
    }

    // Records print every property; the tokens must never reach a log.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("GitHubToken = ***, OrgToken = ").Append(OrgToken is null ? "(none)" : "***")
            .Append(", Target = ").Append(Target)
            .Append(", ConfigDirectory = ").Append(ConfigDirectory)
            .Append(", Sha = ").Append(Sha)
            .Append(", PullRequest = ").Append(PullRequest)
            .Append(", WaitTimeout = ").Append(WaitTimeout)
            .Append(", PollInterval = ").Append(PollInterval)
            .Append(", Comment = ").Append(Comment)
            .Append(", CheckRuns = ").Append(CheckRuns)
            .Append(", DryRun = ").Append(DryRun)
            .Append(", AuditLogPath = ").Append(AuditLogPath)
            .Append(", ConfigSource = ").Append(ConfigSource)
            .Append(", ConfigRef = ").Append(ConfigRef)
            .Append(", ControlPlane = ").Append(ControlPlane is null ? "(none)" : ControlPlane.Describe())
            .Append(", ControlPlaneRequired = ").Append(ControlPlaneRequired);
        return true;
    }
}
