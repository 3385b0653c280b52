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
    /// <param name="sink">Where the step prints; its workflow commands go to standard output.</param>
    public static ActionRuntime Start(IActionEnvironment environment, OutputSink sink)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(sink);
        var commands = sink.Commands;

        // Before anything is validated or printed: the raw values, as the runner passed them (masked on the runner,
        // and redacted by the sink from every line it writes).
        var inputs = new ActionInputs(environment);
        commands.AddMasks([inputs.GetInput(ActionSettings.GitHubTokenInput), inputs.GetInput(ActionSettings.OrgTokenInput)]);
        commands.AddMasks(ControlPlane.ControlPlaneConnection.SecretsOf(inputs.GetInput(ActionSettings.ControlPlaneInput)));

        var settings = ActionSettings.Read(environment);
        var context = WorkflowContextReader.Read(environment, settings);
        return new ActionRuntime(settings, context, commands, new GitHubOutputFile(environment), new StepSummary(environment));
    }
}
