using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using Polly;
using Polly.Retry;
using OdooGateAction.Core;

namespace OdooGateAction.ControlPlane;

/// <summary>What one ingest call did: events sent, rows added, events the control plane held already.</summary>
public sealed record IngestResult(int Received, int Inserted, int Duplicates)
{
    public IngestResult Add(IngestResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Received + other.Received, Inserted + other.Inserted, Duplicates + other.Duplicates);
    }
}

/// <summary>How the client retries: attempts in all (first try included) and the first delay (doubling, with jitter).</summary>
public sealed record ControlPlaneOptions
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The control plane's failure: it could not be reached, or it refused what was sent. <see cref="Rejected"/> says the
/// server refused the content (a bad event, an unknown schema version): bad input, not an outage.
/// </summary>
public sealed class ControlPlaneException : Exception
{
    public ControlPlaneException(string message, bool rejected, Exception? innerException = null)
        : base(message, innerException)
    {
        Rejected = rejected;
    }

    public ControlPlaneException()
    {
    }

    public ControlPlaneException(string message)
        : base(message)
    {
    }

    public ControlPlaneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server refused the events themselves (SQLSTATE 22023): sending them again will not help.</summary>
    public bool Rejected { get; }

    /// <summary>The index in the batch of the event the server named, when it named one.</summary>
    public int? EventIndex { get; init; }
}

/// <summary>
/// The control plane over PostgreSQL (Supabase through its pooler): one connection per call, no prepared statements
/// (<see cref="ControlPlaneConnection"/>), retries on transient failures (<see cref="NpgsqlException.IsTransient"/>)
/// with a bounded number of attempts. Built on <see cref="NpgsqlSlimDataSourceBuilder"/> (AOT: only what is used).
/// Every value is a parameter; the events travel as one JSON array text cast to <c>jsonb</c> on the server.
/// </summary>
public sealed class ControlPlaneClient : IAsyncDisposable
{
    /// <summary>Events per ingest call (the server accepts at most 5,000).</summary>
    public const int BatchSize = 1000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ResiliencePipeline _retry;
    private readonly ControlPlaneConnection _connection;

    public ControlPlaneClient(ControlPlaneConnection connection, ControlPlaneOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new ControlPlaneOptions();
        _connection = connection;
        _dataSource = new NpgsqlSlimDataSourceBuilder(connection.ConnectionString).EnableTransportSecurity().Build();
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(ex => ex.IsTransient).Handle<TimeoutException>(),
            });
        }

        _retry = builder.Build();
    }

    /// <summary>Attempts made by the last call (1 when the first succeeded).</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// Sends <paramref name="events"/> (audit events, one JSON object each) in one call per <see cref="BatchSize"/>;
    /// a run's events are one call. Idempotent: events the control plane holds already are counted as duplicates.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var total = new IngestResult(0, 0, 0);
        for (var start = 0; start < events.Count; start += BatchSize)
        {
            var batch = events.Skip(start).Take(BatchSize).ToList();
            try
            {
                total = total.Add(await IngestBatchAsync(batch, cancellationToken).ConfigureAwait(false));
            }
            catch (ControlPlaneException ex) when (ex.EventIndex is int index)
            {
                throw new ControlPlaneException(ex.Message, ex.Rejected, ex.InnerException) { EventIndex = start + index };
            }
        }

        return total;
    }

    /// <summary>The stored events of one commit (the whole events as ingested), oldest first.</summary>
    public Task<IReadOnlyList<string>> ReadCommitEventsAsync(string sha, string? repository, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<string>>("read the events", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "select event::text from ops.gate_events where starts_with(sha, $1) and ($2::text is null or lower(repository) = lower($2::text)) order by occurred_at, id",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = sha });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)repository ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var events = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                events.Add(reader.GetString(0));
            }

            return events;
        }, cancellationToken);

    /// <summary>Applies the migrations not applied yet, in order (<see cref="Migrations"/>); returns their names.</summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) =>
        RunAsync("apply the migrations", (connection, ct) => Migrations.ApplyAsync(connection, ct), cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private Task<IngestResult> IngestBatchAsync(List<string> batch, CancellationToken cancellationToken) =>
        RunAsync("ingest the events", async (connection, ct) =>
        {
            var array = new StringBuilder(batch.Sum(e => e.Length + 1) + 2).Append('[');
            for (var i = 0; i < batch.Count; i++)
            {
                array.Append(i == 0 ? string.Empty : ",").Append(batch[i]);
            }

            await using var command = new NpgsqlCommand("select ops.ingest_gate_events($1::jsonb)::text", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = array.Append(']').ToString(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var answer = (string?)await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return ParseCounts(answer);
        }, cancellationToken);

    private static IngestResult ParseCounts(string? answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer ?? "null");
            var root = document.RootElement;
            return new IngestResult(root.GetProperty("received").GetInt32(), root.GetProperty("inserted").GetInt32(), root.GetProperty("duplicates").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ControlPlaneException("the control plane answered the ingest call without the counts {received, inserted, duplicates}: is ops.ingest_gate_events the one of these migrations?", rejected: false, ex);
        }
    }

    private async Task<T> RunAsync<T>(string what, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(
                async ct =>
                {
                    Attempts++;
                    await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                    return await work(connection, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            var rejected = ex.SqlState == PostgresErrorCodes.InvalidParameterValue;
            throw new ControlPlaneException($"the control plane ({_connection.Describe()}) refused to {what}: {Describe(ex)}", rejected, ex)
            {
                EventIndex = rejected ? EventIndexOf(ex.MessageText) : null,
            };
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException)
        {
            throw new ControlPlaneException(string.Create(CultureInfo.InvariantCulture,
                $"could not {what} at the control plane ({_connection.Describe()}) after {Attempts} attempt(s): {Redaction.RedactShapes(Innermost(ex))}"), rejected: false, ex);
        }
    }

    private static string Describe(PostgresException ex)
    {
        var text = ex.MessageText;
        var hint = ex.SqlState switch
        {
            PostgresErrorCodes.UndefinedFunction or PostgresErrorCodes.InvalidSchemaName or PostgresErrorCodes.UndefinedTable =>
                " (the ops schema is missing or older: apply the migrations with `OdooGateAction migrate` or the Supabase CLI)",
            PostgresErrorCodes.InsufficientPrivilege =>
                " (the login role needs the odoo_gates_ingest role: grant odoo_gates_ingest to <login role>)",
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                " (check the user and password of the connection string)",
            _ => string.Empty,
        };
        return $"{text} [SQLSTATE {ex.SqlState}]{hint}";
    }

    /// <summary>The batch index in the server's message <c>event N ...</c> (ops.check_gate_event).</summary>
    private static int? EventIndexOf(string message)
    {
        if (!message.StartsWith("event ", StringComparison.Ordinal))
        {
            return null;
        }

        var digits = new string(message.AsSpan(6).ToArray().TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static string Innermost(Exception ex)
    {
        var messages = new List<string>();
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message, StringComparer.Ordinal))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
