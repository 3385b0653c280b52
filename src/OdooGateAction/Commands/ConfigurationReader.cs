using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Commands;

/// <summary>Loads a configuration folder, prints its diagnostics, and refuses an invalid one (exit 2).</summary>
public static class ConfigurationReader
{
    public static ConfigLoadResult LoadOrThrow(string directory, TextWriter diagnosticsOut)
    {
        ArgumentNullException.ThrowIfNull(diagnosticsOut);
        return LoadOrThrow(directory, d => diagnosticsOut.WriteLine(d.ToString()), "listed above");
    }

    /// <summary>Loads, hands every diagnostic to <paramref name="report"/>, and throws (exit 2) when there is an error.</summary>
    public static ConfigLoadResult LoadOrThrow(string directory, Action<ConfigDiagnostic> report, string where)
    {
        ArgumentNullException.ThrowIfNull(report);
        var result = ConfigLoader.LoadDirectory(directory);
        foreach (var diagnostic in result.Diagnostics)
        {
            report(diagnostic);
        }

        if (!result.Succeeded)
        {
            var count = result.Errors.Count();
            throw new InputException($"{directory}: the configuration has {count} error{(count == 1 ? string.Empty : "s")} ({where})");
        }

        return result;
    }
}
