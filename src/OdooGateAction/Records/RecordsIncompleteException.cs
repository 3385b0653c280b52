namespace OdooGateAction.Records;

/// <summary>
/// A decision was reached, but one of its records could not be written (a GitHub write after retries, the
/// <c>GITHUB_OUTPUT</c> file, a stop signal): the run exits 3, and the message says which decision and which record.
/// </summary>
public sealed class RecordsIncompleteException : Exception
{
    public RecordsIncompleteException(string decision, string target, string record, Exception innerException)
        : base(Describe(decision, target, record, innerException), innerException)
    {
        Record = record;
    }

    public RecordsIncompleteException()
        : base("the records of the decision are incomplete")
    {
        Record = string.Empty;
    }

    public RecordsIncompleteException(string message)
        : base(message)
    {
        Record = string.Empty;
    }

    public RecordsIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Record = string.Empty;
    }

    /// <summary>The record that failed (a step of the pipeline).</summary>
    public string Record { get; }

    private static string Describe(string decision, string target, string record, Exception inner) =>
        inner is OperationCanceledException
            ? $"the run was stopped (a termination signal) while writing the records of '{decision}' for {target}: {record} and the records after it were not written"
            : $"'{decision}' was decided for {target}, but {record} could not be written: {inner.Message}";
}
