using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>An override label for a gate the evaluated target does not require is reported, never silently ignored.</summary>
public sealed class UnrequiredOverrideLabelTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Action_G2LabelOnAMergeEvaluation_NoticeAndSummaryNameTheTargetsThatConsiderIt()
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log, target: "merge");
        s.AddEvidence();
        s.Push(2);
        s.Label("G2", OverrideScenario.ReleaseManager, 1);
        s.Reason(OverrideScenario.ReleaseManager, "G2", "OPS-77 upgrade checked by hand", 0.9);

        var result = await s.Run.RunAsync();

        const string notice = "G2 is not required for merge; the label gate-override:G2 on PR #2 is not decided here: it is considered for staging, production.";
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.Commands("notice"), n => n.EndsWith("::" + notice, StringComparison.Ordinal));
        Assert.Contains(notice, System.Net.WebUtility.HtmlDecode(result.Summary), StringComparison.Ordinal);
        var label = Assert.Single(result.Report!["override_labels_not_required"]!.AsArray())!;
        Assert.Equal(("G2", "gate-override:G2"), (label["gate"]!.GetValue<string>(), label["label"]!.GetValue<string>()));
        Assert.Empty(OverrideScenario.OverrideEvents(result)); // not decided for merge: no override record
        Assert.Empty(s.OverrideComments());
    }

    [Fact]
    public async Task Action_NotOverridableOnProduction_RefusalSaysOnlyEvidenceCanPassIt()
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.Production(server, log, "workflow_dispatch");
        s.AddEvidence("pre-commit");
        s.Push(2);
        s.Label("G1", OverrideScenario.ReleaseManager, 1);
        s.Reason(OverrideScenario.ReleaseManager, "G1", "OPS-78 lint only", 0.9);

        var result = await s.Run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        var comment = Assert.Single(s.OverrideComments());
        Assert.Contains("it may not be overridden for <code>production</code>, so only its own evidence can pass it", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("needs its evidence or a valid override", comment.Body, StringComparison.Ordinal);
    }
}
