using System.Reflection;
using Npgsql;

namespace OdooGateAction.ControlPlane;

/// <summary>
/// The migrations of <c>supabase/migrations/</c>, embedded in the binary, and how <c>migrate</c> applies them: in
/// name order (<c>&lt;timestamp&gt;_&lt;name&gt;.sql</c>), each in its own transaction with its record, under an
/// advisory lock (two concurrent <c>migrate</c> runs apply each once). Applied migrations are recorded where the
/// Supabase CLI records them, <c>supabase_migrations.schema_migrations</c> (version, name, statements), so the CLI and
/// <c>migrate</c> agree on what a database has.
/// </summary>
public static class Migrations
{
    private const string Prefix = "migrations/";

    /// <summary>Any number, the same for every <c>migrate</c> run: the advisory lock that serialises them.</summary>
    private const long LockKey = 0x6F646F6F_67617465;

    /// <summary>The embedded migrations, in the order they apply: (version, name, SQL).</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Applies what is missing; returns the file names applied, in order (empty when up to date).</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, $"select pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, """
                create schema if not exists supabase_migrations;
                create table if not exists supabase_migrations.schema_migrations (version text not null primary key, statements text[], name text);
                """, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new List<string>();
        foreach (var migration in All)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({LockKey})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var known = new NpgsqlCommand("select count(*) from supabase_migrations.schema_migrations where version = $1", connection, transaction))
            {
                known.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                if ((long)(await known.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand(
                "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3])", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Sql });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration.FileName);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(Migrations).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var file = resource[Prefix.Length..];
            var stem = Path.GetFileNameWithoutExtension(file);
            var underscore = stem.IndexOf('_', StringComparison.Ordinal);
            migrations.Add(new Migration(underscore > 0 ? stem[..underscore] : stem, underscore > 0 ? stem[(underscore + 1)..] : stem, file, reader.ReadToEnd()));
        }

        return migrations;
    }
}

/// <summary>One migration file: <c>&lt;Version&gt;_&lt;Name&gt;.sql</c>.</summary>
public sealed record Migration(string Version, string Name, string FileName, string Sql);
