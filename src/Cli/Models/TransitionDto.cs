namespace SslFlow.Cli.Models;

public sealed record TransitionDto(DateTimeOffset At, string? From, string To, string? SubStatus, string? Cause, string? Actor, string? Detail);
