using System.Globalization;
using OdooGateAction.Core;
using OdooGateAction.Core.Audit;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Policy;
using OdooGateAction.Core.Rendering;
using OdooGateAction.GitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Live;
using OdooGateAction.Records;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>
/// The GitHub Action: runtime → policy → evaluate → records. Read the workflow context, read the policy (the
/// configuration at a trusted ref, through GitHub), collect the commit's evidence, decide (waiting if asked), then
/// write every record as a rendering of the one report through the <see cref="RecordsPipeline"/>. Returns the
/// decision; bad input and GitHub failures are exceptions that <see cref="CliApplication"/> turns into exit codes 2 and 3.
/// </summary>
public sealed class ActionCommand(OutputSink sink, IActionEnvironment environment, GateEvaluator evaluator, TimeProvider time, GitHubClientFactory clients)
{
    /// <summary>The events whose change under evaluation is the checked-out code: a workspace policy is the change's own.</summary>
    private static readonly string[] ChangeSuppliesWorkspace = ["pull_request", "pull_request_target", "pull_request_review", "merge_group"];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var runtime = ActionRuntime.Start(environment, sink);
        var (settings, context, commands) = (runtime.Settings, runtime.Context, runtime.Commands);
        var workspace = WorkspaceFiles.From(environment);
        CheckAuditLog(settings.AuditLogPath); // a path that cannot be written is found before anything else is

        var stats = new GitHubRequestStats();
        using var client = clients.Create(context.ApiUrl.ToString(), settings.GitHubToken, settings.WaitTimeout, stats);
        using var orgClient = settings.OrgToken is null ? null : clients.Create(context.ApiUrl.ToString(), settings.OrgToken, settings.WaitTimeout, stats);
        var repository = new RepositoryRef(context.Owner, context.Repository);

        var policy = await LoadPolicyAsync(PolicySource(settings, context, client, repository, workspace, commands), commands, cancellationToken).ConfigureAwait(false);
        var configuration = policy.Result.Configuration!;
        var target = TargetResolver.Resolve(settings, context, configuration);
        if (configuration.FindTarget(target) is null)
        {
            throw new InputException($"target '{target}' (from {(settings.Target is null ? $"the {context.EventName} event" : "the target input")}) is not defined in environments.yaml of {policy.Reference}; targets: {string.Join(", ", configuration.Targets.Select(t => t.Name))}");
        }

        commands.Info($"Evaluating {context.FullName}@{context.Sha} for target '{target}' ({context.EventName}, commit from {context.ShaSource}); policy {policy.Reference}.");

        var live = new LiveEvaluation(client, evaluator, time, new OverrideFactsCollector(client, orgClient), new ReviewCollector(client, orgClient));
        var result = await live.RunAsync(
            new LiveRequest(repository, context.Sha, context.PullRequests, context.LookUpPullRequests, target, configuration, settings.WaitTimeout, settings.PollInterval)
            {
                KnownLabels = context.PayloadLabels is { } labels && context.PullRequest is int number
                    ? new Dictionary<int, IReadOnlyList<string>> { [number] = labels }
                    : null,
            },
            commands.Log,
            cancellationToken).ConfigureAwait(false);
        var report = result.Report with { Policy = policy.Reference };

        var records = new RecordsRequest(repository, report, result.Evidence.OwnCheckRuns, result.PullRequests, context.RunUrl?.ToString())
        {
            KnownComments = result.Overrides.Comments,
            RemoveUnauthorizedLabels = configuration.Overrides.OnUnauthorized == UnauthorizedOverrideAction.CommentAndRemoveLabel,
        };
        var writer = new RecordsWriter(client);
        var reportPath = WorkspaceFiles.ReportPath(report.Target);
        var controlPlane = settings.ControlPlane is { } connection ? new ControlPlaneRecord(connection, settings.ControlPlaneRequired, ControlPlaneRecord.Options(environment)) : null;
        var pipeline = BuildPipeline(runtime, workspace, report, reportPath, records, writer, new AuditContext(context.FullName, context.RunId, context.RunAttempt), controlPlane);
        try
        {
            await pipeline.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InputException)
        {
            throw new RecordsIncompleteException(ReportVocabulary.Of(report.Decision), report.Target, pipeline.FailedStep ?? "a record", ex);
        }

