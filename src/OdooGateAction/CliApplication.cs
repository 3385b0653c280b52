using System.CommandLine;
using System.Globalization;
using OdooGateAction.Commands;
using OdooGateAction.ControlPlane;
using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Records;
using OdooGateAction.Runtime;

namespace OdooGateAction;

/// <summary>
/// The command line: <c>evaluate</c>, <c>validate</c>, <c>docs</c> and the control plane's <c>ingest</c>, <c>trace</c>, <c>migrate</c>, each with <c>--help</c>. Turns every outcome into the
/// contract's exit code here and nowhere else: a decision (0/1), bad input (2), no decision possible (3).
/// </summary>
public sealed class CliApplication(OutputSink sink, IActionEnvironment environment, EvaluateCommand evaluate, ValidateCommand validate, ActionCommand action, DocsCommand docs, ControlPlaneCommand controlPlane)
{
    public const string DefaultConfigDirectory = "gates";

    /// <summary>The forms <c>--now</c> accepts: ISO 8601 with seconds and a zone.</summary>
    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    public Task<int> RunAsync(string[] args) => RunAsync(args, CancellationToken.None);

    /// <param name="cancellationToken">Cancelled by a termination signal (<see cref="ShutdownSignals"/>): the run ends with exit 3.</param>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 && environment.GetVariable("GITHUB_ACTIONS") == "true")
        {
            // The container's entrypoint on a runner: evaluate the workflow context.
            return await DecideAsync(() => action.RunAsync(cancellationToken), actionMode: true, cancellationToken).ConfigureAwait(false);
        }

        var root = BuildCommandLine();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                sink.Error.Line($"error: {error.Message}");
            }

            sink.Error.Line("Run with --help for usage.");
            return ExitCodes.BadInput;
        }

        // System.CommandLine prints help and its own messages itself: through the sink too, a line at a time.
        using var output = sink.Out.OpenWriter();
        using var errors = sink.Error.OpenWriter();
        return await DecideAsync(
            () => parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = output,
                    Error = errors,
                    EnableDefaultExceptionHandler = false, // its handler returns 1, which would read as "blocked"
                    ProcessTerminationTimeout = null, // signals are ours (ShutdownSignals): exit 3, not 130
                },
                cancellationToken),
            actionMode: false,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command and maps what ends it to the contract's exit code; in action mode, errors are also annotations.
    /// Every message is a sentence of ours: no exception type, and "no decision" only when none was reached.
    /// </summary>
    private async Task<int> DecideAsync(Func<Task<int>> run, bool actionMode, CancellationToken cancellationToken)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (InputException ex)
        {
            Report($"bad input: {ex.Message}", actionMode);
            return ExitCodes.BadInput;
        }
        catch (RecordsIncompleteException ex)
        {
            Report($"records incomplete, so the step fails: {ex.Message}", actionMode);
            return ExitCodes.Undecidable;
        }
        catch (ControlPlaneException ex)
        {
            Report($"the control plane failed: {ex.Message}", actionMode);
            return ExitCodes.Undecidable;
        }
        catch (GitHubApiException ex)
        {
            Report($"no decision could be reached, so the promotion is not allowed (fail closed): {ex.Message}", actionMode);
            return ExitCodes.Undecidable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Report("stopped by a termination signal before a decision was reached, so the promotion is not allowed (fail closed); nothing more was written", actionMode);
            return ExitCodes.Undecidable;
        }
