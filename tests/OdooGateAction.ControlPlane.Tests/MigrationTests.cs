using Npgsql;
using OdooGateAction.TestPostgres;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>The migrations: embedded from supabase/migrations, applied once and recorded where the Supabase CLI records them.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void Embedded_AreTheFilesOfSupabaseMigrations_InOrder()
    {
        var folder = Path.Combine(RepositoryRoot(), "supabase", "migrations");
        var files = Directory.GetFiles(folder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, Migrations.All.Select(m => m.FileName));
        Assert.All(Migrations.All, m =>
        {
            Assert.Matches("^[0-9]{14}$", m.Version);
            Assert.Equal(File.ReadAllText(Path.Combine(folder, m.FileName)), m.Sql);
        });
    }

    [Fact]
    public async Task Migrate_Twice_AppliesOnceAndRecordsIt()
    {
        await using var database = await TestDatabase.CreateAsync("migrate", migrate: false);
        await using var client = new ControlPlaneClient(Sql.Connection(database), Sql.FastRetries);

        var first = await client.MigrateAsync(CancellationToken.None);
        var second = await client.MigrateAsync(CancellationToken.None);

        Assert.Equal(Migrations.All.Select(m => m.FileName), first);
        Assert.Empty(second);
        Assert.Equal(Migrations.All.Count, await Sql.CountAsync(database.DataSource, "select count(*) from supabase_migrations.schema_migrations"));
        Assert.Equal(1, await Sql.CountAsync(database.DataSource, "select count(*) from pg_proc where proname = 'ingest_gate_events' and prosecdef"));
    }

    [Fact]
    public async Task Migrate_TwoAtOnce_ApplyEachMigrationOnce()
    {
        await using var database = await TestDatabase.CreateAsync("migrateboth", migrate: false);
        await using var a = new ControlPlaneClient(Sql.Connection(database), Sql.FastRetries);
        await using var b = new ControlPlaneClient(Sql.Connection(database), Sql.FastRetries);

        var both = await Task.WhenAll(a.MigrateAsync(CancellationToken.None), b.MigrateAsync(CancellationToken.None));

        Assert.Equal(Migrations.All.Count, both.Sum(r => r.Count));
        Assert.Equal(Migrations.All.Count, await Sql.CountAsync(database.DataSource, "select count(*) from supabase_migrations.schema_migrations"));
    }

    [Fact]
    public async Task IngestFunction_IsSecurityDefinerWithAFixedSearchPath()
    {
        await using var database = await TestDatabase.CreateAsync("definer");
        await using var command = database.DataSource.CreateCommand(
            "select array_to_string(proconfig, ';') from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'ops' and proname = 'ingest_gate_events'");

        Assert.Equal("search_path=pg_catalog, pg_temp", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Ingest_WithoutTheMigrations_SaysToApplyThem()
    {
        await using var database = await TestDatabase.CreateAsync("bare", migrate: false);
        await using var client = new ControlPlaneClient(Sql.Connection(database), Sql.FastRetries);

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => client.IngestAsync(Events.Lines(Events.Evaluated("G1", "passed")), CancellationToken.None));

        Assert.False(error.Rejected);
        Assert.Contains("apply the migrations with `OdooGateAction migrate`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginRoleGrantedTheIngestRole_CanIngestButNotRead()
    {
        await using var database = await TestDatabase.CreateAsync("loginrole");
        var login = "gates_ci_" + Guid.NewGuid().ToString("N")[..8];
        await using (var create = database.DataSource.CreateCommand($"create role {login} login password 'ci-password-1'; grant odoo_gates_ingest to {login}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var connection = ControlPlaneConnection.Parse(database.ConnectionStringFor(login, "ci-password-1"), "test");
            await using var client = new ControlPlaneClient(connection, Sql.FastRetries);
            var result = await client.IngestAsync(Events.Lines(Events.Evaluated("G1", "passed")), CancellationToken.None);
            var read = await Assert.ThrowsAsync<ControlPlaneException>(() => client.ReadCommitEventsAsync(Events.Sha, null, CancellationToken.None));

            Assert.Equal(1, result.Inserted);
            Assert.Contains("permission denied for table gate_events", read.Message, StringComparison.Ordinal);
        }
        finally
        {
            await using var drop = database.DataSource.CreateCommand($"drop owned by {login}; drop role {login}");
            await drop.ExecuteNonQueryAsync();
        }
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OdooGateAction.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (OdooGateAction.sln) was not found above the test binaries");
    }
}
