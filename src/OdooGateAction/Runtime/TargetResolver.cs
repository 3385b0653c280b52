using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Runtime;

/// <summary>
/// Which promotion target the run evaluates: the <c>target</c> input when set, else the rule for the event under
/// <c>events:</c> in environments.yaml (<see cref="GateConfiguration.Events"/>), where <c>{environment}</c> is the
/// deployment's environment and <c>{input:NAME}</c> the workflow_dispatch input NAME; <c>pull_request_review</c>
/// without a rule of its own follows <c>pull_request</c>'s. Whether the name is a defined
/// target is the evaluator's check.
/// </summary>
public static class TargetResolver
{
    public static string Resolve(ActionSettings settings, WorkflowContext context, GateConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        return Resolve(settings.Target, context, configuration.Events);
    }

    public static string Resolve(string? targetInput, WorkflowContext context, IReadOnlyList<EventTargetRule> rules)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rules);
        if (!string.IsNullOrWhiteSpace(targetInput))
        {
            return targetInput.Trim();
        }

        var hint = $"set the '{ActionSettings.TargetInput}' input";
        // A review re-evaluates the pull request: without its own rule, pull_request_review uses pull_request's.
        var rule = rules.FirstOrDefault(r => string.Equals(r.EventName, context.EventName, StringComparison.Ordinal))
            ?? (context.EventName == "pull_request_review" ? rules.FirstOrDefault(r => r.EventName == "pull_request") : null)
            ?? throw new InputException($"no target for event '{context.EventName}': {hint}, or map the event under 'events:' in environments.yaml");
        var where = $"{rule.Location.File}:{rule.Location.Line} maps '{rule.EventName}' to '{rule.Target}'";

        string? target;
        if (rule.IsEnvironmentPlaceholder)
        {
            target = context.Environment;
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new InputException($"no target: {where}, but the event has no deployment environment; {hint}");
            }
        }
        else if (rule.InputName is { Length: > 0 } inputName)
        {
            target = context.Inputs.GetValueOrDefault(inputName);
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new InputException($"no target: {where}, but the workflow_dispatch input '{inputName}' is empty or not given; pass it when starting the workflow, or {hint}");
            }
        }
        else if (rule.Target.StartsWith('{'))
        {
            throw new InputException($"no target: {where}, which is no placeholder the action knows ({EventTargetRule.EnvironmentPlaceholder}, {EventTargetRule.InputPlaceholderPrefix}NAME}}); {hint}");
        }
        else
        {
            target = rule.Target;
        }

        return string.IsNullOrWhiteSpace(target)
            ? throw new InputException($"no target: {where}, which is empty; {hint}")
            : target.Trim();
    }
}
