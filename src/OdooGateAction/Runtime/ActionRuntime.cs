namespace OdooGateAction.Runtime;

/// <summary>
/// The action's start-up in the one safe order: mask every token first, then read and check the inputs, then the
/// workflow context. Any bad input or payload is an <see cref="Core.InputException"/> (exit 2); by then the tokens are
/// already masked, and no message here ever contains one.
/// </summary>
public sealed record ActionRuntime(
    ActionSettings Settings,
    WorkflowContext Context,
    WorkflowCommands Commands,
    GitHubOutputFile Outputs,
    StepSummary Summary)
{
    /// <param name="stdout">The step's standard output, where workflow commands go.</param>
    public static ActionRuntime Start(IActionEnvironment environment, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(stdout);
        var commands = new WorkflowCommands(stdout);

        // Before anything is validated or printed: the raw values, as the runner passed them.
        var inputs = new ActionInputs(environment);
        commands.AddMasks([inputs.GetInput(ActionSettings.GitHubTokenInput), inputs.GetInput(ActionSettings.OrgTokenInput)]);

        var settings = ActionSettings.Read(environment);
        var context = WorkflowContextReader.Read(environment, settings);
        return new ActionRuntime(settings, context, commands, new GitHubOutputFile(environment), new StepSummary(environment));
    }
}
