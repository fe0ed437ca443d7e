namespace SslFlow.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The API refused or failed, or a waited-for order ended in anything but ACTIVE.</summary>
    public const int Failed = 1;
    public const int Usage = 2;
    /// <summary><c>--wait</c> gave up before the order reached a final status.</summary>
    public const int TimedOut = 3;
}
