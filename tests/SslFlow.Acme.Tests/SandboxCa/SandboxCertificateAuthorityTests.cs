using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Adapters.SandboxCa;
using SslFlow.Application.Webhooks;
using SslFlow.Domain.Products;
using SslFlow.Domain.Webhooks;
using SslFlow.DevStack;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Domain.Rules;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>The sandbox CA adapter against the real sandbox process: orders, operator steps, issuance, webhooks, lifecycle calls.</summary>
public sealed class SandboxCertificateAuthorityTests(SandboxCaFixture fixture) : IClassFixture<SandboxCaFixture>
{
    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] + ".example.test";

    [Fact]
    public async Task An_ov_order_walks_its_steps_as_the_operator_approves_them_and_issues_a_real_chain_for_the_csr_key()
    {
        var ca = fixture.Adapter();
        var name = Name("ov");
        var request = new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ov-single", [name], DcvMethod.Email, "ops@example.test");

        var submission = await ca.SubmitAsync(request, default);
        Assert.True(ca.ValidatesByEvents);
        var email = Assert.Single(submission.Challenges);
        Assert.Equal((DcvMethod.Email, "admin@example.test"), (email.Method, email.Value)); // the base domain's constructed address
        Assert.Equal(submission.CaReference, (await ca.SubmitAsync(request, default)).CaReference); // same order key → same order

        var state = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal((CaOrderStatus.Pending, 0), (state.Status, state.CompletedSteps!.Count));
        using var csr = new TestCsr(name);
        await Assert.ThrowsAsync<CaNotReadyException>(() => ca.FinalizeAsync(submission.CaReference, csr.Der, default));

        await fixture.Sandbox.ApproveAsync(submission.CaReference, "domain_control");
        state = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal(CaOrderStatus.Pending, state.Status);
        Assert.Equal([ValidationEvents.DcvCompleted], state.CompletedSteps);

        await fixture.Sandbox.ApproveAsync(submission.CaReference, "organization");
        state = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal(CaOrderStatus.Ready, state.Status);
        Assert.Equal([ValidationEvents.DcvCompleted, ValidationEvents.OrganizationValidated], state.CompletedSteps);

        Assert.Equal(CaOrderStatus.Valid, (await ca.FinalizeAsync(submission.CaReference, csr.Der, default)).Status);
        Assert.Equal(CaOrderStatus.Valid, (await ca.FinalizeAsync(submission.CaReference, csr.Der, default)).Status); // a re-run: no second certificate
        var chain = await ca.DownloadAsync(submission.CaReference, default);
        Assert.Equal(2, chain.Count);
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
        Assert.Equal(csr.Key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains("O=Example Hosting S.p.A.", leaf.Subject);
        Assert.Equal(name, leaf.GetNameInfo(X509NameType.DnsName, false));
        Assert.Contains(leaf.Extensions, e => e.Oid?.Value == "2.5.29.32" && Convert.ToHexString(e.RawData).Contains(Convert.ToHexString(OidBytes("2.23.140.1.2.2"))));
        using var root = X509Certificate2.CreateFromPem(await fixture.Sandbox.GetRootPemAsync());
        AssertChains(chain, root);
        Assert.Equal(JsonValueKind.Object, (await fixture.Sandbox.GetOrderAsync(submission.CaReference)).GetProperty("certificate").ValueKind);

        await ca.RevokeAsync(chain[0], 4, default);
        await ca.RevokeAsync(chain[0], 4, default); // a re-run
        state = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal(CaOrderStatus.Invalid, state.Status);
        Assert.Contains("revoked", state.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_approver_address_the_customer_chose_is_the_one_the_ca_writes_to()
    {
        var ca = fixture.Adapter();
        var name = Name("apr");
        var submission = await ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ov-single", [name], DcvMethod.Email, null,
            ApproverEmail: "webmaster@example.test"), default);
        var email = Assert.Single(submission.Challenges);
        Assert.Equal((DcvMethod.Email, "webmaster@example.test"), (email.Method, email.Value));
    }

    [Fact]
    public async Task Webhooks_arrive_signed_in_step_order_with_the_validation_event_names_and_verify_with_the_services_verifier()
    {
        var ca = fixture.Adapter();
        var name = Name("evhook");
        var submission = await ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ev-single", [name], DcvMethod.Dns01, null), default);
        var dns = Assert.Single(submission.Challenges);
        Assert.Equal((DcvMethod.Dns01, "_dnsauth." + name), (dns.Method, dns.Location));

        foreach (var step in new[] { "domain_control", "organization", "ev_checks" }) await fixture.Sandbox.ApproveAsync(submission.CaReference, step);
        using var csr = new TestCsr(name);
        await ca.FinalizeAsync(submission.CaReference, csr.Der, default);

        var verifier = new WebhookVerifier(TimeProvider.System);
        var secret = StandardWebhooks.ParseSecret(SandboxCaFixture.Secret);
        var seen = new List<string>();
        var ids = new HashSet<string>();
        while (seen.Count < 4)
        {
            var d = await fixture.Webhooks.NextAsync(TimeSpan.FromSeconds(20));
            Assert.True(verifier.Verify([secret], d.Id, d.Timestamp, d.Signature, d.Body).IsValid);
            var e = JsonSerializer.Deserialize<CaEvent>(d.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            if (e.CaReference != submission.CaReference) continue; // another test's order
            Assert.True(ids.Add(d.Id!));
            seen.Add(e.Type);
        }
        Assert.Equal([ValidationEvents.DcvCompleted, ValidationEvents.OrganizationValidated, ValidationEvents.EvChecksCompleted, CaEventTypes.Issued], seen);
        Assert.All(seen, t => Assert.Contains(t, CaEventTypes.All));
    }

    [Fact]
    public async Task Cancel_reject_resend_and_change_of_dcv_method_reach_the_ca_and_refusals_become_order_failures()
    {
        var ca = fixture.Adapter();
        var name = Name("life");
        var submission = await ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ov-single", [name], DcvMethod.Email, null), default);

        await ca.ResendApprovalAsync(submission.CaReference, default);
        await ca.ResendApprovalAsync(submission.CaReference, default);
        Assert.Equal(2, (await fixture.Sandbox.GetOrderAsync(submission.CaReference)).GetProperty("approvalEmailsSent").GetInt32());

        var changed = await ca.ChangeDcvMethodAsync(submission.CaReference, DcvMethod.Dns01, null, default);
        Assert.Equal(DcvMethod.Dns01, Assert.Single(changed).Method);
        var notEmail = await Assert.ThrowsAsync<CaOrderFailedException>(() => ca.ResendApprovalAsync(submission.CaReference, default));
        Assert.Contains("no-approval-pending", notEmail.Message);
        var wildcardByFile = await Assert.ThrowsAsync<CaOrderFailedException>(() =>
            ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ov-wildcard", ["*." + name, name], DcvMethod.Http01, null), default));
        Assert.Contains("wildcard", wildcardByFile.Message);

        await ca.CancelAsync(submission.CaReference, default);
        await ca.CancelAsync(submission.CaReference, default); // a re-run
        var cancelled = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal(CaOrderStatus.Invalid, cancelled.Status);
        using var csr = new TestCsr(name);
        await Assert.ThrowsAsync<CaOrderFailedException>(() => ca.FinalizeAsync(submission.CaReference, csr.Der, default));

        var other = await ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ev-single", [Name("rej")], DcvMethod.Email, null), default);
        await fixture.Sandbox.RejectAsync(other.CaReference, "Organization could not be verified in a QGIS.");
        var rejected = await ca.GetStateAsync(other.CaReference, default);
        Assert.Equal((CaOrderStatus.Invalid, "Organization could not be verified in a QGIS."), (rejected.Status, rejected.Error));
        await ca.CancelAsync(other.CaReference, default); // nothing left to cancel: no error

        var unknown = await Assert.ThrowsAsync<CaOrderFailedException>(() => ca.GetStateAsync("SB-NOSUCHORDER", default));
        Assert.Contains("unknown-order", unknown.Message);
        var badProduct = await Assert.ThrowsAsync<CaOrderFailedException>(() =>
            ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "xx-gold", [Name("bad")], DcvMethod.Email, null), default));
        Assert.Contains("unknown-product", badProduct.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Adapter(apiKey: new string('x', 48)).GetStateAsync(submission.CaReference, default));
    }

    [Fact]
    public async Task In_auto_mode_every_step_approves_itself_and_the_issued_webhook_arrives_without_an_operator()
    {
        await using var sink = new WebhookSink();
        await using var auto = await SandboxCaRunner.StartAsync(sink.Url, SandboxCaFixture.Secret, autoApproveAfter: TimeSpan.FromMilliseconds(100));
        using var http = new HttpClient();
        var ca = new SandboxCertificateAuthority(http, new SandboxCaOptions { BaseUrl = auto.BaseUri.ToString(), ApiKey = auto.ApiKey }, TimeProvider.System,
            NullLogger<SandboxCertificateAuthority>.Instance);
        var name = Name("auto");
        var submission = await ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "ev-single", [name], DcvMethod.Email, null), default);

        var types = new List<string>();
        for (var i = 0; i < 3; i++) types.Add(JsonDocument.Parse((await sink.NextAsync(TimeSpan.FromSeconds(20))).Body).RootElement.GetProperty("type").GetString()!);
        Assert.Equal([ValidationEvents.DcvCompleted, ValidationEvents.OrganizationValidated, ValidationEvents.EvChecksCompleted], types);
        var ready = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal(CaOrderStatus.Ready, ready.Status);
        Assert.Equal(3, ready.CompletedSteps!.Count);
    }

    [Fact]
    public async Task A_smime_pro_order_has_the_catalogs_steps_and_events()
    {
        var ca = fixture.Adapter();
        var mailbox = $"jane-{Guid.NewGuid():N}"[..13] + "@example.test";
        var submission = await ca.SubmitAsync(new CaOrderRequest($"order-{Guid.NewGuid():N}-0", "smime-pro", [mailbox], DcvMethod.Email, null), default);
        await fixture.Sandbox.ApproveAsync(submission.CaReference, "identity");
        await fixture.Sandbox.ApproveAsync(submission.CaReference, "email_control");
        var state = await ca.GetStateAsync(submission.CaReference, default);
        Assert.Equal(CaOrderStatus.Ready, state.Status);
        var plan = ProductCatalog.Get("smime-pro").Plan.Steps.Select(s => s.CompletionEvent).ToList();
        Assert.Equal(plan, state.CompletedSteps);
    }

    private static byte[] OidBytes(string oid)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }

    private static void AssertChains(IReadOnlyList<byte[]> chainDer, X509Certificate2 root)
    {
        var certificates = chainDer.Select(d => X509CertificateLoader.LoadCertificate(d)).ToList();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
        Assert.True(chain.Build(certificates[0]), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        foreach (var c in certificates) c.Dispose();
    }
}
