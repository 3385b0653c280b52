using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evidence;

namespace OdooGateAction.Core.Tests;

/// <summary>Small in-memory configurations and evidence for evaluator rule tests.</summary>
internal static class TestConfig
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";

    public static readonly DateTimeOffset Base = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero); // a Wednesday

    private const string Gates = """
        version: 1
        gates:
          G1: { name: Build & static quality, owner: developer }
          G2: { name: Functional & upgrade QA, owner: qa_tester }
        """;

    private const string Personas = """
        version: 1
        domains: [testing]
        personas:
          developer: { name: Developer, expertise: [testing] }
          qa_tester: { name: QA, expertise: [testing] }
          release_manager: { name: Release manager, expertise: [testing], may_override: [G1, G2] }
        """;

    private const string DefaultTargets = """
        version: 1
        targets:
          merge: { gates: [G1] }
          production: { gates: [G1, G2] }
        """;

    /// <summary>A configuration whose G1 checks are <paramref name="g1"/> (YAML list items), G2 has 'upgrade'.</summary>
    public static GateConfiguration With(string g1, string? defaults = null, string? environments = null, string g2 = "- check: upgrade")
    {
        var mapping = $"""
            version: 1
            {(defaults is null ? string.Empty : "defaults: " + defaults)}
            gates:
              G1:
            {Indent(g1, 4)}
              G2:
            {Indent(g2, 4)}
            """;
        var result = ConfigLoader.Load(
        [
            new ConfigSource("gates.yaml", "t/gates.yaml", Gates),
            new ConfigSource("ci_gate_mapping.yaml", "t/ci_gate_mapping.yaml", mapping),
            new ConfigSource("environments.yaml", "t/environments.yaml", environments ?? DefaultTargets),
            new ConfigSource("personas.yaml", "t/personas.yaml", Personas),
            new ConfigSource("overrides.yaml", "t/overrides.yaml", "version: 1\n"),
        ]);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Configuration!;
    }

    public static CheckRunResult Run(string name, string? conclusion, int minute, long id, string app = "github-actions", string status = "completed") =>
        new(id, name, app, status, conclusion, Base.AddMinutes(minute), status == "completed" ? Base.AddMinutes(minute + 5) : null, $"https://github.com/acme/odoo/runs/{id}");

    public static CommitStatusResult Status(string context, string state, int minute, long id, string creator = "codecov[bot]") =>
        new(id, context, state, Base.AddMinutes(minute), Base.AddMinutes(minute), null, null, creator);

    public static EvidenceSnapshot Snapshot(params CheckRunResult[] runs) => new(Sha, runs, []);

    public static EvidenceSnapshot Snapshot(CheckRunResult[] runs, CommitStatusResult[] statuses) => new(Sha, runs, statuses);

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Split('\n').Select(l => pad + l.TrimStart()));
    }
}
