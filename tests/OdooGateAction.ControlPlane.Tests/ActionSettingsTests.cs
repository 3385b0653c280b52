using OdooGateAction.Core;
using OdooGateAction.Runtime;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>The inputs <c>control-plane</c> and <c>control-plane-required</c>: read once, masked first, never printed.</summary>
public sealed class ActionSettingsTests
{
    private const string Uri = "postgresql://gates_ci.proj:Pa%24%24-w0rd@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require";

    private static DictionaryActionEnvironment Environment(params (string Name, string? Value)[] variables) =>
        new([new("INPUT_GITHUB-TOKEN", "ghs_abc"), new("GITHUB_WORKSPACE", "/github/workspace"), .. variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value))]);

    [Fact]
    public void Read_ControlPlane_ParsedAndNotRequiredByDefault()
    {
        var settings = ActionSettings.Read(Environment(("INPUT_CONTROL-PLANE", Uri)));

        Assert.Equal("gates_ci.proj@aws-0-eu-central-1.pooler.supabase.com:6543/postgres", settings.ControlPlane!.Describe());
        Assert.Equal("Pa$$-w0rd", settings.ControlPlane.Password);
        Assert.False(settings.ControlPlaneRequired);
    }

    [Fact]
    public void Read_NoControlPlane_IsNone() =>
        Assert.Null(ActionSettings.Read(Environment()).ControlPlane);

    [Fact]
    public void ToString_WithAControlPlane_NeverShowsThePassword()
    {
        var text = ActionSettings.Read(Environment(("INPUT_CONTROL-PLANE", Uri), ("INPUT_CONTROL-PLANE-REQUIRED", "true"))).ToString();

        Assert.DoesNotContain("w0rd", text, StringComparison.Ordinal);
        Assert.Contains("ControlPlane = gates_ci.proj@aws-0-eu-central-1.pooler.supabase.com:6543/postgres, ControlPlaneRequired = True", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_MasksTheStringAndThePasswordBeforeAnythingElse()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var sink = new OutputSink(stdout, stderr);

        // No event payload: the start fails after the masks, as any later error would.
        Assert.Throws<InputException>(() => ActionRuntime.Start(Environment(("INPUT_CONTROL-PLANE", Uri), ("GITHUB_EVENT_NAME", "push")), sink));
        sink.Out.Line($"echo {Uri} and Pa$$-w0rd");

        var lines = stdout.ToString().Split('\n');
        Assert.Equal(["::add-mask::ghs_abc", "::add-mask::" + WorkflowCommands.EscapeData(Uri), "::add-mask::Pa$$-w0rd"], lines[..3]);
        Assert.Equal("echo *** and ***", lines[3]);
    }
}
