using SslFlow.Domain.Csr;
using SslFlow.Domain.Rules;
using SslFlow.Domain.Keys;

namespace SslFlow.Domain.Intake;

/// <summary>
/// Host switches for intake. <see cref="AllowTestNames"/> admits <c>.test</c> names (the local host and its demo set it;
/// off by default). Defaults are what a request gets when it omits a field.
/// </summary>
public sealed record OrderIntakeOptions(
    bool AllowTestNames = false,
    DcvMethod DefaultDcvMethod = DcvMethod.Http01,
    KeyAlgorithm DefaultKey = KeyAlgorithm.EcP256,
    bool RequireContactEmail = false)
{
    public static OrderIntakeOptions Default { get; } = new();
}
