using OdooGateAction.Core;
using OdooGateAction.Runtime;
using static OdooGateAction.Tests.Runtime.RuntimeFixtures;

namespace OdooGateAction.Tests.Runtime;

public sealed class ActionSettingsTests
{
    [Fact]
    public void Read_OnlyToken_AppliesContractDefaults()
    {
        var settings = ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_abc"), ("RUNNER_TEMP", "/runner/tmp"), ("GITHUB_WORKSPACE", "/github/workspace")));

        Assert.Equal(
            new ActionSettings("ghs_abc", null, null, "gates", null, null, TimeSpan.Zero, TimeSpan.FromSeconds(15), Comment: true, CheckRuns: true, DryRun: false, "/github/workspace/.odoo-gates/audit.jsonl"),
            settings);
    }

    [Fact]
    public void Read_NoWorkspace_AuditLogUnderTheCurrentDirectory() =>
        Assert.Equal(
            Path.Combine(Directory.GetCurrentDirectory(), ".odoo-gates", "audit.jsonl"),
            ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_abc"), ("RUNNER_TEMP", "/runner/tmp"))).AuditLogPath);

    [Theory]
    [InlineData("out/audit.jsonl", "/github/workspace/out/audit.jsonl")]
    [InlineData("/var/log/gates.jsonl", "/var/log/gates.jsonl")]
    public void Read_AuditLogInput_RelativeToTheWorkspace(string input, string expected) =>
        Assert.Equal(
            expected,
            ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_abc"), ("INPUT_AUDIT-LOG", input), ("GITHUB_WORKSPACE", "/github/workspace"))).AuditLogPath);

    [Fact]
    public void Read_EveryInputSet_ReadsEach()
    {
        var settings = ActionSettings.Read(Environment(
            ("INPUT_GITHUB-TOKEN", "ghs_abc"),
            ("INPUT_ORG-TOKEN", "ghp_org"),
            ("INPUT_TARGET", "production"),
            ("INPUT_CONFIG", "ci/gates"),
            ("INPUT_SHA", "ec26c3e57ca3a959ca5aad62de7213c562f8c821"),
            ("INPUT_PULL-REQUEST", "1347"),
            ("INPUT_WAIT-TIMEOUT", "15m"),
            ("INPUT_POLL-INTERVAL", "30s"),
            ("INPUT_COMMENT", "false"),
            ("INPUT_CHECK-RUNS", "FALSE"),
            ("INPUT_DRY-RUN", "True"),
            ("INPUT_AUDIT-LOG", "out/audit.jsonl"),
            ("GITHUB_WORKSPACE", "/github/workspace")));

        Assert.Equal(
            new ActionSettings("ghs_abc", "ghp_org", "production", "ci/gates", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", 1347, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), false, false, true, "/github/workspace/out/audit.jsonl"),
            settings);
    }

    [Theory]
    [InlineData("INPUT_GITHUB-TOKEN", "", "'github-token'")]
    [InlineData("INPUT_COMMENT", "yes", "'comment'")]
    [InlineData("INPUT_CHECK-RUNS", "1", "'check-runs'")]
    [InlineData("INPUT_DRY-RUN", "on", "'dry-run'")]
    [InlineData("INPUT_WAIT-TIMEOUT", "soon", "'wait-timeout'")]
    [InlineData("INPUT_POLL-INTERVAL", "0", "'poll-interval'")]
    [InlineData("INPUT_PULL-REQUEST", "abc", "'pull-request'")]
    [InlineData("INPUT_SHA", "HEAD", "'sha'")]
    public void Read_BadInput_ThrowsNamingIt(string variable, string value, string named)
    {
        var variables = new Dictionary<string, string?> { ["INPUT_GITHUB-TOKEN"] = "ghs_abc", [variable] = value };

        var ex = Assert.Throws<InputException>(() => ActionSettings.Read(Environment(variables)));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithTokens_NeverShowsThem()
    {
        var settings = ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_secret1"), ("INPUT_ORG-TOKEN", "ghp_secret2")));

        var text = settings.ToString();

        Assert.DoesNotContain("ghs_secret1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_secret2", text, StringComparison.Ordinal);
        Assert.Contains("GitHubToken = ***", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ghp_org", new[] { "ghs_abc", "ghp_org" })]
    [InlineData("", new[] { "ghs_abc" })]
    [InlineData("ghs_abc", new[] { "ghs_abc" })]
    public void Secrets_Tokens_AreNonEmptyAndDistinct(string orgToken, string[] expected)
    {
        var settings = ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_abc"), ("INPUT_ORG-TOKEN", orgToken)));

        Assert.Equal(expected, settings.Secrets);
    }

    [Theory]
    [InlineData("INPUT_GITHUB-TOKEN", "ghs_abc\ndef", "input 'github-token' holds a line break inside the token; a token is one line of printable ASCII")]
    [InlineData("INPUT_GITHUB-TOKEN", "ghs_abc\rdef", "input 'github-token' holds a line break inside the token")]
    [InlineData("INPUT_GITHUB-TOKEN", "ghs_abc\u2019def", "input 'github-token' holds a character that is not printable ASCII (position 8)")]
    [InlineData("INPUT_ORG-TOKEN", "ghp_abc\u00a0def", "input 'org-token' holds a character that is not printable ASCII (position 8)")]
    public void Read_TokenWithLineBreakOrNonAscii_RefusedNamingTheInputNotTheToken(string variable, string escaped, string message)
    {
        var token = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var environment = variable == "INPUT_GITHUB-TOKEN"
            ? Environment((variable, token))
            : Environment(("INPUT_GITHUB-TOKEN", "ghs_ok"), (variable, token));

        var ex = Assert.Throws<InputException>(() => ActionSettings.Read(environment));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InputLongerThanTheLimit_RefusedWithItsLengthNotItsValue()
    {
        var ex = Assert.Throws<InputException>(() => ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_ok"), ("INPUT_TARGET", new string('t', 5000)))));

        Assert.Equal("input 'target' is 5,000 characters long; an input may hold at most 4,096 (check what the workflow passes under 'with:')", ex.Message);
    }

    [Fact]
    public void Read_LongBadValue_QuotedByAShortExcerpt()
    {
        var ex = Assert.Throws<InputException>(() => ActionSettings.Read(Environment(("INPUT_GITHUB-TOKEN", "ghs_ok"), ("INPUT_COMMENT", "yes" + new string('s', 3000)))));

        Assert.StartsWith($"input 'comment' is 'yes{new string('s', 77)}…', which is not a boolean", ex.Message, StringComparison.Ordinal);
    }
}
