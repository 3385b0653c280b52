namespace OdooGateAction.Core;

/// <summary>
/// Bad input from the user (configuration, snapshot, event payload, inputs, arguments): the message says what and
/// where, and the run ends with exit code 2 without writing anything.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputException()
    {
    }
}
