using System.Text.Json;
using OdooGateAction.Commands;
using OdooGateAction.Core.Audit;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests.Audit;

public sealed class AuditEventsTests
{
    private const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);
    private static readonly AuditContext Run1 = new("acme/odoo-addons", 7100001, 1);

    private static OverrideDecision Decision(OverrideOutcome outcome, string code) =>
        new(42, "G2", "gate-override:G2", 6_000_000_001, "rel-mgr-alice", Now.AddHours(-1), outcome, code, new OverrideFindings("staging", Now))
        {
            Reason = "OPS-1234 <!-- odoo-gates:merge --> @acme/odoo-sre",
            ActorPersonas = ["release_manager"],
            ExpiresAt = Now.AddHours(71),
        };

    private static EvaluationReport Report(GateStatus g2, params OverrideDecision[] overrides)
    {
        var match = new MatchedResult("check", "upgrade-from-previous", "github-actions", "failure", CheckOutcome.Failed, "https://github.com/acme/odoo-addons/runs/5", 5);
        var check = new CheckReport("check", "upgrade-from-previous", "upgrade-test", "github-actions", 1, true, CheckOutcome.Failed, ReasonCodes.CheckFailed, "failure", [match]);
        return new EvaluationReport("staging", g2 == GateStatus.Failed ? Core.Evaluation.Decision.Block : Core.Evaluation.Decision.Allow, Now, Sha,
            [
                new GateReport("G1", "Build", "developer", true, GateStatus.Passed, []),
                new GateReport("G2", "QA", "qa_tester", true, g2, [check]) { Override = overrides.FirstOrDefault(o => o.Outcome == OverrideOutcome.Honoured) },
                new GateReport("G3", "Release", "release_manager", false, GateStatus.NotRequired, []),
            ],
            [], [])
        {
            PullRequest = 42,
            Overrides = overrides,
        };
    }

    [Fact]
    public void Render_PlainEvaluation_OneGateEvaluatedPerRequiredGate()
    {
        var lines = AuditEvents.Render(Report(GateStatus.Failed), Run1);

        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["G1:passed", "G2:failed"], events.Select(e => $"{e.GetProperty("gate").GetString()}:{e.GetProperty("outcome").GetString()}").ToArray());
        Assert.All(events, e => Assert.Equal(AuditEvents.GateEvaluated, e.GetProperty("event_type").GetString()));
        Assert.Equal("upgrade-from-previous", events[1].GetProperty("evidence")[0].GetProperty("check").GetString());
    }

    [Fact]
    public void Render_OverrideDecisions_AddHonouredAndRefusedEvents()
    {
        var honoured = Decision(OverrideOutcome.Honoured, OverrideCodes.Honoured);
        var refused = Decision(OverrideOutcome.Refused, OverrideCodes.NotAuthorized) with { Gate = "G1", LabelEventId = 6_000_000_002 };

        var events = AuditEvents.Render(Report(GateStatus.Overridden, honoured, refused), Run1).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal([AuditEvents.GateEvaluated, AuditEvents.GateEvaluated, AuditEvents.OverrideHonoured, AuditEvents.OverrideRefused],
            events.Select(e => e.GetProperty("event_type").GetString()!).ToArray());
        Assert.Equal(("rel-mgr-alice", "release_manager", "overridden"), (events[1].GetProperty("actor").GetString(), events[1].GetProperty("persona").GetString(), events[1].GetProperty("outcome").GetString()));
        Assert.Equal(OverrideCodes.NotAuthorized, events[3].GetProperty("code").GetString());
        Assert.Equal("OPS-1234 <!-- odoo-gates:merge --> @acme/odoo-sre", events[2].GetProperty("reason").GetString());
    }

    [Fact]
    public void Render_EveryLine_ConformsToTheDocumentedSchema()
    {
        var schema = JsonSchemas.Load(Path("docs", "audit-event.schema.json"));
        var lines = AuditEvents.Render(Report(GateStatus.Overridden, Decision(OverrideOutcome.Honoured, OverrideCodes.Honoured), Decision(OverrideOutcome.Refused, OverrideCodes.Stale) with { LabelEventId = 2 }), Run1);

        foreach (var line in lines)
        {
            Assert.DoesNotContain('\n', line);
            using var document = JsonDocument.Parse(line);
            Assert.Empty(JsonSchemas.Validate(schema, document.RootElement));
        }
    }

    [Fact]
    public void IdempotencyKeys_SameDecisionSameAttempt_AreEqualAcrossRenders()
    {
        var first = Keys(AuditEvents.Render(Report(GateStatus.Failed), Run1));
        var again = Keys(AuditEvents.Render(Report(GateStatus.Failed) with { EvaluatedAt = Now.AddMinutes(3) }, Run1));

        Assert.Equal(first, again);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void IdempotencyKeys_OtherOutcomeOrAttempt_Differ()
    {
        var first = Keys(AuditEvents.Render(Report(GateStatus.Failed), Run1));
        var otherOutcome = Keys(AuditEvents.Render(Report(GateStatus.Passed), Run1));
        var otherAttempt = Keys(AuditEvents.Render(Report(GateStatus.Failed), Run1 with { RunAttempt = 2 }));

        Assert.Equal(first[0], otherOutcome[0]);          // G1 passed in both
        Assert.NotEqual(first[1], otherOutcome[1]);       // G2 failed vs passed
        Assert.Empty(first.Intersect(otherAttempt));
    }

    [Fact]
    public void AppendToFile_SameEventsTwice_WritesThemOnce()
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-audit-").FullName, "nested", "audit.jsonl");
        var lines = AuditEvents.Render(Report(GateStatus.Failed), Run1);

        var first = AuditLogFile.Append(path, lines);
        var second = AuditLogFile.Append(path, lines);
        var third = AuditLogFile.Append(path, AuditEvents.Render(Report(GateStatus.Failed), Run1 with { RunAttempt = 2 }));

        Assert.Equal((2, 0, 2), (first, second, third));
        Assert.Equal(4, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void AppendToFile_FileWithoutFinalLineBreakAndUnreadableLines_StartsOnANewLineAndSkipsThem()
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-audit-").FullName, "audit.jsonl");
        var lines = AuditEvents.Render(Report(GateStatus.Failed), Run1);
        var before = "not json at all\n"
            + "[1, 2, 3]\n"
            + "{ \"idempotency_key\": 42 }\n"
            + "\"just a string\"\n"
            + lines[0] + "\n"
            + "{ \"idempotency_key\": \"someone-else\", \"note\": \"no line break after me\" }";
        File.WriteAllBytes(path, [.. System.Text.Encoding.UTF8.GetBytes(before[..16]), 0xFF, 0xFE, (byte)'\n', .. System.Text.Encoding.UTF8.GetBytes(before[16..])]);

        var appended = AuditLogFile.Append(path, lines);

        Assert.Equal(1, appended); // lines[0] is there already; lines[1] is new
        var after = File.ReadAllLines(path);
        Assert.Equal("{ \"idempotency_key\": \"someone-else\", \"note\": \"no line break after me\" }", after[^2]);
        Assert.Equal(lines[1], after[^1]);
        Assert.EndsWith("\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void AppendToFile_LogLargerThanTheTailRead_StillAppendsOnce()
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("odoo-gates-audit-").FullName, "audit.jsonl");
        var lines = AuditEvents.Render(Report(GateStatus.Failed), Run1);
        SpecialFiles.Sparse(path, Core.InputLimits.Default.AuditLogTailBytes + 10L); // zeros: one long line that is not ours

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = AuditLogFile.Append(path, lines);
        var second = AuditLogFile.Append(path, lines);

        Assert.Equal((2, 0), (first, second));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private static List<string> Keys(IReadOnlyList<string> lines) =>
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("idempotency_key").GetString()!).ToList();
}
