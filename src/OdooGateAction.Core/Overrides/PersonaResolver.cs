using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Overrides;

/// <summary>Which personas of personas.yaml a GitHub identity holds.</summary>
public static class PersonaResolver
{
    /// <summary>
    /// The ids of the personas <paramref name="login"/> holds, in configuration order: by <c>users</c>
    /// (case-insensitive, as GitHub logins are), by <c>teams</c> when team membership was consulted
    /// (<paramref name="teamsOfUser"/> not null; <c>org/slug</c>, case-insensitive), or by a repository permission at
    /// least the persona's minimum <c>permission</c>.
    /// </summary>
    /// <param name="teamsOfUser">The user's teams as <c>org/slug</c>; <c>null</c> when teams were not consulted.</param>
    /// <param name="permission">The user's permission on the repository; <c>null</c> when unknown or none.</param>
    public static IReadOnlyList<string> Resolve(GateConfiguration config, string login, IReadOnlySet<string>? teamsOfUser, RepositoryPermission? permission)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(login);
        var held = new List<string>();
        foreach (var persona in config.Personas)
        {
            var byUser = persona.Users.Any(u => string.Equals(u, login, StringComparison.OrdinalIgnoreCase));
            var byTeam = teamsOfUser is not null
                && persona.Teams.Any(t => teamsOfUser.Any(m => string.Equals(t, m, StringComparison.OrdinalIgnoreCase)));
            var byPermission = persona.Permission is { } minimum && permission is { } actual && actual >= minimum;
            if (byUser || byTeam || byPermission)
            {
                held.Add(persona.Id);
            }
        }

        return held;
    }
}
