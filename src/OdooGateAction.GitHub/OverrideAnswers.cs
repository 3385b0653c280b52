using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.GitHub;

/// <summary>
/// What GitHub answered for the override rules, before the configuration is applied to the people in it: each pull
/// request's labels, label events, reason comments and push time, and GitHub's answers about people (repository
/// permission, team membership) as it gave them. A live collection and a snapshot's replay both arrive here, and
/// <see cref="Resolve"/> turns the answers into personas through <see cref="PersonaAnswers"/> (shared with reviews).
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

    /// <summary>The answers about people, which <see cref="PersonaAnswers.PersonasOf"/> turns into personas.</summary>
    public PersonaAnswers People => new(Permissions, TeamStates, TeamsConsulted);

    /// <summary>
    /// The facts for the override rules under <paramref name="configuration"/>: the personas of every relevant login
    /// (<see cref="OverrideRules.RelevantLogins"/>) resolved from these answers with <see cref="PersonaResolver"/>. A
    /// membership or permission that was not asked counts as none (fail closed).
    /// </summary>
    public IReadOnlyList<OverrideFacts> Resolve(GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var people = People;
        var personas = people.PersonasByLogin(configuration, OverrideRules.RelevantLogins(configuration, PullRequests));
        var teamsConsulted = people.TeamsKnown(configuration);
        return [.. PullRequests.Select(f => f with { PersonasByLogin = personas, TeamsConsulted = teamsConsulted })];
    }
}
