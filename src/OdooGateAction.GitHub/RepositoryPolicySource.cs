using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Policy;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>
/// The trusted policy: the configuration folder of the repository at a ref (the PR's base branch by default), read
/// through the contents API, never from the checkout, so the change under evaluation cannot rewrite the policy that
/// judges it. The ref is resolved to a commit SHA first and every file is read at that SHA: one consistent policy,
/// named exactly in every record. Costs 1 + 5 requests (the ref, then each configuration file), once per run.
/// </summary>
public sealed class RepositoryPolicySource(IGitHubApi api, RepositoryRef repository, string folder, string reference, string referenceSource) : IPolicySource
{
    public async Task<PolicyLoad> LoadAsync(CancellationToken cancellationToken)
    {
        var sha = await api.ResolveCommitAsync(repository, PolicyLocation.ApiRef(reference), cancellationToken).ConfigureAwait(false)
            ?? throw new InputException($"{referenceSource} '{reference}' names no branch, tag or commit of {repository}, so the policy ({folder}/) cannot be read there; set the 'config-ref' input to the branch that holds it");
        var policy = new PolicyReference(PolicyReference.RepositorySource, folder, reference, sha);
        var sources = new List<ConfigSource>();
        foreach (var name in ConfigSchema.Files)
        {
            var path = $"{folder}/{name}";
            var file = await api.GetFileAsync(repository, path, sha, InputLimits.Default.ConfigFileBytes, cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                continue; // the loader names every missing file
            }

            // As for a local folder: a file that is there but cannot be read is an error on that file, reported with the rest.
            var display = $"{path}@{reference}";
            var text = file.TooLarge ? null : InputText.DecodeUtf8(file.Content);
            sources.Add(text is not null
                ? new ConfigSource(name, display, text)
                : ConfigSource.CannotRead(name, display, file.TooLarge
                    ? $"the file is larger than {InputLimits.Size(InputLimits.Default.ConfigFileBytes)}, the most a configuration file may hold"
                    : "the file is not UTF-8 text"));
        }

        if (sources.Count == 0)
        {
            throw new InputException($"no configuration at '{folder}/' on {reference} ({sha[..12]}) in {repository}: none of {string.Join(", ", ConfigSchema.Files)} is there. Commit the folder to that branch, or set the 'config' and 'config-ref' inputs to where it is");
        }

        return new PolicyLoad(ConfigLoader.Load(sources), policy);
    }
}
