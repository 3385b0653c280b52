using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Runtime;

namespace OdooGateAction.Tests.Runtime;

public sealed class TargetResolverTests
{
    // As in the shipped gates/environments.yaml.
    private static readonly EventTargetRule[] Rules =
    [
        Rule("pull_request", "merge", 18),
        Rule("pull_request_target", "merge", 19),
        Rule("merge_group", "merge", 20),
        Rule("workflow_run", "merge", 21),
        Rule("deployment", "{environment}", 22),
        Rule("workflow_dispatch", "{input:target}", 23),
    ];

    [Theory]
    [InlineData("pull_request", null, null, "merge")]
    [InlineData("pull_request_target", null, null, "merge")]
    [InlineData("pull_request_review", null, null, "merge")] // no rule of its own: pull_request's
    [InlineData("merge_group", null, null, "merge")]
    [InlineData("workflow_run", null, null, "merge")]
    [InlineData("deployment", "production", null, "production")]
    [InlineData("deployment", "staging", null, "staging")]
    [InlineData("workflow_dispatch", null, "production", "production")]
    [InlineData("workflow_dispatch", null, " staging ", "staging")]
    public void Resolve_NoTargetInput_UsesEventRuleAndPlaceholders(string eventName, string? environment, string? dispatchTarget, string expected)
    {
        var context = Context(eventName, environment, dispatchTarget is null ? [] : new Dictionary<string, string> { ["target"] = dispatchTarget });

        Assert.Equal(expected, TargetResolver.Resolve(null, context, Rules));
    }

    [Theory]
    [InlineData("pull_request")]
    [InlineData("deployment")]
    [InlineData("workflow_dispatch")]
    [InlineData("push")]
    public void Resolve_TargetInput_WinsOverEveryRule(string eventName) =>
        Assert.Equal("staging", TargetResolver.Resolve(" staging ", Context(eventName, "production", new Dictionary<string, string> { ["target"] = "production" }), Rules));

    [Fact]
    public void Resolve_PullRequestReviewWithItsOwnRule_UsesItsOwn() =>
        Assert.Equal("staging", TargetResolver.Resolve(null, Context("pull_request_review", null, []), [.. Rules, Rule("pull_request_review", "staging", 24)]));

    [Fact]
    public void Resolve_SettingsAndShippedConfiguration_UsesItsEventsRules()
    {
        var loaded = OdooGateAction.Commands.DirectoryPolicySource.LoadFolder(Path.Combine(AppContext.BaseDirectory, "gates"));
        Assert.True(loaded.Succeeded);

        var target = TargetResolver.Resolve(RuntimeFixtures.Settings(), Context("deployment", "production", []), loaded.Configuration!);

        Assert.Equal("production", target);
    }

    public static TheoryData<string, string?, string?, EventTargetRule[], string> Failures => new()
    {
        // event, deployment environment, dispatch target input, rules, expected message
        { "push", null, null, Rules, "no target for event 'push': set the 'target' input, or map the event under 'events:' in environments.yaml" },
        { "pull_request", null, null, [], "no target for event 'pull_request': set the 'target' input" },
        { "workflow_dispatch", null, null, Rules, "no target: environments.yaml:23 maps 'workflow_dispatch' to '{input:target}', but the workflow_dispatch input 'target' is empty or not given; pass it when starting the workflow, or set the 'target' input" },
        { "workflow_dispatch", null, " ", Rules, "no target: environments.yaml:23 maps 'workflow_dispatch' to '{input:target}', but the workflow_dispatch input 'target' is empty" },
        { "deployment", null, null, Rules, "no target: environments.yaml:22 maps 'deployment' to '{environment}', but the event has no deployment environment; set the 'target' input" },
        { "pull_request", null, null, [Rule("pull_request", "{branch}", 5)], "no target: environments.yaml:5 maps 'pull_request' to '{branch}', which is no placeholder the action knows ({environment}, {input:NAME}); set the 'target' input" },
        { "pull_request", null, null, [Rule("pull_request", " ", 5)], "no target: environments.yaml:5 maps 'pull_request' to ' ', which is empty; set the 'target' input" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Resolve_NoUsableRule_ThrowsSayingToSetTargetInput(string eventName, string? environment, string? dispatchTarget, EventTargetRule[] rules, string message)
    {
        var context = Context(eventName, environment, dispatchTarget is null ? [] : new Dictionary<string, string> { ["target"] = dispatchTarget });

        var ex = Assert.Throws<InputException>(() => TargetResolver.Resolve("", context, rules));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'target' input", ex.Message, StringComparison.Ordinal);
    }

    private static EventTargetRule Rule(string eventName, string target, int line) =>
        new(eventName, target, new SourceLocation("environments.yaml", line, 3));

    private static WorkflowContext Context(string eventName, string? environment, Dictionary<string, string> inputs) => new()
    {
        EventName = eventName,
        Owner = "acme",
        Repository = "odoo-addons",
        Sha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
        ShaSource = "test",
        PullRequests = [],
        LookUpPullRequests = false,
        Environment = environment,
        Inputs = inputs,
        ApiUrl = new Uri("https://api.github.com/"),
        ServerUrl = new Uri("https://github.com/"),
    };
}