#pragma warning disable CA1031 // The one place that turns an unexpected failure into "no decision" (fail closed).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Report($"no decision could be reached because of an unexpected error, so the promotion is not allowed (fail closed): {ex.Message}", actionMode);
            return ExitCodes.Undecidable;
        }
    }

    private void Report(string message, bool actionMode)
    {
        if (actionMode)
        {
            sink.Commands.Error(message, title: "odoo-gates");
        }

        sink.Error.Line($"error: {message}");
    }

    /// <summary>An ISO 8601 time that says its zone (<c>Z</c> or an offset): a time without one would depend on the machine.</summary>
    private static DateTimeOffset ParseInstant(string option, string text) =>
        DateTimeOffset.TryParseExact(text.Trim(), InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new InputException($"{option}: '{text}' is not an ISO 8601 time with a zone; write it like 2026-11-20T10:00:00Z");

    private RootCommand BuildCommandLine()
    {
        var config = new Option<string>("--config")
        {
            Description = "The gates configuration folder (gates.yaml, ci_gate_mapping.yaml, environments.yaml, personas.yaml, overrides.yaml).",
            DefaultValueFactory = _ => DefaultConfigDirectory,
            HelpName = "DIR",
        };

        var snapshot = new Option<string>("--snapshot")
        {
            Description = "Evaluate offline from a snapshot of a commit's evidence (docs/snapshot.md).",
            HelpName = "FILE",
        };
        var repository = new Option<string>("--repository")
        {
            Description = "Evaluate live: the repository (reads GitHub with the GITHUB_TOKEN environment variable; GITHUB_API_URL for GHES).",
            HelpName = "OWNER/NAME",
        };
        var sha = new Option<string>("--sha") { Description = "Evaluate live: the commit.", HelpName = "SHA" };
        var pullRequest = new Option<int?>("--pull-request") { Description = "Evaluate live: the PR the commit is evaluated for.", HelpName = "N" };
        var record = new Option<string>("--record")
        {
            Description = "Evaluate live and save the evidence as a snapshot file, to replay with --snapshot.",
            HelpName = "FILE",
        };
        var waitTimeout = new Option<string>("--wait-timeout")
        {
            Description = "Evaluate live: wait this long for pending or missing checks (90s, 15m).",
            HelpName = "DURATION",
            DefaultValueFactory = _ => "0",
        };
        var now = new Option<string>("--now")
        {
            Description = "Evaluate a snapshot at this time (UTC or with an offset) instead of its evaluated_at or captured_at.",
            HelpName = "ISO-8601",
        };
        var target = new Option<string>("--target")
        {
            Description = "The promotion target to evaluate (a name from environments.yaml, e.g. merge, staging, production).",
            HelpName = "TARGET",
            Required = true,
        };
        var format = new Option<string>("--format")
        {
            Description = "How to print the report.",
            DefaultValueFactory = _ => "text",
            HelpName = "text|markdown|json",
        };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Text report: also list the gates the target does not require, with their checks.",
        };

        var evaluateCommand = new Command("evaluate", "Decide whether a commit may be promoted to a target. Exit code 0 allowed, 1 blocked, 2 bad input, 3 undecidable.")
        {
            snapshot, repository, sha, pullRequest, target, config, format, verbose, record, waitTimeout, now,
        };
        evaluateCommand.SetAction((parse, cancellationToken) => evaluate.RunAsync(
            new EvaluateOptions(parse.GetValue(snapshot), parse.GetValue(target)!, parse.GetValue(config)!, parse.GetValue(format)!)
            {
                Repository = parse.GetValue(repository),
                Sha = parse.GetValue(sha),
                PullRequest = parse.GetValue(pullRequest),
                Record = parse.GetValue(record),
                Verbose = parse.GetValue(verbose),
                WaitTimeout = DurationParser.TryParse(parse.GetValue(waitTimeout)!, out var wait, out var waitError)
                    ? wait
                    : throw new InputException($"--wait-timeout: {waitError}"),
                Now = parse.GetValue(now) is { } at ? ParseInstant("--now", at) : null,
            },
            cancellationToken));

        var validateCommand = new Command("validate", "Check a gates configuration folder: every error with file:line:column. Exit code 0 valid, 2 invalid.")
        {
            config,
        };
        validateCommand.SetAction((parse, _) => Task.FromResult(validate.Run(parse.GetValue(config)!)));

        var docsCommand = BuildDocsCommand(config);

        var root = new RootCommand("OdooGateAction: release-gate evaluator for Odoo teams (G1 build & static quality, G2 functional & upgrade QA, G3 release readiness, G4 production safety).")
        {
            evaluateCommand,
            validateCommand,
            docsCommand,
        };
        foreach (var command in controlPlane.Commands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary><c>docs --config DIR --out DIR [--check]</c>: the gate handbook (docs/handbook.md).</summary>
    private Command BuildDocsCommand(Option<string> config)
    {
        var outDirectory = new Option<string>("--out")
        {
            Description = "The handbook's folder (e.g. docs/handbook): its generated files are written there, and those no longer generated removed.",
            HelpName = "DIR",
            Required = true,
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing: list every file that differs, is missing or is extra, and exit 2 when there is one (a CI step).",
        };
        var command = new Command("docs", "Generate the gate handbook (persona contracts, expertise registry, gates, promotion blocks, override path) from a configuration folder. Exit code 0 written or up to date, 2 invalid configuration or stale handbook.")
        {
            config, outDirectory, check,
        };
        command.SetAction((parse, _) => Task.FromResult(docs.Run(parse.GetValue(config)!, parse.GetValue(outDirectory)!, parse.GetValue(check))));
        return command;
    }
}
