namespace OdooGateAction.FakeGitHub.Tests;

/// <summary>The fake answers <c>GET /collaborators/{user}/permission</c> only in the shapes GitHub documents.</summary>
public sealed class PermissionTests
{
    [Theory]
    [InlineData("maintain", null)]
    [InlineData("triage", null)]
    [InlineData("read", "maintain")]
    [InlineData("write", "triage")]
    [InlineData("write", "admin")]
    public async Task SetPermission_AShapeGitHubNeverAnswers_IsRefused(string permission, string? roleName)
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");

        Assert.Throws<ArgumentException>(() => repo.SetPermission("alice", permission, roleName));
    }

    [Fact]
    public async Task SetRole_CustomRoleWithoutItsBase_IsRefused()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");

        Assert.Throws<ArgumentException>(() => repo.SetRole("alice", "release-engineer"));
        repo.SetRole("alice", "release-engineer", "write");
        repo.SetPermission("bob", "write", "maintain");
    }
}
