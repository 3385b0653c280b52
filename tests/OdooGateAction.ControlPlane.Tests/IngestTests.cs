using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OdooGateAction.Testing;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>ops.ingest_gate_events through the client on a real server: idempotent, all or nothing, strict.</summary>
public sealed class IngestTests(MigratedDatabase fixture) : IClassFixture<MigratedDatabase>
{
    private static int _run = 8_000_000;

    private NpgsqlDataSource Db => fixture.Database.DataSource;

    /// <summary>Events of a run of their own (a run id no other test uses), so the tests of the class do not share rows.</summary>
    private static JsonObject[] RunEvents(out long runId)
    {
        runId = Interlocked.Increment(ref _run);
        return
        [
            Events.Evaluated("G1", "passed", runId: runId),
            Events.Evaluated("G2", "overridden", runId: runId, actor: "rel-mgr-alice", persona: "release_manager", reason: "OPS-1234"),
            Events.Override("G2", honoured: true, "rel-mgr-alice", "release_manager", "OPS-1234", labelEventId: runId, runId: runId),
        ];
    }

    private async Task<IngestResult> IngestAsync(IReadOnlyList<string> lines)
    {
        await using var client = new ControlPlaneClient(Sql.Connection(fixture.Database), Sql.FastRetries);
        return await client.IngestAsync(lines, CancellationToken.None);
    }

    private Task<long> RowsOfRunAsync(long runId) => Sql.CountAsync(Db, $"select count(*) from ops.gate_events where run_id = {runId}");

    [Fact]
    public void Events_OfTheHelper_ConformToTheDocumentedSchema()
    {
        var schema = JsonSchemas.Load(Path.Combine(AppContext.BaseDirectory, "docs", "audit-event.schema.json"));
        foreach (var e in RunEvents(out _))
        {
            using var document = JsonDocument.Parse(e.ToJsonString());
            Assert.Empty(JsonSchemas.Validate(schema, document.RootElement));
        }
    }

    [Fact]
    public async Task Ingest_SameBatchTwice_InsertsOnceThenCountsDuplicates()
    {
        var lines = Events.Lines(RunEvents(out var runId));

        var first = await IngestAsync(lines);
        var second = await IngestAsync(lines);

        Assert.Equal(new IngestResult(3, 3, 0), first);
        Assert.Equal(new IngestResult(3, 0, 3), second);
        Assert.Equal(3, await RowsOfRunAsync(runId));
    }

    [Fact]
    public async Task Ingest_DuplicateInsideOneBatch_InsertsItOnce()
    {
        var events = RunEvents(out var runId);

        var result = await IngestAsync(Events.Lines([.. events, events[0]]));

        Assert.Equal(new IngestResult(4, 3, 1), result);
        Assert.Equal(3, await RowsOfRunAsync(runId));
    }

    [Fact]
    public async Task Ingest_TwoConcurrentRunsWithTheSameEvents_StoreExactlyOneRowEach()
    {
        await using var a = new ControlPlaneClient(Sql.Connection(fixture.Database), Sql.FastRetries);
        await using var b = new ControlPlaneClient(Sql.Connection(fixture.Database), Sql.FastRetries);
        var runs = new List<long>();
        for (var round = 0; round < 10; round++)
        {
            var lines = Events.Lines(RunEvents(out var runId));
            runs.Add(runId);
            using var start = new Barrier(2);
            var both = await Task.WhenAll(new[] { a, b }.Select(client => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await client.IngestAsync(lines, CancellationToken.None);
            })));

