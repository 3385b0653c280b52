using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OdooGateAction.Core.Audit;
using OdooGateAction.Runtime;
using OdooGateAction.TestPostgres;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>A fresh database per test class, migrated; dropped after the class.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("the database is not created yet");

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(GetType().Name);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>Audit events as the action writes them (docs/audit-events.md), with real idempotency keys.</summary>
internal static class Events
{
    public const string Repository = "acme/odoo";
    public const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    public const string PolicySha = "0f3a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";

    public static DateTimeOffset At { get; } = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    public static JsonObject Evaluated(string gate, string outcome, string decision = "allow", string target = "staging", long runId = 7100001, int attempt = 1,
        string sha = Sha, string repository = Repository, DateTimeOffset? at = null, string? actor = null, string? persona = null, string? reason = null) =>
        Event(AuditEvents.GateEvaluated, gate, outcome, decision, target, runId, attempt, sha, repository, at, labelEventId: null, e =>
        {
            e["actor"] = actor;
            e["persona"] = persona;
            e["reason"] = reason;
            e["code"] = null;
        });

    public static JsonObject Override(string gate, bool honoured, string actor, string persona, string reason, long labelEventId, string target = "staging",
        long runId = 7100001, int attempt = 1, string sha = Sha, string repository = Repository, DateTimeOffset? at = null, string[]? confirmers = null,
        DateTimeOffset? until = null, string decision = "allow") =>
        Event(honoured ? AuditEvents.OverrideHonoured : AuditEvents.OverrideRefused, gate, honoured ? "honoured" : "refused", decision, target, runId, attempt, sha, repository, at, labelEventId, e =>
        {
            e["actor"] = actor;
            e["persona"] = persona;
            e["reason"] = reason;
            e["code"] = honoured ? "override_honoured" : "override_not_authorized";
            e["message"] = honoured ? $"override of {gate} honoured" : $"override of {gate} refused";
            e["pull_request_of_label"] = 42;
            e["label_event_id"] = labelEventId;
            e["expires_at"] = (until ?? At.AddHours(72)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            e["confirmers"] = new JsonArray([.. (confirmers ?? []).Select(c => (JsonNode)JsonValue.Create(c)!)]);
        });

    public static string Key(JsonObject e) => e["idempotency_key"]!.GetValue<string>();

    public static IReadOnlyList<string> Lines(params JsonObject[] events) => [.. events.Select(e => e.ToJsonString())];

    private static JsonObject Event(string type, string gate, string outcome, string decision, string target, long runId, int attempt, string sha, string repository,
        DateTimeOffset? at, long? labelEventId, Action<JsonObject> details)
    {
        var e = new JsonObject
        {
            ["schema_version"] = AuditEvents.SchemaVersion,
            ["idempotency_key"] = AuditEvents.IdempotencyKey(type, repository, sha, target, gate, outcome, labelEventId, runId, attempt),
            ["event_type"] = type,
            ["occurred_at"] = (at ?? At).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["repository"] = repository,
            ["sha"] = sha,
            ["pull_request"] = 42,
            ["target"] = target,
            ["gate"] = gate,
            ["outcome"] = outcome,
            ["decision"] = decision,
        };
        details(e);
        e["evidence"] = new JsonArray(new JsonObject { ["check"] = "upgrade-from-previous", ["conclusion"] = "failure", ["url"] = "https://github.com/acme/odoo/actions/runs/1" });
        e["config_ref"] = "main";
        e["config_sha"] = PolicySha;
        e["run_id"] = runId;
        e["run_attempt"] = attempt;
        return e;
    }
}

/// <summary>The CLI in-process, with captured output and the variables it sees.</summary>
internal static class Cli
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var services = new ServiceCollection()
            .AddOdooGateAction(new OutputSink(stdout, stderr), new FakeTimeProvider(Events.At), new DictionaryActionEnvironment(environment))
            .BuildServiceProvider();
        await using (services)
        {
            var code = await services.GetRequiredService<CliApplication>().RunAsync(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
    }
}

/// <summary>Owner-side helpers on a test database.</summary>
internal static class Sql
{
    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A connection string for the control-plane client: the owner's, on this database.</summary>
    public static ControlPlaneConnection Connection(TestDatabase database) => ControlPlaneConnection.Parse(database.ConnectionString, "the test database");

    /// <summary>No waiting between attempts in tests.</summary>
    public static ControlPlaneOptions FastRetries { get; } = new() { BaseDelay = TimeSpan.FromMilliseconds(1) };
}
