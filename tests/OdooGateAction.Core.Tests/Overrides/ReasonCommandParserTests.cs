using OdooGateAction.Core.Overrides;

namespace OdooGateAction.Core.Tests.Overrides;

public sealed class ReasonCommandParserTests
{
    /// <summary>Rows: comment body, expected gate and reason (null gate: not a command).</summary>
    public static TheoryData<string, string?, string?> Bodies => new()
    {
        { "/gate-override G2: upgrade test flaky, OPS-412", "G2", "upgrade test flaky, OPS-412" },
        { "/gate-override G2:   spaced reason   ", "G2", "spaced reason" },
        { "/gate-override G2:no space after the colon", "G2", "no space after the colon" },
        { "/gate-override G2 : space before the colon", "G2", "space before the colon" },
        { "/gate-override G2 no colon at all", "G2", "no colon at all" },
        { "/gate-override G2:", "G2", "" },
        { "/gate-override G2", "G2", "" },
        { "/GATE-OVERRIDE g2: the command ignores case", "g2", "the command ignores case" },
        { "Context first.\r\n\r\n/gate-override G4: backup verified by hand\r\nthanks", "G4", "backup verified by hand" },
        { "/gate-override G1: first\n/gate-override G2: second", "G1", "first" },
        { "/gate-override\n/gate-override G3: the first line with a gate", "G3", "the first line with a gate" },
        { "   /gate-override G2: three spaces of indentation", "G2", "three spaces of indentation" },
        { "    /gate-override G2: four spaces is a code block", null, null },
        { "> /gate-override G2: a quote is not a command", null, null },
        { "```\n/gate-override G2: inside a fence\n```", null, null },
        { "~~~\n/gate-override G2: inside a tilde fence\n~~~\n/gate-override G3: after it", "G3", "after it" },
        { "please /gate-override G2: not at the line start", null, null },
        { "/gate-overrides G2: another command", null, null },
        { "/gate-override", null, null },
        { "/gate-override   ", null, null },
        { "/gate-override :no gate", null, null },
        { "", null, null },
        { "/gate-override G2: a\rcarriage return ends the line", "G2", "a" },
        { "/gate-override G2: <!-- odoo-gates:merge --> @acme/odoo-sre | [x](https://evil)", "G2", "<!-- odoo-gates:merge --> @acme/odoo-sre | [x](https://evil)" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TryParse_Body_GivesGateAndReason(string body, string? gate, string? reason)
    {
        var parsed = ReasonCommandParser.TryParse(body, "/gate-override", out var parsedGate, out var parsedReason);

        Assert.Equal(gate is not null, parsed);
        Assert.Equal(gate ?? string.Empty, parsedGate);
        Assert.Equal(reason ?? string.Empty, parsedReason);
    }

    [Fact]
    public void TryParse_ConfiguredCommand_IsTheOneRead()
    {
        Assert.True(ReasonCommandParser.TryParse("/override G2: why", "/override", out var gate, out var reason));
        Assert.Equal(("G2", "why"), (gate, reason));
        Assert.False(ReasonCommandParser.TryParse("/gate-override G2: why", "/override", out _, out _));
    }
}
