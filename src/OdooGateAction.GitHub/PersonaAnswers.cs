using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.GitHub.Rest;

namespace OdooGateAction.GitHub;

/// <summary>
/// What GitHub answered about people, before the configuration is applied to them: repository permission and team
/// membership (through the org token). Overrides (who applied a label, who confirmed) and reviews (who approved) are
/// both resolved here, live and from a snapshot: <see cref="PersonasOf"/> is the one place where answers become personas.
/// </summary>
/// <param name="Permissions">
/// GitHub's answer to <c>GET /repos/{o}/{r}/collaborators/{login}/permission</c> by login (case-insensitive); null: not a
/// collaborator (404).
/// </param>
/// <param name="TeamStates">
/// Each team membership asked: <c>org/slug</c> → login → state (<c>active</c>, <c>pending</c>), case-insensitive; null: not
/// a member (404).
/// </param>
/// <param name="TeamsConsulted">Whether team membership could be asked (an org token was given).</param>
public sealed record PersonaAnswers(
    IReadOnlyDictionary<string, GitHubCollaboratorPermission?> Permissions,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> TeamStates,
    bool TeamsConsulted)
{
    public static PersonaAnswers Empty { get; } = new(
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
    /// Asks GitHub about each of <paramref name="logins"/> not already answered in <paramref name="known"/>: the team
    /// memberships that could give a persona (only with <paramref name="orgApi"/>), and the repository permission (only
    /// when a persona names one). The answers of <paramref name="known"/> are kept, so nobody is asked about twice.
    /// </summary>
    public static async Task<PersonaAnswers> AskAsync(
        IGitHubApi api, IGitHubApi? orgApi, RepositoryRef repository, GateConfiguration configuration, IEnumerable<string> logins, PersonaAnswers? known,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logins);
        var permissions = new Dictionary<string, GitHubCollaboratorPermission?>(known?.Permissions ?? Empty.Permissions, StringComparer.OrdinalIgnoreCase);
        var teamStates = new Dictionary<string, Dictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (team, members) in known?.TeamStates ?? Empty.TeamStates)
        {
            teamStates[team] = new Dictionary<string, string?>(members, StringComparer.OrdinalIgnoreCase);
        }

        foreach (var login in logins.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (orgApi is not null)
            {
                foreach (var team in TeamsToAsk(configuration, login))
                {
                    if (!teamStates.TryGetValue(team, out var members))
                    {
                        teamStates[team] = members = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    }

                    if (members.ContainsKey(login))
                    {
                        continue;
                    }

                    var slash = team.IndexOf('/', StringComparison.Ordinal);
                    members[login] = await orgApi.GetTeamMembershipStateAsync(team[..slash], team[(slash + 1)..], login, cancellationToken).ConfigureAwait(false);
                }
            }

            if (AsksPermission(configuration) && !permissions.ContainsKey(login))
            {
                permissions[login] = await api.GetCollaboratorPermissionAsync(repository, login, cancellationToken).ConfigureAwait(false);
            }
        }

        return new PersonaAnswers(
            permissions,
            teamStates.Where(t => t.Value.Count > 0).ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, string?>)t.Value, StringComparer.OrdinalIgnoreCase),
            orgApi is not null || (known?.TeamsConsulted ?? false));
    }

    /// <summary>Whether team membership is known under <paramref name="configuration"/>: asked, or no persona names a team.</summary>
    public bool TeamsKnown(GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return TeamsConsulted || configuration.Personas.All(p => p.Teams.Count == 0);
    }

    /// <summary>
    /// The personas <paramref name="login"/> holds under <paramref name="configuration"/> (<see cref="PersonaResolver"/>).
    /// A membership or permission that was not asked counts as none (fail closed).
    /// </summary>
    public IReadOnlyList<string> PersonasOf(GateConfiguration configuration, string login)
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

    /// <summary>The personas of each of <paramref name="logins"/>, looked up case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PersonasByLogin(GateConfiguration configuration, IEnumerable<string> logins)
    {
        ArgumentNullException.ThrowIfNull(logins);
        var personas = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var login in logins)
        {
            personas[login] = PersonasOf(configuration, login);
        }

        return personas;
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
