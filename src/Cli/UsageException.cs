namespace SslFlow.Cli;

/// <summary>A command line the CLI cannot run; printed with the usage and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
