using System.Text.Json.Nodes;
using Npgsql;
using OdooGateAction.TestPostgres;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>
/// Two repositories' events: in acme/odoo a G1 evaluation, an honoured G2 override by rel-mgr-alice, an honoured G4
/// override by sre-bob confirmed by rel-mgr-alice, a refused G3 override; in acme/other an honoured G2 override.
/// </summary>
public sealed class MatrixDatabase : IAsyncLifetime
{
    public const string Mine = "acme/odoo";
    public const string Other = "acme/other";

    public static readonly JsonObject G1 = Events.Evaluated("G1", "passed", runId: 1);
    public static readonly JsonObject G2 = Events.Override("G2", honoured: true, "rel-mgr-alice", "release_manager", "OPS-1234 upgrade verified", 101, runId: 1);
    public static readonly JsonObject G4 = Events.Override("G4", honoured: true, "sre-bob", "sre", "hotfix, backup checked", 102, target: "production", runId: 1, confirmers: ["rel-mgr-alice"]);
    public static readonly JsonObject G3Refused = Events.Override("G3", honoured: false, "qa-quentin", "qa_tester", "looks fine", 103, target: "production", runId: 1);
    public static readonly JsonObject OtherG2 = Events.Override("G2", honoured: true, "rel-mgr-alice", "release_manager", "other repo", 104, runId: 1, repository: Other);

    private TestDatabase? _database;

