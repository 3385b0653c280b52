using System.Globalization;

namespace OdooGateAction.Commands;

/// <summary><c>validate</c>: all diagnostics of a configuration folder, then a one-line verdict.</summary>
public sealed class ValidateCommand(OutputSink sink)
{
    public int Run(string directory)
    {
        var result = ConfigurationReader.LoadOrThrow(directory, sink.Error);
        var configuration = result.Result.Configuration!;
        var warnings = result.Result.Warnings.Count();
        sink.Out.Line(string.Create(CultureInfo.InvariantCulture,
            $"{directory}: valid ({configuration.Gates.Count} gates, {configuration.MappedChecks.Count} mapped checks, {configuration.Targets.Count} targets, {configuration.Personas.Count} personas; {warnings} warning{(warnings == 1 ? "" : "s")})"));
        return ExitCodes.Allowed;
    }
}