            Assert.Equal((3, 3), (both.Sum(r => r.Inserted), both.Sum(r => r.Duplicates)));
        }

        Assert.Equal(30, await Sql.CountAsync(Db, $"select count(*) from ops.gate_events where run_id in ({string.Join(",", runs)})"));
        Assert.Equal(30, await Sql.CountAsync(Db, $"select count(distinct idempotency_key) from ops.gate_events where run_id in ({string.Join(",", runs)})"));
    }

    [Fact]
    public async Task Ingest_ConcurrentTransactions_SecondWaitsForTheFirstAndInsertsNothing()
    {
        var lines = Events.Lines(RunEvents(out var runId));
        var json = "[" + string.Join(",", lines) + "]";
        await using var first = await Db.OpenConnectionAsync();
        await using var second = await Db.OpenConnectionAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("select ops.ingest_gate_events($1::jsonb)::text", first, firstTransaction) { Parameters = { new() { Value = json } } })
        {
            Assert.Contains("\"inserted\": 3", (string)(await command.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }

        // The second call blocks on the first's uncommitted keys ...
        await using var secondCommand = new NpgsqlCommand("select ops.ingest_gate_events($1::jsonb)::text", second) { Parameters = { new() { Value = json } } };
        var pending = secondCommand.ExecuteScalarAsync();
        await Task.Delay(300);
        Assert.False(pending.IsCompleted, "the second ingest should wait for the first transaction");

        // ... and once it commits, finds them all there.
        await firstTransaction.CommitAsync();
        Assert.Contains("\"duplicates\": 3", (string)(await pending)!, StringComparison.Ordinal);
        Assert.Equal(3, await RowsOfRunAsync(runId));
    }

    [Theory]
    [InlineData("schema_version", "2", "field schema_version is 2, which this control plane does not know")]
    [InlineData("schema_version", "\"1\"", "field schema_version is missing or not a number")]
    [InlineData("sha", "\"HEAD\"", "field sha must be a full commit SHA")]
    [InlineData("occurred_at", "\"yesterday\"", "field occurred_at must be an ISO 8601 time")]
    [InlineData("event_type", "\"gate.deleted\"", "field event_type is \"gate.deleted\"; allowed")]
    [InlineData("outcome", "\"green\"", "field outcome is \"green\"; allowed")]
    [InlineData("repository", "\"acme\"", "field repository must be owner/name")]
    [InlineData("target", "null", "field target is missing or not a non-empty string")]
    [InlineData("pull_request", "-1", "field pull_request must be a whole number")]
    [InlineData("run_id", "1.5", "field run_id must be a whole number")]
    [InlineData("reason", "42", "field reason must be a string or null")]
    [InlineData("evidence", "{}", "field evidence must be an array")]
    [InlineData("idempotency_key", "\"short\"", "field idempotency_key must be 16 to 128 characters")]
    public async Task Ingest_BadEventInTheBatch_RejectsTheWholeBatchNamingTheEventAndField(string field, string value, string expected)
    {
        var events = RunEvents(out var runId);
        events[1][field] = JsonNode.Parse(value);

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => IngestAsync(Events.Lines(events)));

        Assert.True(error.Rejected);
        Assert.Equal(1, error.EventIndex);
        Assert.Contains("event 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RowsOfRunAsync(runId)); // all or nothing: the good events 0 and 2 are not stored either
    }

    [Fact]
    public async Task Ingest_MissingField_NamesIt()
    {
        var events = RunEvents(out _);
        events[2].Remove("gate");

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => IngestAsync(Events.Lines(events)));

        Assert.Contains($"event 2 (idempotency_key {Events.Key(events[2])}): field gate is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_OversizedReason_IsRefused()
    {
        var events = RunEvents(out _);
        events[0]["reason"] = new string('x', 8001);

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => IngestAsync(Events.Lines(events)));

        Assert.Contains("field reason is 8001 characters long; at most 8000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestFunction_NotAnArray_IsRefused()
    {
        await using var command = Db.CreateCommand("select ops.ingest_gate_events('{\"events\": []}'::jsonb)");
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal("22023", error.SqlState);
        Assert.Contains("events must be a JSON array of audit events, not object", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_StoresTheColumnsAndTheWholeEvent()
    {
        var events = RunEvents(out var runId);
        await IngestAsync(Events.Lines(events));

        await using var command = Db.CreateCommand(
            $"select event_type, gate, outcome, actor, persona, reason, label_event_id, config_ref, config_sha, run_attempt, event = $1::jsonb from ops.gate_events where idempotency_key = '{Events.Key(events[2])}'");
        command.Parameters.Add(new NpgsqlParameter { Value = events[2].ToJsonString() });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(
            ("gate.override.honoured", "G2", "honoured", "rel-mgr-alice", "release_manager", "OPS-1234", runId, "main", Events.PolicySha, 1, true),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetString(7), reader.GetString(8), reader.GetInt32(9), reader.GetBoolean(10)));
    }

    [Fact]
    public async Task Ingest_ServerDown_FailsAfterTheBoundedAttemptsAsNotRejected()
    {
        var closed = ControlPlaneConnection.Parse("postgresql://gates:secret-pw@127.0.0.1:1/postgres?connect_timeout=2", "test");
        await using var client = new ControlPlaneClient(closed, Sql.FastRetries);

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => client.IngestAsync(Events.Lines(RunEvents(out _)), CancellationToken.None));

        Assert.False(error.Rejected);
        Assert.Equal(3, client.Attempts);
        Assert.Contains("after 3 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_WrongPassword_IsNotRetriedAndSaysWhatToCheck()
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { Password = "not-the-password" };
        await using var client = new ControlPlaneClient(ControlPlaneConnection.Parse(builder.ConnectionString, "test"), Sql.FastRetries);

        var error = await Assert.ThrowsAsync<ControlPlaneException>(() => client.IngestAsync(Events.Lines(RunEvents(out _)), CancellationToken.None));

        Assert.Equal(1, client.Attempts);
        Assert.Contains("check the user and password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ManyEvents_GoesInBatchesAndCountsAll()
    {
        var runId = Interlocked.Increment(ref _run);
        var lines = Enumerable.Range(0, ControlPlaneClient.BatchSize + 17)
            .Select(i => Events.Evaluated("G1", "passed", runId: runId, attempt: i + 1).ToJsonString()).ToList();

        var result = await IngestAsync(lines);

        Assert.Equal(new IngestResult(lines.Count, lines.Count, 0), result);
        Assert.Equal(lines.Count, await RowsOfRunAsync(runId));
    }
}
