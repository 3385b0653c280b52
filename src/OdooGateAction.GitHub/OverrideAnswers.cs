using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.GitHub;

/// <summary>
/// What GitHub answered for the override rules, before the configuration is applied to the people in it: each pull
/// request's labels, label events, reason comments and push time, and GitHub's answers about people (repository
/// permission, team membership) as it gave them. A live collection and a snapshot's replay both arrive here, and
/// <see cref="Resolve"/> is the one place where answers become personas.
/// </summary>
/// <param name="PullRequests">The facts of each pull request read; personas not resolved yet (<see cref="OverrideFacts.PersonasByLogin"/> empty).</param>
/// <param name="Permissions">
/// GitHub's answer to <c>GET /repos/{o}/{r}/collaborators/{login}/permission</c> by login (case-insensitive); null: not a
/// collaborator (404).
/// </param>
/// <param name="TeamStates">
/// Each team membership asked: <c>org/slug</c> → login → state (<c>active</c>, <c>pending</c>), case-insensitive; null: not
/// a member (404).
/// </param>
/// <param name="TeamsConsulted">Whether team membership could be asked (an org token was given).</param>
public sealed record OverrideAnswers(
    IReadOnlyList<OverrideFacts> PullRequests,
    IReadOnlyDictionary<string, GitHubCollaboratorPermission?> Permissions,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> TeamStates,
    bool TeamsConsulted)
{
    public static OverrideAnswers Empty { get; } = new(
        [],
        new Dictionary<string, GitHubCollaboratorPermission?>(StringComparer.OrdinalIgnoreCase),
        new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.OrdinalIgnoreCase),
        false);

    /// <summary>The team memberships worth asking about <paramref name="login"/>: the teams of personas whose <c>users</c> do not name it.</summary>
    public static IEnumerable<string> TeamsToAsk(GateConfiguration configuration, string login)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Personas
            .Where(p => !p.Users.Contains(login, StringComparer.OrdinalIgnoreCase))
            .SelectMany(p => p.Teams)
            .Distinct(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a repository permission can give anyone a persona (some persona has a minimum <c>permission</c>).</summary>
    public static bool AsksPermission(GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Personas.Any(p => p.Permission is not null);
    }

    /// <summary>
    /// The facts for the override rules under <paramref name="configuration"/>: the personas of every relevant login
    /// (<see cref="OverrideRules.RelevantLogins"/>) resolved from these answers with <see cref="PersonaResolver"/>. A
    /// membership or permission that was not asked counts as none (fail closed).
    /// </summary>
    public IReadOnlyList<OverrideFacts> Resolve(GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var personas = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var login in OverrideRules.RelevantLogins(configuration, PullRequests))
        {
            personas[login] = PersonasOf(configuration, login);
        }

        var teamsConsulted = TeamsConsulted || configuration.Personas.All(p => p.Teams.Count == 0);
        return [.. PullRequests.Select(f => f with { PersonasByLogin = personas, TeamsConsulted = teamsConsulted })];
    }

    private IReadOnlyList<string> PersonasOf(GateConfiguration configuration, string login)
    {
        HashSet<string>? teams = null;
        if (TeamsConsulted)
        {
            teams = new HashSet<string>(
                TeamStates.Where(t => t.Value.TryGetValue(login, out var state) && state == "active").Select(t => t.Key),
                StringComparer.OrdinalIgnoreCase);
        }

        return PersonaResolver.Resolve(configuration, login, teams, Rank(Permissions.GetValueOrDefault(login)));
    }

    /// <summary>
    /// The repository role of a collaborator, ranked admin &gt; maintain &gt; write &gt; triage &gt; read. GitHub's
    /// <c>permission</c> is the legacy base role (admin, write, read, none: a maintainer is <c>write</c>, a triager
    /// <c>read</c>), so the role comes from <c>role_name</c>; a custom role's name ranks as its base role, the
    /// <c>permission</c>. Null: no permission (not a collaborator, <c>none</c>, or a word GitHub does not document).
    /// </summary>
    public static RepositoryPermission? Rank(GitHubCollaboratorPermission? answer) =>
        answer is null ? null : Role(answer.RoleName) ?? Role(answer.Permission);

    private static RepositoryPermission? Role(string? name) => name switch
    {
        "admin" => RepositoryPermission.Admin,
        "maintain" => RepositoryPermission.Maintain,
        "write" => RepositoryPermission.Write,
        "triage" => RepositoryPermission.Triage,
        "read" => RepositoryPermission.Read,
        _ => null,
    };
}
