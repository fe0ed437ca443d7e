using SslFlow.DevStack;

namespace SslFlow.Acme.Tests.Acme;

/// <summary>
/// Real Pebble (EAB required) and challtestsrv as its DNS, rejecting half of all nonces (Pebble's default is 5%),
/// offering one alternate root chain, and always reusing valid authorizations.
/// </summary>
public sealed class PebbleFixture : IAsyncLifetime
{
    public const int NonceRejectPercent = 50;

    public PebbleRunner Pebble { get; private set; } = null!;

    public async Task InitializeAsync() => Pebble = await PebbleRunner.StartAsync(FreePort.Next(), new Dictionary<string, string>
    {
        ["PEBBLE_WFE_NONCEREJECT"] = NonceRejectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PEBBLE_ALTERNATE_ROOTS"] = "1",
        ["PEBBLE_AUTHZREUSE"] = "100",
    });

    public async Task DisposeAsync() => await Pebble.DisposeAsync();
}
