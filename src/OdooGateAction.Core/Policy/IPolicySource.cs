using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Policy;

/// <summary>A loaded policy: the configuration (or its diagnostics) and which policy it is.</summary>
public sealed record PolicyLoad(ConfigLoadResult Result, PolicyReference Reference);

/// <summary>
/// Where the configuration — the policy — is read: a local folder, or the repository at a trusted ref through
/// GitHub's contents API. Every command reads through one, so each source is written once.
/// </summary>
public interface IPolicySource
{
    /// <summary>Reads and loads the configuration. Bad input (a ref or folder that does not exist) is an <see cref="InputException"/>.</summary>
    Task<PolicyLoad> LoadAsync(CancellationToken cancellationToken);
}
