using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests;

/// <summary>The five files of a fixture folder, as the loader is handed them (the app reads folders; the Core does no IO).</summary>
internal static class ConfigFolder
{
    public static ConfigLoadResult Load(string folder) =>
        ConfigLoader.Load([.. ConfigSchema.Files
            .Select(name => Path.Combine(folder, name))
            .Where(File.Exists)
            .Select(path => new ConfigSource(Path.GetFileName(path), path, File.ReadAllText(path)))]);
}
