using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Rendering;
using OdooGateAction.GitHub;

namespace OdooGateAction.Commands;

public sealed record EvaluateOptions(string Snapshot, string Target, string ConfigDirectory, string Format);

/// <summary><c>evaluate --snapshot</c>: collect (from the file), decide, report.</summary>
public sealed class EvaluateCommand(ConsoleStreams console, GateEvaluator evaluator)
{
    public int Run(EvaluateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = ConfigurationReader.LoadOrThrow(options.ConfigDirectory, console.Error).Configuration!;
        var evidence = SnapshotReader.ReadFile(options.Snapshot);
        var report = evaluator.Evaluate(configuration, options.Target, evidence);
        console.Out.Write(options.Format switch
        {
            "json" => JsonReportWriter.Render(report),
            "markdown" => MarkdownReportRenderer.Render(report),
            _ => TextReportRenderer.Render(report),
        });
        return report.Decision == Decision.Allow ? ExitCodes.Allowed : ExitCodes.Blocked;
    }
}
