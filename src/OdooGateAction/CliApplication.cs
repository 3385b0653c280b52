using System.CommandLine;
using OdooGateAction.Commands;
using OdooGateAction.Core;

namespace OdooGateAction;

/// <summary>
/// The command line: <c>evaluate</c> and <c>validate</c>, each with <c>--help</c>. Turns every outcome into the
/// contract's exit code here and nowhere else: a decision (0/1), bad input (2), no decision possible (3).
/// </summary>
public sealed class CliApplication(ConsoleStreams console, EvaluateCommand evaluate, ValidateCommand validate)
{
    public const string DefaultConfigDirectory = "gates";

    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = BuildCommandLine();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false, // its handler returns 1, which would read as "blocked"
            }).ConfigureAwait(false);
        }
        catch (InputException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // The one place that turns an unexpected failure into "no decision" (fail closed).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await console.Error.WriteLineAsync($"error: no decision could be reached: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Undecidable;
        }
    }

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
            Required = true,
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

        var evaluateCommand = new Command("evaluate", "Decide whether a commit may be promoted to a target. Exit code 0 allowed, 1 blocked, 2 bad input, 3 undecidable.")
        {
            snapshot, target, config, format,
        };
        evaluateCommand.SetAction((parse, _) => Task.FromResult(evaluate.Run(new EvaluateOptions(
            parse.GetValue(snapshot)!,
            parse.GetValue(target)!,
            parse.GetValue(config)!,
            parse.GetValue(format)!))));

        var validateCommand = new Command("validate", "Check a gates configuration folder: every error with file:line:column. Exit code 0 valid, 2 invalid.")
        {
            config,
        };
        validateCommand.SetAction((parse, _) => Task.FromResult(validate.Run(parse.GetValue(config)!)));

        return new RootCommand("OdooGateAction: release-gate evaluator for Odoo teams (G1 build & static quality, G2 functional & upgrade QA, G3 release readiness, G4 production safety).")
        {
            evaluateCommand,
            validateCommand,
        };
    }
}
