namespace SslFlow.Domain.Intake;

/// <summary>A refusal of one field of a request, e.g. <c>("domains[2]", "... is a public suffix ...")</c>. Bad input is never an exception.</summary>
public sealed record ValidationError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
