using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SslFlow.Adapters.SandboxCa;
using SslFlow.DevStack;
using SslFlow.Contracts.Caas;
using SslFlow.Contracts.CertificateAuthorities;

namespace SslFlow.Caas.Tests;

/// <summary>
/// The CA side of CaaS through real parts: the sandbox CA process mints EAB credentials from Pebble's pool through the
/// SslFlow adapter, and Debian's lego uses them against Pebble like a customer's ACME client would.
/// </summary>
[Collection(CaasCollection.Name)]
public sealed class SandboxCaasTests(CaasFixture fixture)
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    private static readonly TimeSpan WebhookWait = TimeSpan.FromSeconds(15);

    /// <summary>Pebble 2.4's refusal of an EAB key id it was not started with (403 unauthorized).</summary>
    private const string UnknownKid = "references a key that is not known to the ACME server";

    [Fact]
    public async Task A_dv_subscription_delivers_credentials_that_lego_uses_to_register_at_Pebble_and_obtain_a_certificate()
    {
        var orderId = NewOrderId();
        var subscription = await fixture.Provider().CreateSubscriptionAsync(new CaasRequest(orderId, "caas-dv", Year, "customer-a"), CancellationToken.None);

        Assert.Equal(CaasStatus.Active, subscription.Status);
        var credential = Assert.IsType<EabCredential>(subscription.Credential);
        Assert.Equal(fixture.Pebble.DirectoryUri, credential.DirectoryUrl);
        Assert.Contains(credential.KeyId, fixture.Pebble.EabPool.Keys);
        Assert.Equal(subscription.NotBefore!.Value + Year, subscription.NotAfter);
        await fixture.Webhooks.WaitForAsync("issued", subscription.CaReference, WebhookWait);

        // Delivered through the credential store, as the customer would read it.
        var (store, _, _) = await fixture.StoreAsync(TimeProvider.System);
        Assert.True(await store.SaveAsync(orderId, subscription.CaReference, credential, DateTimeOffset.UtcNow, CancellationToken.None));
        var read = await store.ReadAsync(orderId, "customer-a", CancellationToken.None);
        Assert.Equal(CredentialReadOutcome.Delivered, read.Outcome);

        var domain = $"caas-{orderId[^6..]}.sslflow.test";
        var lego = await Lego.RunAsync(fixture.Pebble, read.Credential!.DirectoryUrl, read.Credential.KeyId, read.Credential.HmacKey, domain, fixture.WorkDirectory);
        Assert.True(lego.ExitCode == 0, lego.Output);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(lego.CertificatePath);
        var leaf = chain[0];
        Assert.Contains(domain, leaf.GetNameInfo(X509NameType.DnsName, forIssuer: false), StringComparison.OrdinalIgnoreCase);
        using var root = X509Certificate2.CreateFromPem(await fixture.Pebble.GetRootPemAsync());
        using var verifier = new X509Chain();
        verifier.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verifier.ChainPolicy.CustomTrustStore.Add(root);
        verifier.ChainPolicy.ExtraStore.AddRange(chain);
        verifier.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verifier.Build(leaf), string.Join("; ", verifier.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public async Task Pebble_refuses_an_account_whose_EAB_key_is_not_in_its_pool()
    {
        var lego = await Lego.RunAsync(fixture.Pebble, fixture.Pebble.DirectoryUri, "caas-not-issued", PebbleKey(), "caas-unknown.sslflow.test", fixture.WorkDirectory);

        Assert.NotEqual(0, lego.ExitCode);
        Assert.Contains(UnknownKid, lego.Output);
        Assert.False(File.Exists(lego.CertificatePath));
    }

    [Fact]
    public async Task A_rerun_with_the_same_order_key_returns_the_same_subscription_and_credential()
    {
        var provider = fixture.Provider();
        var request = new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-b");

        var first = await provider.CreateSubscriptionAsync(request, CancellationToken.None);
        var second = await provider.CreateSubscriptionAsync(request, CancellationToken.None);

        Assert.Equal(first.CaReference, second.CaReference);
        Assert.Equal(first.Credential, second.Credential);
        Assert.Equal(first.NotAfter, second.NotAfter);
        var subscriptions = (await fixture.Sandbox.GetEabPoolAsync()).GetProperty("assignedKeyIds").EnumerateArray().Count(k => k.GetString() == first.KeyId);
        Assert.Equal(1, subscriptions);
    }

    [Fact]
    public async Task Deactivation_is_recorded_at_the_sandbox_and_the_key_is_never_assigned_again()
    {
        var provider = fixture.Provider();
        var request = new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-c");
        var active = await provider.CreateSubscriptionAsync(request, CancellationToken.None);
        var keyId = active.KeyId!;

        var deactivated = await provider.DeactivateAsync(active.CaReference, "cancelled inside the refund window", CancellationToken.None);
        var again = await provider.DeactivateAsync(active.CaReference, "a re-run", CancellationToken.None);

        Assert.Equal(CaasStatus.Deactivated, deactivated.Status);
        Assert.Equal("cancelled inside the refund window", again.Reason); // the second call changed nothing
        var atSandbox = await fixture.Sandbox.GetSubscriptionAsync(active.CaReference);
        Assert.Equal("deactivated", atSandbox.GetProperty("status").GetString());
        Assert.True(atSandbox.GetProperty("keyRetired").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, atSandbox.GetProperty("deactivatedAt").ValueKind);
        var revoked = await fixture.Webhooks.WaitForAsync("revoked", active.CaReference, WebhookWait);
        Assert.Contains(keyId, revoked.Detail);

        // Refused from then on where the sandbox can: out of the pool file, never handed out again, not in a replay.
        var pool = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(fixture.PoolPath))!;
        Assert.DoesNotContain(keyId, pool.Keys);
        Assert.Contains(keyId, (await fixture.Sandbox.GetEabPoolAsync()).GetProperty("retiredKeyIds").EnumerateArray().Select(k => k.GetString()));
        var replay = await provider.CreateSubscriptionAsync(request, CancellationToken.None);
        Assert.Equal(CaasStatus.Deactivated, replay.Status);
        Assert.Null(replay.Credential);
        for (var i = 0; i < 3; i++)
        {
            var next = await provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-c"), CancellationToken.None);
            Assert.NotEqual(keyId, next.KeyId);
        }
    }

    [Fact]
    public async Task A_deactivated_key_is_refused_by_Pebble_from_its_next_start()
    {
        var provider = fixture.Provider();
        var retired = await provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-d"), CancellationToken.None);
        var kept = await provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-d"), CancellationToken.None);
        await provider.DeactivateAsync(retired.CaReference, "refunded", CancellationToken.None);

        // A second Pebble started from the pool file as it is now, as the dev stack's next start would (a copy, not topped
        // up, so the running sandbox never hands out a key the fixture's Pebble does not know).
        var copy = Path.Combine(fixture.WorkDirectory, $"pool-{Guid.NewGuid():N}.json");
        File.Copy(fixture.PoolPath, copy);
        await using var restarted = await PebbleRunner.StartAsync(FreePort.Next(), eabPoolPath: copy);
        var refused = await Lego.RunAsync(restarted, restarted.DirectoryUri, retired.Credential!.KeyId, retired.Credential.HmacKey, "caas-retired.sslflow.test", fixture.WorkDirectory);
        var accepted = await Lego.RunAsync(restarted, restarted.DirectoryUri, kept.Credential!.KeyId, kept.Credential.HmacKey, "caas-kept.sslflow.test", fixture.WorkDirectory);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(UnknownKid, refused.Output);
        Assert.True(accepted.ExitCode == 0, accepted.Output);
    }

    [Fact]
    public async Task An_ov_subscription_gets_its_key_only_after_the_organization_is_vetted()
    {
        var provider = fixture.Provider();
        var request = new CaasRequest(NewOrderId(), "caas-ov", Year, "customer-e", "it@example.test", "Example Hosting S.p.A.");

        var pending = await provider.CreateSubscriptionAsync(request, CancellationToken.None);
        Assert.Equal(CaasStatus.PendingValidation, pending.Status);
        Assert.Null(pending.KeyId);
        Assert.Null(pending.Credential);

        await fixture.Sandbox.ApproveAsync(pending.CaReference); // the operator route for orders serves subscriptions too
        await fixture.Webhooks.WaitForAsync("organization.validated", pending.CaReference, WebhookWait);
        await fixture.Webhooks.WaitForAsync("issued", pending.CaReference, WebhookWait);
        var active = await provider.CreateSubscriptionAsync(request, CancellationToken.None);

        Assert.Equal(CaasStatus.Active, active.Status);
        Assert.NotNull(active.Credential);
        Assert.Contains("organization.validated", active.CompletedSteps);
        Assert.Null((await provider.GetAsync(active.CaReference, CancellationToken.None)).Credential); // only the create call carries the secret
    }

    [Fact]
    public async Task A_term_renewal_extends_the_end_once_per_renewal_key()
    {
        var provider = fixture.Provider();
        var active = await provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-f"), CancellationToken.None);

        var renewed = await provider.RenewTermAsync(active.CaReference, "renewal-1", Year, CancellationToken.None);
        var rerun = await provider.RenewTermAsync(active.CaReference, "renewal-1", Year, CancellationToken.None);

        Assert.Equal(active.NotAfter!.Value + Year, renewed.NotAfter);
        Assert.Equal(renewed.NotAfter, rerun.NotAfter);
        Assert.Equal(active.KeyId, renewed.KeyId);
    }

    [Fact]
    public async Task The_HMAC_key_appears_in_no_log()
    {
        var provider = fixture.Provider();
        var orderId = NewOrderId();
        var subscription = await provider.CreateSubscriptionAsync(new CaasRequest(orderId, "caas-dv", Year, "customer-g"), CancellationToken.None);
        var (store, _, _) = await fixture.StoreAsync(TimeProvider.System);
        await store.SaveAsync(orderId, subscription.CaReference, subscription.Credential!, DateTimeOffset.UtcNow, CancellationToken.None);
        await store.ReadAsync(orderId, "customer-g", CancellationToken.None);
        await provider.DeactivateAsync(subscription.CaReference, "cancelled", CancellationToken.None);
        await fixture.Webhooks.WaitForAsync("revoked", subscription.CaReference, WebhookWait);
        var secret = subscription.Credential!.HmacKey;

        Assert.NotEmpty(fixture.Logs.Lines);
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(fixture.Logs.Lines, line => line.Contains(subscription.KeyId!, StringComparison.Ordinal)); // the key id may be logged
        Assert.DoesNotContain(secret, fixture.Sandbox.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, fixture.Pebble.ReadLog(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, subscription.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, subscription.Credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_pool_is_a_come_back_later_and_an_unknown_product_a_refusal()
    {
        var pool = Path.Combine(fixture.WorkDirectory, $"one-key-{Guid.NewGuid():N}.json");
        await EabKeyPoolFile.LoadOrCreateAsync(pool, 1);
        await using var small = await SandboxCaRunner.StartAsync(eabPoolFile: pool, caasDirectoryUrl: fixture.Pebble.DirectoryUri);
        var provider = new SandboxCaasProvider(fixture.Http, new SandboxCaOptions { BaseUrl = small.BaseUri.ToString(), ApiKey = small.ApiKey }, TimeProvider.System,
            fixture.Logs.CreateLogger<SandboxCaasProvider>());

        await provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-h"), CancellationToken.None);
        await Assert.ThrowsAsync<CaRateLimitedException>(() => provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "caas-dv", Year, "customer-h"), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<CaOrderFailedException>(() => provider.CreateSubscriptionAsync(new CaasRequest(NewOrderId(), "dv-basic", Year, "customer-h"), CancellationToken.None));
        Assert.Contains("unknown-product", refused.Message);
    }

    private static string NewOrderId() => "ord-" + Guid.NewGuid().ToString("N")[..12];

    private static string PebbleKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
