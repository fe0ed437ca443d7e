using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using SslFlow.DurableBridge;

namespace SslFlow.EndToEnd.Tests;

/// <summary>
/// S/MIME orders through the real local host and the real sandbox CA process: the mailbox and the person (and for
/// Enterprise the organization) go from intake to the vault's CSR and the CA, and the certificate the API serves names
/// them: SAN rfc822Name, givenName/surname/CN (and O, C), EKU emailProtection, the vault CSR's key, the sandbox root.
/// </summary>
[Collection(LocalPartsCollection.Name)]
public sealed partial class SmimeOrderTests(LocalPartsFixture parts)
{
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string GivenName = "2.5.4.42", Surname = "2.5.4.4", CommonName = "2.5.4.3", Organization = "2.5.4.10", Country = "2.5.4.6";

    [Fact]
    public async Task An_smime_pro_purchase_activated_with_mailbox_and_person_passes_identity_and_the_mailbox_email_and_its_certificate_names_the_person()
    {
        // No auto mode: the operator checks the photo ID, and the mailbox's owner follows the CA's email link.
        await using var host = await SandboxHost.StartAsync(parts);
        var mailbox = $"maria.{Guid.NewGuid():N}"[..14] + "@sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new { product = "smime-pro", contactEmail = "ops@sslflow.test" });
        await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "PENDING ACTIVATION");

