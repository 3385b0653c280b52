using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Policy;

namespace OdooGateAction.Commands;

/// <summary>A policy read from a local folder (<c>validate</c>, <c>evaluate</c>, and the action's <c>config-source: workspace</c>).</summary>
public sealed class DirectoryPolicySource(string directory, string displayPath, string source = PolicyReference.DirectorySource) : IPolicySource
{
    public Task<PolicyLoad> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new PolicyLoad(ConfigLoader.LoadDirectory(directory), new PolicyReference(source, displayPath)));
}

/// <summary>Loads a configuration, prints its diagnostics, and refuses an invalid one (exit 2).</summary>
public static class ConfigurationReader
{
    /// <summary>Loads a local folder; every diagnostic is a line of <paramref name="diagnostics"/>.</summary>
    public static PolicyLoad LoadOrThrow(string directory, LogStream diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var policy = new DirectoryPolicySource(directory, directory).LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
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