        commands.Info(string.Create(CultureInfo.InvariantCulture,
            $"GitHub requests: {stats.Requests} ({stats.NotModified} answered 304 Not Modified, {stats.Retries} retries); polls: {result.Polls}."));
        return settings.DryRun || report.Decision == Decision.Allow ? ExitCodes.Allowed : ExitCodes.Blocked;
    }

    /// <summary>
    /// The records in their one order (docs/design-decisions.md, "Records and their order"): the files and the log
    /// first, then GitHub's per-gate check runs and comments, the job summary, then the required check run, then the
    /// step outputs last (a run whose records fail leaves no decision for later steps to trust). The control plane
    /// comes right after the audit log file (not in a dry run), so a required one that fails leaves the check failed.
    /// </summary>
    private static RecordsPipeline BuildPipeline(
        ActionRuntime runtime, WorkspaceFiles workspace, EvaluationReport report, string reportPath, RecordsRequest records, RecordsWriter writer, AuditContext audit,
        ControlPlaneRecord? controlPlane = null)
    {
        var (settings, commands) = (runtime.Settings, runtime.Commands);
        var events = AuditEvents.Render(report, audit);
        var pipeline = new RecordsPipeline()
            .Then("the JSON report", _ => WriteJsonReport(report, workspace.Resolve(reportPath)))
            .Then("the log", _ => LogReport(commands, report))
            .Then("the audit log", _ =>
            {
                var appended = AuditLogFile.Append(settings.AuditLogPath, events);
                commands.Info($"Audit: {appended} event(s) appended to {settings.AuditLogPath}.");
                return Task.CompletedTask;
            });
        if (controlPlane is not null && !settings.DryRun)
        {
            pipeline.Then("the control plane", ct => controlPlane.SendAsync(events, settings.AuditLogPath, commands, ct));
        }

        var writesGitHub = !settings.DryRun;
        if (writesGitHub && settings.CheckRuns)
        {
            pipeline.Then("the gate check runs", ct => writer.WriteGateCheckRunsAsync(records, ct));
        }

        if (writesGitHub && settings.Comment)
        {
            pipeline.Then("the status comment", ct => writer.WriteStatusCommentsAsync(records, ct));
        }

        if (writesGitHub)
        {
            pipeline.Then("the override records", ct => writer.WriteOverrideRecordsAsync(records, ct));
        }

        pipeline.Then("the job summary", _ =>
        {
            WriteSummary(runtime, report, reportPath);
            return Task.CompletedTask;
        });
        if (writesGitHub && settings.CheckRuns)
        {
            pipeline.ThenRequiredCheck("the required check run", (incomplete, ct) => writer.WriteTargetCheckRunAsync(records, incomplete, ct));
        }

        pipeline.Then("the records' log line", _ =>
        {
            LogRecords(commands, writer.Outcome, settings.DryRun, report.Target, report.Decision);
            return Task.CompletedTask;
        });
        pipeline.Then("the step outputs", _ =>
        {
            runtime.Outputs.SetAll(Outputs(report, reportPath));
            return Task.CompletedTask;
        });
        return pipeline;
    }

    /// <summary>The <c>audit-log</c> input names a file that can be appended to (exit 2 otherwise, before GitHub is asked anything).</summary>
    private static void CheckAuditLog(string path)
    {
        try
        {
            AuditLogFile.CheckWritable(path);
        }
        catch (LocalFileException ex)
        {
            throw new InputException($"input '{ActionSettings.AuditLogInput}': {ex.Message}; set '{ActionSettings.AuditLogInput}' to a regular file the step can write, e.g. {WorkspaceFiles.DefaultAuditLog}", ex);
        }
    }

    private static IPolicySource PolicySource(ActionSettings settings, WorkflowContext context, IGitHubApi client, RepositoryRef repository, WorkspaceFiles workspace, WorkflowCommands commands)
    {
        if (settings.ConfigSource == PolicyReference.WorkspaceSource)
        {
            if (ChangeSuppliesWorkspace.Contains(context.EventName, StringComparer.Ordinal))
            {
                commands.Warning(
                    $"config-source is 'workspace' on a {context.EventName} event: the configuration is read from the checked-out folder '{settings.ConfigDirectory}', which the change under evaluation can edit (its own policy). Use the default config-source 'repository' to read the policy from the base branch.",
                    title: "odoo-gates: untrusted policy");
            }

            return new DirectoryPolicySource(workspace.Resolve(settings.ConfigDirectory), settings.ConfigDirectory, PolicyReference.WorkspaceSource);
        }

        var (reference, source) = settings.ConfigRef is { } configRef
            ? (configRef, $"input '{ActionSettings.ConfigRefInput}'")
            : context.PolicyRef is { } eventRef
                ? (eventRef, $"'{context.PolicyRefSource}' of the {context.EventName} event")
                : throw new InputException($"the {context.EventName} event payload names no branch to read the policy from (repository.default_branch is missing); set the '{ActionSettings.ConfigRefInput}' input");
        return new RepositoryPolicySource(client, repository, settings.ConfigDirectory, reference, source);
    }

    /// <summary>Loads the policy; each diagnostic becomes an annotation (on its file and line for a workspace folder).</summary>
    private static async Task<PolicyLoad> LoadPolicyAsync(IPolicySource source, WorkflowCommands commands, CancellationToken cancellationToken)
    {
        var policy = await source.LoadAsync(cancellationToken).ConfigureAwait(false);
        var onDisk = policy.Reference.Source != PolicyReference.RepositorySource;
        ConfigurationReader.ThrowIfInvalid(policy, diagnostic =>
        {
            var file = onDisk ? diagnostic.File : null;
            int? line = onDisk && diagnostic.Line > 0 ? diagnostic.Line : null;
            int? column = onDisk && diagnostic.Column > 0 ? diagnostic.Column : null;
            var message = onDisk ? diagnostic.Message : diagnostic.ToString();
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                commands.Error(message, file, line, column, "gates configuration");
            }
            else
            {
                commands.Warning(message, file, line, column, "gates configuration");
            }
        }, "annotated above");
        return policy;
    }

    private static Task WriteJsonReport(EvaluationReport report, string path)
    {
        LocalFiles.Replace(path, "the JSON report", JsonReportWriter.Render(report));
        return Task.CompletedTask;
    }

    private static Task LogReport(WorkflowCommands commands, EvaluationReport report)
    {
        var target = report.Target;
        using (commands.Group($"Report: {target} {ReportVocabulary.Of(report.Decision)}"))
        {
            commands.Log.Text(TextReportRenderer.Render(report).TrimEnd());
        }

        foreach (var reason in report.BlockingReasons)
        {
            commands.Error(ReportSentences.Of(report, reason), title: $"odoo-gates/{target}: {reason.Code}");
        }

        foreach (var decision in report.Overrides)
        {
            var honoured = decision.Outcome == OverrideOutcome.Honoured;
            var title = $"odoo-gates/{target}: override of {decision.Gate} {(honoured ? "honoured" : "refused")}";
            if (honoured)
            {
                commands.Notice(ReportSentences.Of(decision), title: title);
            }
            else
            {
                commands.Warning(ReportSentences.Of(decision), title: title);
            }
        }

        foreach (var label in report.UnrequiredOverrideLabels)
        {
            commands.Notice(ReportVocabulary.UnrequiredLabelNotice(label, target), title: $"odoo-gates/{target}: override label not considered here");
        }

        return Task.CompletedTask;
    }

    /// <summary>The job summary is for people: a summary that cannot be written is a warning, never a changed decision.</summary>
    private static void WriteSummary(ActionRuntime runtime, EvaluationReport report, string reportPath)
    {
        try
        {
            runtime.Summary.Append(MarkdownReportRenderer.Render(report, MarkdownOptions.Summary with { DryRun = runtime.Settings.DryRun }), reportPath);
        }
        catch (LocalFileException ex)
        {
            runtime.Commands.Warning($"could not write the job summary: {ex.Message}; the decision, check runs, outputs and JSON report are unaffected.");
        }
    }

    private static void LogRecords(WorkflowCommands commands, RecordsOutcome outcome, bool dryRun, string target, Decision decision)
    {
        foreach (var warning in outcome.Warnings)
        {
            commands.Warning(warning);
        }

        if (dryRun)
        {
            commands.Notice($"dry run: decided '{ReportVocabulary.Of(decision)}' for {target}; nothing was written to GitHub, and the step passes.");
            return;
        }

        commands.Info(string.Create(CultureInfo.InvariantCulture,
            $"Records: check runs {outcome.CheckRunsCreated} created, {outcome.CheckRunsUpdated} updated; comments {outcome.CommentsCreated} created, {outcome.CommentsUpdated} updated, {outcome.CommentsUnchanged} unchanged; override records {outcome.OverrideCommentsCreated} created, {outcome.OverrideCommentsCorrected} corrected; labels removed {outcome.LabelsRemoved}."));
    }

    private static List<KeyValuePair<string, string>> Outputs(EvaluationReport report, string reportPath)
    {
        var outputs = new List<KeyValuePair<string, string>>
        {
            new("decision", ReportVocabulary.Of(report.Decision)),
            new("blocked-gates", string.Join(",", report.BlockedGates)),
            new("target", report.Target),
            new("sha", report.Sha),
            new("report", reportPath),
            new("config-ref", report.Policy?.Ref ?? string.Empty),
            new("config-sha", report.Policy?.Sha ?? string.Empty),
        };
        outputs.AddRange(report.Gates.Select(g => new KeyValuePair<string, string>(g.Id.ToLowerInvariant(), ReportVocabulary.Of(g.Status))));
        return outputs;
    }
}
