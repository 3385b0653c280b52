namespace OdooGateAction.Core.Policy;

/// <summary>
/// Which policy decided: where the configuration was read (<see cref="Source"/>), its folder, and for the trusted
/// source the ref it was read at and the commit SHA that ref resolved to. Shown in every record of the decision.
/// </summary>
/// <param name="Source"><see cref="RepositorySource"/>, <see cref="WorkspaceSource"/> or <see cref="DirectorySource"/>.</param>
/// <param name="Path">The configuration folder: a repository path, or a local folder.</param>
/// <param name="Ref">The branch, tag or SHA the configuration was read at (repository source only).</param>
/// <param name="Sha">The commit SHA <see cref="Ref"/> resolved to (repository source only).</param>
public sealed record PolicyReference(string Source, string Path, string? Ref = null, string? Sha = null)
{
    /// <summary>Read through the contents API at a trusted ref: the change under evaluation cannot rewrite it.</summary>
    public const string RepositorySource = "repository";

    /// <summary>Read from the workflow's checked-out folder: whatever the checkout holds.</summary>
    public const string WorkspaceSource = "workspace";

    /// <summary>A local folder (the offline commands: <c>evaluate --snapshot</c>, <c>validate</c>).</summary>
    public const string DirectorySource = "directory";

    /// <summary><c>gates@main (0123456789ab)</c>, <c>gates (workspace checkout)</c>, or a local folder's path.</summary>
    public override string ToString() => Source switch
    {
        RepositorySource => $"{Path}@{Ref} ({Sha?[..Math.Min(12, Sha.Length)]})",
        WorkspaceSource => $"{Path} (workspace checkout)",
        _ => Path,
    };
}
