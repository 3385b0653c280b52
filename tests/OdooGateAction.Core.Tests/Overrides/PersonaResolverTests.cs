using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using static OdooGateAction.Core.Tests.Overrides.OverrideScenario;

namespace OdooGateAction.Core.Tests.Overrides;

public sealed class PersonaResolverTests
{
    private static readonly GateConfiguration WithPermissions = Load(
        "personas.yaml", "github: { teams: [acme/odoo-qa] }", "github: { teams: [acme/odoo-qa], permission: triage }",
        "personas.yaml", "github: { users: [sre-bob], teams: [acme/odoo-sre] }", "github: { users: [sre-bob], teams: [acme/odoo-sre], permission: admin }");

    /// <summary>Rows: login, teams (null: not consulted; comma-separated), permission, expected personas.</summary>
    public static TheoryData<string, string?, RepositoryPermission?, string[]> Identities => new()
    {
        { "rel-mgr-alice", null, null, ["release_manager"] },
        { "REL-MGR-ALICE", null, null, ["release_manager"] },
        { "sre-bob", "", null, ["sre"] },
        { "rm-erin", "acme/odoo-release-managers", null, ["release_manager"] },
        { "rm-erin", "ACME/Odoo-Release-Managers", null, ["release_manager"] },
        { "rm-erin", null, null, [] },
        { "both-bea", "acme/odoo-sre,acme/odoo-qa", null, ["qa_tester", "sre"] },
        { "rel-mgr-alice", "acme/odoo-sre", null, ["release_manager", "sre"] },
        { "nobody", "other/team", RepositoryPermission.Admin, [] },
        { "nobody", "", null, [] },
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void Resolve_ShippedPersonas_MatchUsersAndTeamsWhenConsulted(string login, string? teams, RepositoryPermission? permission, string[] expected)
    {
        IReadOnlySet<string>? teamSet = teams is null ? null : teams.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(expected, PersonaResolver.Resolve(Shipped, login, teamSet, permission));
    }

    /// <summary>Rows: the user's permission, expected personas (qa_tester needs triage, sre needs admin).</summary>
    public static TheoryData<RepositoryPermission?, string[]> Permissions => new()
    {
        { null, [] },
        { RepositoryPermission.Read, [] },
        { RepositoryPermission.Triage, ["qa_tester"] },
        { RepositoryPermission.Write, ["qa_tester"] },
        { RepositoryPermission.Maintain, ["qa_tester"] },
        { RepositoryPermission.Admin, ["qa_tester", "sre"] },
    };

    [Theory]
    [MemberData(nameof(Permissions))]
    public void Resolve_PermissionPersona_AtLeastTheMinimum(RepositoryPermission? permission, string[] expected)
    {
        Assert.Equal(expected, PersonaResolver.Resolve(WithPermissions, "someone", null, permission));
    }
}
