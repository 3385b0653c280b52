namespace OdooGateAction;

/// <summary>Where the app writes: standard output for results, standard error for diagnostics. Tests substitute both.</summary>
public sealed record ConsoleStreams(TextWriter Out, TextWriter Error)
{
    public static ConsoleStreams System { get; } = new(Console.Out, Console.Error);
}
