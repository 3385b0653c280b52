using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OdooGateAction.ControlPlane;
using OdooGateAction.Core.Audit;
using OdooGateAction.TestPostgres;

// Figures only. A fresh database (migrated) on the server of ODOO_GATES_TEST_PG, dropped at the end.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var backfill = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
await using var database = await TestDatabase.CreateAsync("bench");
var connection = ControlPlaneConnection.Parse(database.ConnectionString, "bench");
var options = new ControlPlaneOptions();

// One run's events: production, four gates evaluated and one honoured override (the largest common run).
string[] gates = ["G1", "G2", "G3", "G4"];
List<string> RunEvents(long runId) =>
[
    .. gates.Select(g => Event(AuditEvents.GateEvaluated, g, g == "G2" ? "overridden" : "passed", runId, null)),
    Event(AuditEvents.OverrideHonoured, "G2", "honoured", runId, runId),
];

string Event(string type, string gate, string outcome, long runId, long? label)
{
    var sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    return new JsonObject
    {
        ["schema_version"] = 1,
        ["idempotency_key"] = AuditEvents.IdempotencyKey(type, "acme/odoo", sha, "production", gate, outcome, label, runId, 1),
        ["event_type"] = type, ["occurred_at"] = "2026-11-18T10:00:00Z", ["repository"] = "acme/odoo", ["sha"] = sha, ["pull_request"] = 42,
        ["target"] = "production", ["gate"] = gate, ["outcome"] = outcome, ["decision"] = "allow",
        ["actor"] = label is null ? null : "rel-mgr-alice", ["persona"] = label is null ? null : "release_manager",
        ["reason"] = label is null ? null : "OPS-1234 upgrade script verified by hand", ["code"] = label is null ? null : "override_honoured",
        ["evidence"] = new JsonArray(new JsonObject { ["check"] = "upgrade-from-previous", ["conclusion"] = "failure", ["url"] = "https://github.com/acme/odoo/actions/runs/1" }),
        ["config_ref"] = "main", ["config_sha"] = "0f3a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a", ["run_id"] = runId, ["run_attempt"] = 1,
    }.ToJsonString();
}

async Task<(double Ms, IngestResult Result)> TimeAsync(IReadOnlyList<string> events)
{
    var clock = Stopwatch.StartNew();
    await using var client = new ControlPlaneClient(connection, options); // as the action: a client (and connection) per run
    var result = await client.IngestAsync(events, CancellationToken.None);
    return (clock.Elapsed.TotalMilliseconds, result);
}

await TimeAsync(RunEvents(1)); // warm-up (JIT, the server's caches)
var fresh = new List<double>();
var again = new List<double>();
for (var i = 0; i < runs; i++)
{
    var events = RunEvents(1000 + i);
    fresh.Add((await TimeAsync(events)).Ms);
    again.Add((await TimeAsync(events)).Ms); // the re-run of the same attempt: all duplicates
}

static string Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Count / 2]:0.0} ms, p90 {sorted[(int)(sorted.Count * 0.9)]:0.0} ms, max {sorted[^1]:0.0} ms");
}

Console.WriteLine($"one run's events (5: 4 gate.evaluated + 1 override), {runs} runs, new connection each: {Median(fresh)}");
Console.WriteLine($"the same run re-sent (5 duplicates): {Median(again)}");

var lines = Enumerable.Range(0, backfill).Select(i => Event(AuditEvents.GateEvaluated, "G" + (1 + (i % 4)), "passed", 100_000 + (i / 4), null)).ToList();
var bytes = lines.Sum(l => l.Length + 1);
var (firstMs, first) = await TimeAsync(lines);
var (secondMs, second) = await TimeAsync(lines);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"backfill of {backfill:N0} events ({bytes / 1024.0 / 1024.0:0.0} MiB, calls of {ControlPlaneClient.BatchSize:N0}): {firstMs:0} ms ({first.Inserted:N0} inserted, {backfill / (firstMs / 1000):N0} events/s); again: {secondMs:0} ms ({second.Duplicates:N0} duplicates)"));
