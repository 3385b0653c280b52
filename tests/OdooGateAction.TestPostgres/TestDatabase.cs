using Npgsql;
using OdooGateAction.ControlPlane;

namespace OdooGateAction.TestPostgres;

/// <summary>
/// A database of its own on the tests' PostgreSQL server (a fresh one per test class): created from the admin
/// connection in <see cref="AdminVariable"/>, with the control plane's migrations applied, dropped when disposed.
/// Without the variable the test fails (never skips) saying how to start the server.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The admin connection string of the tests' server (what <c>.ci/postgres start</c> exports).</summary>
    public const string AdminVariable = "ODOO_GATES_TEST_PG";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    /// <summary>The superuser (the owner of everything the migrations create), connected to this database.</summary>
    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The server's admin connection string; a clear failure when the server was not started.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(AdminVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{AdminVariable} is not set: these tests need a PostgreSQL server (>= 15). Start a throw-away one with "
                + "`eval \"$(bash .ci/postgres start)\"` (stop it with `bash .ci/postgres stop`), or run .ci/run, "
                + $"or set {AdminVariable} to an admin connection string (Host=127.0.0.1;Port=...;Username=postgres;Password=...).");

    /// <summary>A new database named after <paramref name="purpose"/>; with <paramref name="migrate"/>, the migrations applied.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, bool migrate = true)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        var slug = new string([.. purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24)]);
        var name = $"odoo_gates_{slug}_{Guid.NewGuid().ToString("N")[..16]}";
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Pooling = false };
        var created = new TestDatabase(name, database.ConnectionString);
        if (migrate)
        {
            await using var connection = await created.DataSource.OpenConnectionAsync();
            await Migrations.ApplyAsync(connection, CancellationToken.None);
        }

        return created;
    }

    /// <summary>Runs one scalar query as the owner.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A connection string to this database for <paramref name="user"/> (a login role the test created).</summary>
    public string ConnectionStringFor(string user, string password) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = user, Password = password }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
