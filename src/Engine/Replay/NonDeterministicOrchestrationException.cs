namespace SslFlow.Engine.Replay;

/// <summary>Replay met a step that differs from the journal: the orchestration code changed or is not deterministic.</summary>
public sealed class NonDeterministicOrchestrationException(string orchestration, int step, string detail)
    : Exception($"Non-deterministic orchestration '{orchestration}' at step {step}: {detail}")
{
    public string Orchestration { get; } = orchestration;
    public int Step { get; } = step;
}
