using OdooGateAction.Core;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Rendering;
using OdooGateAction.GitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Live;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>Options of <c>evaluate</c>: offline from <see cref="Snapshot"/>, or live from <see cref="Repository"/>@<see cref="Sha"/>.</summary>
public sealed record EvaluateOptions(string? Snapshot, string Target, string ConfigDirectory, string Format)
{
    public string? Repository { get; init; }

    public string? Sha { get; init; }

    public int? PullRequest { get; init; }

    public string? Record { get; init; }

    /// <summary>The time a snapshot is evaluated at, instead of the one it recorded.</summary>
    public DateTimeOffset? Now { get; init; }

    public TimeSpan WaitTimeout { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// <c>evaluate</c>: collect (from a snapshot file, or read-only from GitHub with <c>GITHUB_TOKEN</c>), decide, print
/// the report. <c>--record FILE</c> saves the live evidence, GitHub's override answers and the time of the decision as
/// a snapshot, so any live decision replays offline to the same decision.
/// </summary>
public sealed class EvaluateCommand(OutputSink sink, GateEvaluator evaluator, IActionEnvironment environment, TimeProvider time, GitHubClientFactory clients)
{
    public async Task<int> RunAsync(EvaluateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var live = options.Repository is not null || options.Sha is not null;
        if (live == (options.Snapshot is not null))
        {
            throw new InputException("give either --snapshot FILE (offline) or --repository OWNER/NAME with --sha SHA (live, token from GITHUB_TOKEN)");
        }

        if (options.Record is not null && !live)
        {
            throw new InputException("--record saves live evidence: use it with --repository and --sha, not with --snapshot");
        }

        if (options.Now is not null && live)
        {
            throw new InputException("--now sets the time a snapshot is evaluated at: use it with --snapshot; a live evaluation decides at the clock's time");
        }

        if (options.Record is not null)
        {
            SnapshotFile.CheckTarget(options.Record); // before GitHub is asked anything
        }

        var configuration = ConfigurationReader.LoadOrThrow(options.ConfigDirectory, sink.Error).Result.Configuration!;
        EvaluationReport report;
        if (live)
        {
            report = await EvaluateLiveAsync(options, configuration, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var snapshot = SnapshotFile.Read(options.Snapshot!);
            report = evaluator.Decide(configuration, options.Target, snapshot.EvidenceUnder(configuration), snapshot.Overrides.Resolve(configuration),
                options.Now ?? snapshot.EvaluationTime);
        }

        sink.Out.Text(options.Format switch
        {
            "json" => JsonReportWriter.Render(report),
            "markdown" => MarkdownReportRenderer.Render(report),
            _ => TextReportRenderer.Render(report),
        });
        return report.Decision == Decision.Allow ? ExitCodes.Allowed : ExitCodes.Blocked;
    }

    private async Task<EvaluationReport> EvaluateLiveAsync(EvaluateOptions options, Core.Configuration.GateConfiguration configuration, CancellationToken cancellationToken)
    {
        if (options.Repository is null || options.Sha is null)
        {
            throw new InputException("a live evaluation needs both --repository OWNER/NAME and --sha SHA");
        }

        var token = ActionSettings.Token(
            environment.GetNonEmpty("GITHUB_TOKEN")?.Trim()
                ?? throw new InputException("a live evaluation reads GitHub with the token in the GITHUB_TOKEN environment variable, which is not set"),
            "the GITHUB_TOKEN environment variable");
        sink.AddSecret(token);
        var apiUrl = WorkflowContextReader.ParseBaseUrl(environment.GetNonEmpty("GITHUB_API_URL")?.Trim() ?? GitHubClientOptions.DefaultApiUrl, "GITHUB_API_URL").ToString();
        var stats = new GitHubRequestStats();
        using var client = clients.Create(apiUrl, token, options.WaitTimeout, stats);
        var request = new LiveRequest(RepositoryRef.Parse(options.Repository), options.Sha, options.PullRequest is int pr ? [pr] : [], false,
            options.Target, configuration, options.WaitTimeout, options.PollInterval);
        var result = await new LiveEvaluation(client, evaluator, time, new OverrideFactsCollector(client, null), new ReviewCollector(client, null))
            .RunAsync(request, sink.Error, cancellationToken).ConfigureAwait(false);
        if (options.Record is not null)
        {
            var document = result.Evidence.Document;
            document.EvaluatedAt = result.Report.EvaluatedAt;
            document.Overrides = GitHubMapper.ToSnapshotOverrides(result.Overrides.Answers);
            document.Reviews = GitHubMapper.ToSnapshotReviews(result.Reviews);
            SnapshotFile.Write(document, options.Record);
            sink.Error.Line($"recorded the evidence, the override facts, the reviews and the time of the decision in {options.Record}; replay with --snapshot {options.Record}");
        }

        return result.Report;
    }
}
