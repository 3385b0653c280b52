using System.Globalization;

namespace OdooGateAction.Runtime;

/// <summary>
/// What the run evaluates, read from the runner's environment and the event payload (docs: action-contract, "Which
/// commit and PR, by event"), with the <c>sha</c> and <c>pull-request</c> inputs applied.
/// </summary>
public sealed record WorkflowContext
{
    /// <summary><c>GITHUB_EVENT_NAME</c>, e.g. <c>pull_request</c>.</summary>
    public required string EventName { get; init; }

    public required string Owner { get; init; }

    public required string Repository { get; init; }

    /// <summary>The commit under evaluation: 40 lower-case hexadecimal characters.</summary>
    public required string Sha { get; init; }

    /// <summary>Where <see cref="Sha"/> came from: a payload path (<c>pull_request.head.sha</c>), <c>GITHUB_SHA</c> or <c>input sha</c>.</summary>
    public required string ShaSource { get; init; }

    /// <summary>The PRs named by the event or the <c>pull-request</c> input, in order, without repeats; may be empty.</summary>
    public required IReadOnlyList<int> PullRequests { get; init; }

    /// <summary>
    /// The event names no PR but the commit may belong to some: list them with <c>GET /repos/{owner}/{repo}/commits/{sha}/pulls</c>
    /// (workflow_run without <c>pull_requests</c>, deployment).
    /// </summary>
    public required bool LookUpPullRequests { get; init; }

    /// <summary>
    /// The PR's labels as the pull_request event carried them; <see langword="null"/> for other events. Only a hint: a
    /// PR whose event shows no override label need not be read again (a label added since starts a new run).
    /// </summary>
    public IReadOnlyList<string>? PayloadLabels { get; init; }

    /// <summary>The deployment's environment (<c>deployment.environment</c>); <see langword="null"/> for other events.</summary>
    public string? Environment { get; init; }

    /// <summary>The workflow_dispatch inputs (<c>inputs</c> of the payload) as text; empty for other events.</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The ref whose configuration is the policy when the <c>config-ref</c> input is not given (docs: action-contract,
    /// "Where the policy comes from"): the PR's base branch, the merge group's base ref, else the repository's default
    /// branch; null when the event names none.
    /// </summary>
    public string? PolicyRef { get; init; }

    /// <summary>Where <see cref="PolicyRef"/> came from: a payload path (<c>pull_request.base.ref</c>).</summary>
    public string? PolicyRefSource { get; init; }

    /// <summary><c>GITHUB_API_URL</c> as given (default <c>https://api.github.com</c>).</summary>
    public required Uri ApiUrl { get; init; }

    /// <summary><c>GITHUB_SERVER_URL</c> (default <c>https://github.com</c>).</summary>
    public required Uri ServerUrl { get; init; }

    /// <summary><c>GITHUB_RUN_ID</c>, when set.</summary>
    public long? RunId { get; init; }

    /// <summary><c>GITHUB_RUN_ATTEMPT</c>, when set.</summary>
    public int? RunAttempt { get; init; }

    /// <summary><c>owner/repo</c>.</summary>
    public string FullName => $"{Owner}/{Repository}";

    /// <summary>The first PR, the one comments go to; <see langword="null"/> when none is known yet.</summary>
    public int? PullRequest => PullRequests.Count > 0 ? PullRequests[0] : null;

    /// <summary>The run's page (<c>{server}/{owner}/{repo}/actions/runs/{id}</c>), when the run id is known.</summary>
    public Uri? RunUrl => RunId is { } id
        ? new Uri(ServerUrl, string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Repository)}/actions/runs/{id}"))
        : null;
}