        // A person is what Pro certifies: without one, the activation names the field.
        var bad = await ActivateAsync(host, orderId, new { mailbox });
        Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, await bad.Content.ReadAsStringAsync());
        Assert.Contains("\"person\"", await bad.Content.ReadAsStringAsync());

        var activate = await ActivateAsync(host, orderId, new { mailbox, person = new { givenName = "Maria", surname = "De Luca" } });
        Assert.True(activate.StatusCode == HttpStatusCode.Accepted, await activate.Content.ReadAsStringAsync());
        var caReference = await CaReferenceAsync(host, orderId);
        var atCa = await host.Sandbox.GetOrderAsync(caReference);
        Assert.Equal("Maria", atCa.GetProperty("person").GetProperty("givenName").GetString());
        await host.Sandbox.ApproveAsync(caReference, "identity");

        // The mailbox challenge: the CA's email reaches the mailbox itself (maildev); following its link proves control.
        var link = await ApprovalLinkAsync(mailbox, caReference);
        using (var browser = new HttpClient())
        {
            (await browser.PostAsync(link, null)).EnsureSuccessStatusCode();
        }
        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal(mailbox, view.GetProperty("mailbox").GetString());
        Assert.Equal([mailbox], view.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        using var leaf = await host.AssertChainsToSandboxRootAsync(orderId, EmailProtection);
        Assert.Equal([mailbox], Rfc822Names(leaf));
        var subject = Attributes(leaf.SubjectName);
        Assert.Equal("Maria", subject[GivenName]);
        Assert.Equal("De Luca", subject[Surname]);
        Assert.Equal("Maria De Luca", subject[CommonName]);
        Assert.False(subject.ContainsKey(Organization), leaf.Subject); // individual-validated: no organization
        AssertSmimeProfile(leaf, "2.23.140.1.5.4.2");

        // The vault's CSR asked for the same: the mailbox as rfc822Name (no DNS name), the person in its subject, and its key is the certificate's.
        var csr = await VaultCsrAsync(host, orderId);
        Assert.Equal(csr.PublicKey.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        var csrSan = Assert.Single(csr.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal([mailbox], Rfc822Names(csrSan));
        Assert.Empty(csrSan.EnumerateDnsNames());
        Assert.Equal("Maria", Attributes(csr.SubjectName)[GivenName]);
        Assert.Equal("De Luca", Attributes(csr.SubjectName)[Surname]);

        // The customer's emails name the mailbox where a TLS order's name its domains.
        await WaitForCustomerEmailAsync($"Your certificate for {mailbox} is issued");
    }

    [Fact]
    public async Task An_smime_enterprise_order_created_and_submitted_with_its_organization_names_the_person_and_the_organization()
    {
        await using var host = await SandboxHost.StartAsync(parts, autoApproveAfter: TimeSpan.FromMilliseconds(300));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var mailbox = $"luca.{suffix}@sslflow.test";
        var orderId = await LocalPartsFixture.PlaceOrderAsync(host.Http, new
        {
            product = "smime-enterprise",
            mailbox,
            contactEmail = "ops@sslflow.test",
            keyAlgorithm = "Rsa2048",
            person = new { givenName = "Luca", surname = "Bianchi" },
            organization = new
            {
                legalName = $"Bianchi {suffix} S.r.l.", country = "IT", stateOrProvince = "Toscana", locality = "Firenze",
                streetAddress = "Via Dante 3", postalCode = "50122", phone = "+390551234567",
            },
            contacts = new { admin = new { name = "Luca Bianchi", email = "luca@sslflow.test", phone = "+390551234568" } },
        });

        var view = await LocalPartsFixture.WaitForStatusAsync(host.Http, orderId, TimeSpan.FromMinutes(1), "ACTIVE", "ACTIVATION ERROR", "REFUNDED");

        Assert.Equal("ACTIVE", view.GetProperty("status").GetString());
        Assert.Equal(mailbox, view.GetProperty("mailbox").GetString());
        using var leaf = await host.AssertChainsToSandboxRootAsync(orderId, EmailProtection);
        Assert.Equal([mailbox], Rfc822Names(leaf));
        var subject = Attributes(leaf.SubjectName);
        Assert.Equal("Luca", subject[GivenName]);
        Assert.Equal("Bianchi", subject[Surname]);
        Assert.Equal("Luca Bianchi", subject[CommonName]);
        Assert.Equal($"Bianchi {suffix} S.r.l.", subject[Organization]);
        Assert.Equal("IT", subject[Country]);
        Assert.Contains("L=Firenze", leaf.Subject);
        AssertSmimeProfile(leaf, "2.23.140.1.5.3.2");
        // RSA: key encipherment too (S/MIME BR 7.1.2.3 e, multipurpose).
        Assert.True(leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyEncipherment));

        var csr = await VaultCsrAsync(host, orderId);
        Assert.Equal(csr.PublicKey.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        var csrSubject = Attributes(csr.SubjectName);
        Assert.Equal($"Bianchi {suffix} S.r.l.", csrSubject[Organization]);
        Assert.Equal("IT", csrSubject[Country]);
        Assert.Equal("Luca Bianchi", csrSubject[CommonName]);
    }

    [Fact]
    public async Task An_smime_order_is_never_placed_with_the_acme_ca_a_deployment_without_the_order_api_ca_refuses_it_naming_the_product()
    {
        // A deployment without the order-API CA (only ACME): the S/MIME order is refused at intake, naming the product.
        var (app, http, _) = await parts.StartHostAsync();
        try
        {
            var mailbox = $"nobody.{Guid.NewGuid():N}"[..15] + "@sslflow.test";
            var response = await http.PostAsJsonAsync("api/orders", new { product = "smime-basic", mailbox });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Contains("\"product\"", body);
            Assert.Contains("smime-basic", body);
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void AssertSmimeProfile(X509Certificate2 leaf, string policyOid)
    {
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal([EmailProtection], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.True(leaf.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature));
        Assert.Empty(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Contains(leaf.Extensions, e => e.Oid?.Value == "2.5.29.32" && PolicyOids(e.RawData).Contains(policyOid));
        // S/MIME BR 6.3.2: at most 825 days (counted inclusively).
        Assert.True(leaf.NotAfter.ToUniversalTime() - leaf.NotBefore.ToUniversalTime() < TimeSpan.FromDays(825), $"{leaf.NotBefore:u} .. {leaf.NotAfter:u}");
    }

    /// <summary>The CSR the vault made for the order (the CreateCsr activity's result in the pipeline's history).</summary>
    private static async Task<CertificateRequest> VaultCsrAsync(SandboxHost host, string orderId)
    {
        var history = await host.Durable.GetHistoryAsync($"{orderId}:issue:0");
        var csrJson = OrchestrationHistory.ActivityResult(history, "CreateCsr");
        Assert.NotNull(csrJson);
        return CertificateRequest.LoadSigningRequest(Convert.FromBase64String(JsonDocument.Parse(csrJson).RootElement.GetProperty("csrBase64").GetString()!),
            HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
    }

    private static List<string> Rfc822Names(X509Certificate2 certificate) =>
        Rfc822Names(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single());

    /// <summary>rfc822Name [1] entries of a SAN extension (.NET enumerates only its DNS names and IP addresses).</summary>
    private static List<string> Rfc822Names(X509Extension san)
    {
        var names = new List<string>();
        var reader = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
        var rfc822 = new Asn1Tag(TagClass.ContextSpecific, 1);
        while (reader.HasData)
        {
            if (reader.PeekTag().HasSameClassAndValue(rfc822)) names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, rfc822));
            else reader.ReadEncodedValue();
        }
        return names;
    }

    private static List<string> PolicyOids(byte[] raw)
    {
        var oids = new List<string>();
        var policies = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        while (policies.HasData) oids.Add(policies.ReadSequence().ReadObjectIdentifier());
        return oids;
    }

    private static Dictionary<string, string> Attributes(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames().ToDictionary(r => r.GetSingleElementType().Value!, r => r.GetSingleElementValue()!);

    /// <summary>Activates as a client does: a purchase whose record is still being written answers 409 "send it again in a moment".</summary>
    private static async Task<HttpResponseMessage> ActivateAsync(SandboxHost host, string orderId, object body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var response = await host.Http.PostAsJsonAsync($"api/orders/{orderId}/activate", body);
            if (response.StatusCode != HttpStatusCode.Conflict || !(await response.Content.ReadAsStringAsync()).Contains("still being recorded", StringComparison.Ordinal)
                || DateTime.UtcNow > deadline)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(100); // the API's own advice: send it again in a moment
        }
    }

    private static async Task<string> CaReferenceAsync(SandboxHost host, string orderId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var view = await host.Http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");
            if (view.GetProperty("caReference").ValueKind == JsonValueKind.String) return view.GetProperty("caReference").GetString()!;
            Assert.NotEqual("ACTIVATION ERROR", view.GetProperty("status").GetString());
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Order {orderId} was never placed with the CA: {view}");
            await Task.Delay(100); // a customer watching the status API
        }
    }

    /// <summary>The approval link in the sandbox CA's email to <paramref name="mailbox"/> for this order, once it reached maildev.</summary>
    private async Task<string> ApprovalLinkAsync(string mailbox, string caReference)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var text = (await parts.Mail.GetMessagesAsync())
                .Where(m => m.GetProperty("subject").GetString()!.Contains(caReference, StringComparison.Ordinal)
                            && m.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == mailbox))
                .Select(m => m.GetProperty("text").GetString()!).FirstOrDefault();
            if (text is not null) return ApproveLink().Match(text).Value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The sandbox CA's email for {caReference} never reached {mailbox}.");
            await Task.Delay(100); // observing maildev through its API
        }
    }

    private async Task WaitForCustomerEmailAsync(string subject)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await parts.Mail.GetMessagesAsync()).Any(m => m.GetProperty("subject").GetString() == subject))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No customer email '{subject}'.");
            await Task.Delay(100); // observing maildev through its API
        }
    }

    [GeneratedRegex(@"http://\S+/dcv/approve/[0-9a-f]+")]
    private static partial Regex ApproveLink();
}
