namespace SslFlow.Cli;

/// <summary>Everything the CLI touches outside itself, so tests run it in-process with captured output.</summary>
public sealed record CliContext(
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> Environment,
    TimeProvider Time,
    TimeSpan PollInterval,
    HttpMessageHandler? Handler = null)
{
    public static CliContext FromConsole() =>
        new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariable, TimeProvider.System, TimeSpan.FromSeconds(2));
}
