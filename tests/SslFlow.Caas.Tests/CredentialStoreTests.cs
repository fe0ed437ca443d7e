using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SslFlow.Adapters.Caas;
using SslFlow.Contracts.Caas;

namespace SslFlow.Caas.Tests;

/// <summary>The credential store on Azurite, on a fake clock for the seven days (each test has its own table).</summary>
[Collection(CaasCollection.Name)]
public sealed class CredentialStoreTests(CaasFixture fixture)
{
    private static readonly DateTimeOffset OrderDate = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Credentials_are_readable_from_day_0_to_day_7_then_gone_destroyed_and_never_saved_again()
    {
        var time = new FakeTimeProvider(OrderDate);
        var (store, table, _) = await fixture.StoreAsync(time);
        var credential = NewCredential();
        await store.SaveAsync("order-1", "SBS-1", credential, OrderDate, CancellationToken.None);

        var day0 = await store.ReadAsync("order-1", "customer:alice", CancellationToken.None);
        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var lastSecond = await store.ReadAsync("order-1", "operator:bob", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var day7 = await store.ReadAsync("order-1", "customer:alice", CancellationToken.None);

        Assert.Equal(CredentialReadOutcome.Delivered, day0.Outcome);
        Assert.Equal(credential, day0.Credential);
        Assert.Equal(OrderDate.AddDays(7), day0.AvailableUntil);
        Assert.Equal(credential, lastSecond.Credential);
        Assert.Equal(CredentialReadOutcome.Gone, day7.Outcome);
        Assert.Null(day7.Credential);
        Assert.Equal(OrderDate.AddDays(7), day7.DestroyedAt);

        // Destroyed at rest, and no regeneration: saving again (a re-run, or a new key) is refused.
        var row = (await table.GetEntityAsync<TableEntity>("order-1", "credential")).Value;
        Assert.False(row.ContainsKey("Ciphertext"));
        Assert.True(row.GetBoolean("Destroyed"));
        Assert.False(await store.SaveAsync("order-1", "SBS-1", NewCredential(), OrderDate, CancellationToken.None));
        time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(CredentialReadOutcome.Gone, (await store.ReadAsync("order-1", "customer:alice", CancellationToken.None)).Outcome);

        // Every attempt is on record: who, when, what they got.
        var reads = await store.GetReadsAsync("order-1", CancellationToken.None);
        Assert.Equal(
            [
                ("customer:alice", OrderDate, CredentialReadOutcome.Delivered),
                ("operator:bob", OrderDate.AddDays(7).AddSeconds(-1), CredentialReadOutcome.Delivered),
                ("customer:alice", OrderDate.AddDays(7), CredentialReadOutcome.Gone),
                ("customer:alice", OrderDate.AddDays(37), CredentialReadOutcome.Gone),
            ],
            reads.Select(r => (r.Reader, r.At, r.Outcome)).ToList());
    }

    [Fact]
    public async Task The_period_runs_from_the_order_date_not_from_when_the_key_was_stored()
    {
        var time = new FakeTimeProvider(OrderDate.AddDays(5)); // an OV key minted five days after the order
        var (store, _, _) = await fixture.StoreAsync(time);
        await store.SaveAsync("order-ov", "SBS-2", NewCredential(), OrderDate, CancellationToken.None);

        Assert.Equal(CredentialReadOutcome.Delivered, (await store.ReadAsync("order-ov", "customer:carol", CancellationToken.None)).Outcome);
        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(CredentialReadOutcome.Gone, (await store.ReadAsync("order-ov", "customer:carol", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_sweep_destroys_expired_credentials_nobody_read_and_leaves_the_others()
    {
        var time = new FakeTimeProvider(OrderDate);
        var (store, table, _) = await fixture.StoreAsync(time);
        await store.SaveAsync("order-old", "SBS-3", NewCredential(), OrderDate.AddDays(-8), CancellationToken.None);
        await store.SaveAsync("order-new", "SBS-4", NewCredential(), OrderDate, CancellationToken.None);

        Assert.Equal(1, await store.DestroyExpiredAsync(CancellationToken.None));
        Assert.Equal(0, await store.DestroyExpiredAsync(CancellationToken.None));

        Assert.False((await table.GetEntityAsync<TableEntity>("order-old", "credential")).Value.ContainsKey("Ciphertext"));
        Assert.True((await table.GetEntityAsync<TableEntity>("order-new", "credential")).Value.ContainsKey("Ciphertext"));
        Assert.Empty(await store.GetReadsAsync("order-old", CancellationToken.None)); // a sweep is not a read
        Assert.True(await store.DestroyAsync("order-new", "subscription cancelled", CancellationToken.None));
        Assert.False(await store.DestroyAsync("order-new", "again", CancellationToken.None));
        Assert.Equal(CredentialReadOutcome.Gone, (await store.ReadAsync("order-new", "customer:dave", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task The_HMAC_key_is_encrypted_at_rest_and_bound_to_its_order()
    {
        var time = new FakeTimeProvider(OrderDate);
        var (store, table, options) = await fixture.StoreAsync(time);
        var credential = NewCredential();
        await store.SaveAsync("order-enc", "SBS-5", credential, OrderDate, CancellationToken.None);

        // No property of the raw row holds the key, as text or as the bytes it encodes.
        var raw = (await table.GetEntityAsync<TableEntity>("order-enc", "credential")).Value;
        var secretBytes = Convert.FromBase64String(ToBase64(credential.HmacKey));
        foreach (var (name, value) in raw)
        {
            var bytes = value switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                _ => Encoding.UTF8.GetBytes(value?.ToString() ?? ""),
            };
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(credential.HmacKey)) >= 0, $"{name} holds the key as text");
            Assert.False(bytes.AsSpan().IndexOf(secretBytes) >= 0, $"{name} holds the key's bytes");
        }
        Assert.IsType<byte[]>(raw["Ciphertext"]);

        // Another encryption key cannot read it; its ciphertext copied onto another order's row does not decrypt.
        var otherKey = new TableCredentialStore(new TableServiceClient(fixture.Azurite.ConnectionString),
            new CaasCredentialOptions { EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TableName = options.TableName }, time, fixture.Logs.CreateLogger<TableCredentialStore>());
        await Assert.ThrowsAnyAsync<CryptographicException>(() => otherKey.ReadAsync("order-enc", "attacker", CancellationToken.None));
        await store.SaveAsync("order-other", "SBS-6", NewCredential() with { KeyId = credential.KeyId }, OrderDate, CancellationToken.None);
        var moved = (await table.GetEntityAsync<TableEntity>("order-other", "credential")).Value;
        moved["Ciphertext"] = raw["Ciphertext"];
        await table.UpdateEntityAsync(moved, moved.ETag, TableUpdateMode.Replace);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.ReadAsync("order-other", "attacker", CancellationToken.None));
    }

    [Fact]
    public void The_key_derived_from_a_host_master_key_is_stable_32_bytes_and_not_the_master_key()
    {
        var master = RandomNumberGenerator.GetBytes(32);

        var derived = CredentialCipher.DeriveKey(master);

        Assert.Equal(derived, CredentialCipher.DeriveKey(master));
        Assert.Equal(32, Convert.FromBase64String(derived).Length);
        Assert.NotEqual(Convert.ToBase64String(master), derived);
        var cipher = new CredentialCipher(derived);
        Assert.Equal("secret", cipher.Decrypt(cipher.Encrypt("secret", "order-x", "kid-x"), "order-x", "kid-x"));
    }

    private static EabCredential NewCredential() =>
        new("caas-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            new Uri("https://127.0.0.1:14000/dir"));

    private static string ToBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }
}
