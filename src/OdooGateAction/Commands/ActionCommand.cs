using System.Globalization;
using OdooGateAction.Core.Audit;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Rendering;
using OdooGateAction.GitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Live;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>
/// The GitHub Action: read the workflow context, collect the commit's evidence from GitHub, decide (waiting if
/// asked), then write every record as a rendering of the one report: JSON report file, outputs, job summary,
/// annotations, check runs and the sticky PR comment. Returns the decision; bad input and GitHub failures are
/// exceptions that <see cref="CliApplication"/> turns into exit codes 2 and 3.
/// </summary>
public sealed class ActionCommand(ConsoleStreams console, IActionEnvironment environment, GateEvaluator evaluator, TimeProvider time, GitHubClientFactory clients)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var runtime = ActionRuntime.Start(environment, console.Out);
        var commands = runtime.Commands;
        var settings = runtime.Settings;
        var context = runtime.Context;

        var configuration = LoadConfiguration(settings.ConfigDirectory, commands);
        var target = TargetResolver.Resolve(settings, context, configuration);
        if (configuration.FindTarget(target) is null)
        {
            throw new Core.InputException($"target '{target}' (from {(settings.Target is null ? $"the {context.EventName} event" : "the target input")}) is not defined in environments.yaml; targets: {string.Join(", ", configuration.Targets.Select(t => t.Name))}");
        }

        commands.Info($"Evaluating {context.FullName}@{context.Sha} for target '{target}' ({context.EventName}, commit from {context.ShaSource}).");

        var stats = new GitHubRequestStats();
        using var client = clients.Create(context.ApiUrl.ToString(), settings.GitHubToken, settings.WaitTimeout, stats);
        using var orgClient = settings.OrgToken is null ? null : clients.Create(context.ApiUrl.ToString(), settings.OrgToken, settings.WaitTimeout, stats);
        var repository = new RepositoryRef(context.Owner, context.Repository);
        var live = new LiveEvaluation(client, evaluator, time, new OverrideFactsCollector(client, orgClient));
        var result = await live.RunAsync(
            new LiveRequest(repository, context.Sha, context.PullRequests, context.LookUpPullRequests, target, configuration, settings.WaitTimeout, settings.PollInterval)
            {
                KnownLabels = context.PayloadLabels is { } labels && context.PullRequest is int number
                    ? new Dictionary<int, IReadOnlyList<string>> { [number] = labels }
                    : null,
            },
            commands.Info,
            cancellationToken).ConfigureAwait(false);
        var report = result.Report;

        var reportPath = WriteJsonReport(report, WorkspaceFiles.From(environment));
        using (commands.Group($"Report: {target} {ReportVocabulary.Of(report.Decision)}"))
        {
            commands.Info(TextReportRenderer.Render(report).TrimEnd());
        }

        var outputs = new List<KeyValuePair<string, string>>
        {
            new("decision", ReportVocabulary.Of(report.Decision)),
            new("blocked-gates", string.Join(",", report.BlockedGates)),
            new("target", report.Target),
            new("sha", report.Sha),
            new("report", reportPath),
        };
        outputs.AddRange(report.Gates.Select(g => new KeyValuePair<string, string>(g.Id.ToLowerInvariant(), ReportVocabulary.Of(g.Status))));
        runtime.Summary.Append(MarkdownReportRenderer.Render(report), reportPath);

        foreach (var reason in report.BlockingReasons)
        {
            commands.Error(reason.Message, title: $"odoo-gates/{target}: {reason.Code}");
        }

        foreach (var decision in report.Overrides)
        {
            var title = $"odoo-gates/{target}: override of {decision.Gate} {(decision.Outcome == OverrideOutcome.Honoured ? "honoured" : "refused")}";
            if (decision.Outcome == OverrideOutcome.Honoured)
            {
                commands.Notice(decision.Message, title: title);
            }
            else
            {
                commands.Warning(decision.Message, title: title);
            }
        }

        var audited = AuditLogFile.Append(settings.AuditLogPath, AuditEvents.Render(report, new AuditContext(context.FullName, context.RunId, context.RunAttempt)));
        commands.Info($"Audit: {audited} event(s) appended to {settings.AuditLogPath}.");

        if (settings.DryRun)
        {
            commands.Notice($"dry run: decided '{ReportVocabulary.Of(report.Decision)}' for {target}; nothing was written to GitHub, and the step passes.");
        }
        else
        {
            var outcome = await new RecordsWriter(client).WriteAsync(
                new RecordsRequest(repository, report, result.Evidence.OwnCheckRuns, result.PullRequests, settings.CheckRuns, settings.Comment, context.RunUrl?.ToString())
                {
                    KnownComments = result.Overrides.Comments,
                    RemoveUnauthorizedLabels = configuration.Overrides.OnUnauthorized == UnauthorizedOverrideAction.CommentAndRemoveLabel,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var warning in outcome.Warnings)
            {
                commands.Warning(warning);
            }

            commands.Info(string.Create(CultureInfo.InvariantCulture,
                $"Records: check runs {outcome.CheckRunsCreated} created, {outcome.CheckRunsUpdated} updated; comments {outcome.CommentsCreated} created, {outcome.CommentsUpdated} updated, {outcome.CommentsUnchanged} unchanged; override records {outcome.OverrideCommentsCreated}; labels removed {outcome.LabelsRemoved}."));
        }

        // Last: a step whose records could not be written (exit 3) leaves no decision for later steps to trust.
        runtime.Outputs.SetAll(outputs);
        commands.Info(string.Create(CultureInfo.InvariantCulture,
            $"GitHub requests: {stats.Requests} ({stats.NotModified} answered 304 Not Modified, {stats.Retries} retries); polls: {result.Polls}."));
        return settings.DryRun || report.Decision == Decision.Allow ? ExitCodes.Allowed : ExitCodes.Blocked;
    }

    /// <summary>Loads the configuration; each diagnostic becomes an annotation on its file and line.</summary>
    private static GateConfiguration LoadConfiguration(string directory, WorkflowCommands commands) =>
        ConfigurationReader.LoadOrThrow(directory, diagnostic =>
        {
            int? line = diagnostic.Line > 0 ? diagnostic.Line : null;
            int? column = diagnostic.Column > 0 ? diagnostic.Column : null;
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                commands.Error(diagnostic.Message, diagnostic.File, line, column, "gates configuration");
            }
            else
            {
                commands.Warning(diagnostic.Message, diagnostic.File, line, column, "gates configuration");
            }
        }, "annotated above").Configuration!;

    /// <summary>Writes the JSON report under the workspace; returns its path relative to the workspace (the <c>report</c> output).</summary>
    private static string WriteJsonReport(EvaluationReport report, WorkspaceFiles workspace)
    {
        var relative = WorkspaceFiles.ReportPath(report.Target);
        var path = workspace.Resolve(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonReportWriter.Render(report));
        return relative;
    }
}
