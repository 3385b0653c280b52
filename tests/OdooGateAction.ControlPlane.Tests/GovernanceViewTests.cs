namespace OdooGateAction.ControlPlane.Tests;

/// <summary>The governance views answer their questions (as the owner; RLS through them is in the matrix).</summary>
public sealed class GovernanceViewTests(MigratedDatabase fixture) : IClassFixture<MigratedDatabase>
{
    private async Task SeedAsync()
    {
        await using var client = new ControlPlaneClient(Sql.Connection(fixture.Database), Sql.FastRetries);
        await client.IngestAsync([.. ReleaseTraceTests.Release.Select(e => e.ToJsonString())], CancellationToken.None);
    }

    [Fact]
    public async Task LatestDecisions_IsTheLastEvaluationOfEachGate()
    {
        await SeedAsync();

        Assert.Equal(4, await Sql.CountAsync(fixture.Database.DataSource, $"select count(*) from ops.latest_decisions where sha = '{Events.Sha}' and target = 'production'"));
        Assert.Equal(1, await Sql.CountAsync(fixture.Database.DataSource, $"select count(*) from ops.latest_decisions where sha = '{Events.Sha}' and target = 'production' and gate = 'G4' and outcome = 'passed' and run_id = 503"));
    }

    [Fact]
    public async Task OverrideLedger_HasHonouredAndRefusedWithWhoWhyAndUntil()
    {
        await SeedAsync();

        Assert.Equal(1, await Sql.CountAsync(fixture.Database.DataSource,
            $"select count(*) from ops.override_ledger where sha = '{Events.Sha}' and outcome = 'honoured' and actor = 'rel-mgr-alice' and persona = 'release_manager' and gate = 'G2' and target = 'staging' and until = '2026-11-21T10:00:00Z' and reviews = 0"));
        Assert.Equal(1, await Sql.CountAsync(fixture.Database.DataSource,
            $"select count(*) from ops.override_ledger where sha = '{Events.Sha}' and outcome = 'refused' and code = 'override_not_authorized' and gate = 'G4'"));
    }

    [Fact]
    public async Task ReleaseTimeline_IsOneRowPerEvaluationInTimeOrder()
    {
        await SeedAsync();
        await using var command = fixture.Database.DataSource.CreateCommand(
            $"select string_agg(target || ' ' || decision || ' ' || (gates ->> 'G1'), ', ' order by occurred_at) from ops.release_timeline where sha = '{Events.Sha}'");

        Assert.Equal("merge allow passed, staging allow passed, production block passed, production allow passed", await command.ExecuteScalarAsync());
    }
}
