using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Policy;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>A policy read from a local folder (<c>validate</c>, <c>evaluate</c>, and the action's <c>config-source: workspace</c>).</summary>
public sealed class DirectoryPolicySource(string directory, string displayPath, string source = PolicyReference.DirectorySource) : IPolicySource
{
    public Task<PolicyLoad> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new PolicyLoad(LoadFolder(directory), new PolicyReference(source, displayPath)));

    /// <summary>
    /// Reads <paramref name="folder"/>/{gates,ci_gate_mapping,environments,personas,overrides}.yaml through
    /// <see cref="LocalFiles"/> (regular files only, at most <see cref="InputLimits.ConfigFileBytes"/> each) and loads
    /// them. A file that is there but cannot be read (a dangling or looping link, a FIFO, a device, too large, not UTF-8)
    /// is an error on that file; a missing folder is one error naming it.
    /// </summary>
    public static ConfigLoadResult LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (LocalFiles.KindOf(folder, followLinks: true) != LocalFileKind.Directory)
        {
            return new ConfigLoadResult(null,
            [
                new ConfigDiagnostic(DiagnosticSeverity.Error, folder, 0, 0,
                    $"configuration folder not found; it holds {string.Join(", ", ConfigSchema.Files)} (set it with --config or the 'config' input)"),
            ]);
        }

        var sources = new List<ConfigSource>();
        foreach (var name in ConfigSchema.Files)
        {
            var path = Path.Combine(folder, name);
            if (LocalFiles.KindOf(path, followLinks: false) == LocalFileKind.Missing)
            {
                continue; // the loader names every missing file
            }

            try
            {
                sources.Add(new ConfigSource(name, path, LocalFiles.ReadText(path, "the configuration file", InputLimits.Default.ConfigFileBytes)));
            }
            catch (LocalFileException ex)
            {
                sources.Add(ConfigSource.CannotRead(name, path, $"the file {ex.Problem}"));
            }
        }

        return ConfigLoader.Load(sources);
    }
}

/// <summary>Loads a configuration, prints its diagnostics, and refuses an invalid one (exit 2).</summary>
public static class ConfigurationReader
{
    /// <summary>Loads a local folder; every diagnostic is a line of <paramref name="diagnostics"/>.</summary>
    public static PolicyLoad LoadOrThrow(string directory, LogStream diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var policy = new PolicyLoad(DirectoryPolicySource.LoadFolder(directory), new PolicyReference(PolicyReference.DirectorySource, directory));
        ThrowIfInvalid(policy, d => diagnostics.Line(d.ToString()), "listed above");
        return policy;
    }

    /// <summary>Hands every diagnostic to <paramref name="report"/>, and throws (exit 2) when there is an error.</summary>
    public static void ThrowIfInvalid(PolicyLoad policy, Action<ConfigDiagnostic> report, string where)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var diagnostic in policy.Result.Diagnostics)
        {
            report(diagnostic);
        }

        if (!policy.Result.Succeeded)
        {
            var count = policy.Result.Errors.Count();
            throw new InputException($"{policy.Reference}: the configuration has {count} error{(count == 1 ? string.Empty : "s")} ({where})");
        }
    }
}