    public TestDatabase Database => _database!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("rls");
        await using var client = new ControlPlaneClient(Sql.Connection(_database), Sql.FastRetries);
        await client.IngestAsync(Events.Lines(G1, G2, G4, G3Refused, OtherG2), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>
/// The row-level security matrix of docs/control-plane.md, cell by cell, on the real server: each cell runs one
/// statement in a transaction as a role (<c>set local role</c>) with the JWT claims Supabase/PostgREST would set
/// (<c>request.jwt.claims</c>), and expects the rows it may see or write, or a denial. Every cell rolls back.
/// </summary>
public sealed class RlsMatrixTests(MatrixDatabase fixture) : IClassFixture<MatrixDatabase>
{
    /// <summary>Who acts: the role, and the claims (null: none set).</summary>
    private static readonly Dictionary<string, (string Role, string? Claims)> Callers = new(StringComparer.Ordinal)
    {
        ["developer"] = ("authenticated", Claims("developer", "dev-dan", MatrixDatabase.Mine)),
        ["qa_tester"] = ("authenticated", Claims("qa_tester", "qa-quentin", MatrixDatabase.Mine)),
        ["release_manager"] = ("authenticated", Claims("release_manager", "rm-carol", MatrixDatabase.Mine)),
        ["release_manager alice (applied G2, confirmed G4)"] = ("authenticated", Claims("release_manager", "rel-mgr-alice", MatrixDatabase.Mine)),
        ["sre"] = ("authenticated", Claims("sre", "sre-erin", MatrixDatabase.Mine)),
        ["sre bob (applied G4)"] = ("authenticated", Claims("sre", "sre-bob", MatrixDatabase.Mine)),
        ["sre alice (confirmed G4)"] = ("authenticated", Claims("sre", "Rel-Mgr-Alice", MatrixDatabase.Mine)),
        ["release_manager of both"] = ("authenticated", Claims("release_manager", "rm-carol", MatrixDatabase.Mine, MatrixDatabase.Other)),
        ["authenticated, no persona"] = ("authenticated", """{"login":"someone","repositories":["acme/odoo"]}"""),
        ["authenticated, no repositories"] = ("authenticated", """{"persona":"release_manager","login":"rm-carol"}"""),
        ["authenticated, no claims"] = ("authenticated", null),
        ["anon"] = ("anon", null),
        ["service_role"] = ("service_role", null),
        ["odoo_gates_ingest"] = ("odoo_gates_ingest", null),
        ["owner"] = ("", null),
    };

    private static string Review(JsonObject overrideEvent, string reviewer = "", string persona = "") =>
        reviewer.Length == 0
            ? $"insert into ops.override_reviews (override_key, verdict, note) values ('{Events.Key(overrideEvent)}', 'upheld', 'ok')"
            : $"insert into ops.override_reviews (override_key, verdict, reviewer, reviewer_persona) values ('{Events.Key(overrideEvent)}', 'upheld', '{reviewer}', '{persona}')";

    /// <summary>What is tried.</summary>
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["read own repository"] = $"select count(*) from ops.gate_events where repository = '{MatrixDatabase.Mine}'",
        ["read other repository"] = $"select count(*) from ops.gate_events where repository = '{MatrixDatabase.Other}'",
        ["read latest_decisions"] = "select count(*) from ops.latest_decisions",
        ["read override_ledger"] = "select count(*) from ops.override_ledger",
        ["read release_timeline"] = "select count(*) from ops.release_timeline",
        ["insert event directly"] = $"insert into ops.gate_events (schema_version, idempotency_key, event_type, occurred_at, repository, sha, target, gate, outcome, event) values (1, 'forgedforgedforged', 'gate.evaluated', now(), '{MatrixDatabase.Mine}', '{Events.Sha}', 'production', 'G4', 'passed', '{{}}')",
        ["ingest"] = $"select (ops.ingest_gate_events('[{Events.Evaluated("G1", "passed", runId: 999).ToJsonString()}]'::jsonb) ->> 'inserted')::bigint",
        ["update event"] = "update ops.gate_events set outcome = 'passed'",
        ["delete event"] = "delete from ops.gate_events",
        ["truncate events"] = "truncate ops.gate_events cascade",
        ["review G2 override"] = Review(MatrixDatabase.G2),
        ["review G4 override"] = Review(MatrixDatabase.G4),
        ["review refused G3 override"] = Review(MatrixDatabase.G3Refused),
        ["review other repository's G2 override"] = Review(MatrixDatabase.OtherG2),
        ["review G2 in another's name"] = Review(MatrixDatabase.G2, "someone-else", "release_manager"),
        ["read reviews"] = "select count(*) from ops.override_reviews",
        ["update review"] = "update ops.override_reviews set verdict = 'questioned'",
    };

    /// <summary>The matrix: caller, action, expected (<c>rows N</c>, <c>denied</c>, <c>append-only</c>).</summary>
    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        string[] people = ["developer", "qa_tester", "release_manager", "release_manager alice (applied G2, confirmed G4)", "sre", "sre bob (applied G4)", "sre alice (confirmed G4)"];
        foreach (var person in people)
        {
            // Transparency: every persona reads every gate of its repositories, and nothing of others.
            data.Add(person, "read own repository", "rows 4");
            data.Add(person, "read other repository", "rows 0");
            data.Add(person, "read latest_decisions", "rows 1");
            data.Add(person, "read override_ledger", "rows 3");
            data.Add(person, "read release_timeline", "rows 2");
            data.Add(person, "read reviews", "rows 0");
            data.Add(person, "insert event directly", "denied");
            data.Add(person, "ingest", "denied");
            data.Add(person, "update event", "denied");
            data.Add(person, "delete event", "denied");
            data.Add(person, "truncate events", "denied");
            data.Add(person, "review refused G3 override", "denied");
            data.Add(person, "review other repository's G2 override", "denied");
            data.Add(person, "review G2 in another's name", "denied");
            data.Add(person, "update review", "denied");
        }

        // Separation of duties: release managers review G1-G3, SREs G4, never their own (applied or confirmed).
        data.Add("developer", "review G2 override", "denied");
        data.Add("developer", "review G4 override", "denied");
        data.Add("qa_tester", "review G2 override", "denied");
        data.Add("qa_tester", "review G4 override", "denied");
        data.Add("release_manager", "review G2 override", "rows 1");
        data.Add("release_manager", "review G4 override", "denied");
        data.Add("release_manager alice (applied G2, confirmed G4)", "review G2 override", "denied");
        data.Add("release_manager alice (applied G2, confirmed G4)", "review G4 override", "denied");
        data.Add("sre", "review G2 override", "denied");
        data.Add("sre", "review G4 override", "rows 1");
        data.Add("sre bob (applied G4)", "review G4 override", "denied");
        data.Add("sre alice (confirmed G4)", "review G4 override", "denied");

        data.Add("release_manager of both", "read own repository", "rows 4");
        data.Add("release_manager of both", "read other repository", "rows 1");
        data.Add("release_manager of both", "review other repository's G2 override", "rows 1");

        foreach (var nobody in new[] { "authenticated, no persona", "authenticated, no repositories", "authenticated, no claims" })
        {
            data.Add(nobody, "read own repository", "rows 0");
            data.Add(nobody, "read override_ledger", "rows 0");
            data.Add(nobody, "review G2 override", "denied");
            data.Add(nobody, "ingest", "denied");
        }

        foreach (var action in new[] { "read own repository", "read other repository", "read latest_decisions", "read override_ledger", "read release_timeline", "read reviews", "insert event directly", "ingest", "update event", "delete event", "review G2 override" })
        {
            data.Add("anon", action, "denied");
        }

        // The action's role: execute the ingest function, nothing else.
        data.Add("odoo_gates_ingest", "ingest", "rows 1");
        foreach (var action in new[] { "read own repository", "read latest_decisions", "read override_ledger", "read reviews", "insert event directly", "update event", "delete event", "truncate events", "review G2 override" })
        {
            data.Add("odoo_gates_ingest", action, "denied");
        }

        // Supabase's backend role: reads everything, ingests, and still changes nothing.
        data.Add("service_role", "read own repository", "rows 4");
        data.Add("service_role", "read other repository", "rows 1");
        data.Add("service_role", "read override_ledger", "rows 4");
        data.Add("service_role", "ingest", "rows 1");
        data.Add("service_role", "insert event directly", "denied");
        data.Add("service_role", "update event", "denied");
        data.Add("service_role", "delete event", "denied");
        data.Add("service_role", "review G2 override", "denied");

        // The owner holds every privilege, and the trigger still refuses changes.
        data.Add("owner", "update event", "append-only");
        data.Add("owner", "delete event", "append-only");
        data.Add("owner", "truncate events", "append-only");
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Cell(string caller, string action, string expected)
    {
        var (role, claims) = Callers[caller];
        var outcome = await TryAsync(role, claims, Actions[action]);
        Assert.True(expected == outcome, $"{caller} / {action}: expected {expected}, got {outcome}");
    }

    [Fact]
    public async Task OwnerUpdateOfAReview_IsRefusedByTheTrigger()
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, transaction, "set local role authenticated");
        await Execute(connection, transaction, $"select set_config('request.jwt.claims', '{Claims("release_manager", "rm-carol", MatrixDatabase.Mine)}', true)");
        await Execute(connection, transaction, Review(MatrixDatabase.G2));
        await Execute(connection, transaction, "reset role");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, transaction, "update ops.override_reviews set verdict = 'questioned'"));
        Assert.Contains("ops.override_reviews is append-only: update is not allowed", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_RecordsTheReviewerFromTheClaims()
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, transaction, "set local role authenticated");
        await Execute(connection, transaction, $"select set_config('request.jwt.claims', '{Claims("release_manager", "RM-Carol", MatrixDatabase.Mine)}', true)");
        await using var command = new NpgsqlCommand(Review(MatrixDatabase.G2) + " returning reviewer || ' ' || reviewer_persona", connection, transaction);

        Assert.Equal("rm-carol release_manager", await command.ExecuteScalarAsync());
        await using var ledger = new NpgsqlCommand($"select reviews from ops.override_ledger where idempotency_key = '{Events.Key(MatrixDatabase.G2)}'", connection, transaction);
        Assert.Equal(1L, await ledger.ExecuteScalarAsync());
    }

    private static string Claims(string persona, string login, params string[] repositories) =>
        new JsonObject { ["persona"] = persona, ["login"] = login, ["repositories"] = new JsonArray([.. repositories.Select(r => (JsonNode)JsonValue.Create(r)!)]) }.ToJsonString();

    /// <summary>Runs <paramref name="sql"/> as <paramref name="role"/> with <paramref name="claims"/>; rolls back.</summary>
    private async Task<string> TryAsync(string role, string? claims, string sql)
    {
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (role.Length > 0)
        {
            await Execute(connection, transaction, $"set local role {role}");
        }

        if (claims is not null)
        {
            await using var set = new NpgsqlCommand("select set_config('request.jwt.claims', $1, true)", connection, transaction);
            set.Parameters.Add(new NpgsqlParameter { Value = claims });
            await set.ExecuteNonQueryAsync();
        }

        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            if (sql.StartsWith("select", StringComparison.Ordinal))
            {
                return $"rows {await command.ExecuteScalarAsync()}";
            }

            return $"rows {await command.ExecuteNonQueryAsync()}";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return ex.MessageText.Contains("append-only", StringComparison.Ordinal) ? "append-only" : "denied";
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
