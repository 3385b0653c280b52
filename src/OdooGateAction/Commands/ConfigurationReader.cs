using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Commands;

/// <summary>Loads a configuration folder, prints its diagnostics, and refuses an invalid one (exit 2).</summary>
public static class ConfigurationReader
{
    public static ConfigLoadResult LoadOrThrow(string directory, TextWriter diagnosticsOut)
    {
        ArgumentNullException.ThrowIfNull(diagnosticsOut);
        var result = ConfigLoader.LoadDirectory(directory);
        foreach (var diagnostic in result.Diagnostics)
        {
            diagnosticsOut.WriteLine(diagnostic.ToString());
        }

        if (!result.Succeeded)
        {
            var count = result.Errors.Count();
            throw new InputException($"{directory}: the configuration has {count} error{(count == 1 ? string.Empty : "s")} (listed above)");
        }

        return result;
    }
}
