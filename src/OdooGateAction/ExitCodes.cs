namespace OdooGateAction;

/// <summary>The exit codes of the contract (docs/action-contract: 0 allowed, 1 blocked, 2 bad input, 3 undecidable).</summary>
public static class ExitCodes
{
    public const int Allowed = 0;
    public const int Blocked = 1;
    public const int BadInput = 2;
    public const int Undecidable = 3;
}
