using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SslFlow.Adapters.SandboxCa;
using SslFlow.DevStack;
using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;

namespace SslFlow.Acme.Tests.SandboxCa;

/// <summary>
/// Organization, contact and person details at the real sandbox process: checked, shown to its operator, written into
/// the issued certificate's subject; a vetted organization's next order skips the organization step.
/// </summary>
public sealed class SandboxOrganizationTests(SandboxCaFixture fixture) : IClassFixture<SandboxCaFixture>, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new();

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] + ".example.test";

    /// <summary>A legal name no other test uses, so vettings of one test are not reused by another.</summary>
    private static string Company() => $"Hosting {Guid.NewGuid():N}"[..20] + " S.p.A.";

    private static OrganizationRequest Org(string legalName) =>
        new(legalName, "it", "Lombardia", "Ponte San Pietro", "Via San Clemente 53", "24036", "+39 0575 0505");

    private static readonly ContactsRequest Contacts = new(
        new ContactRequest("Maria Rossi", "maria.rossi@example.test", "+39 0575 05077"),
        new ContactRequest("Luca Bianchi", "tech@example.test", "+39 0575 0508"));

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostOrderAsync(string product, string name, SandboxSubject subject, string? orderKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Sandbox.BaseUri, "v1/orders"))
        {
            Content = JsonContent.Create(new
            {
                productCode = product,
                dnsNames = new[] { name },
                dcvMethod = "dns",
                orderKey = orderKey ?? $"order-{Guid.NewGuid():N}",
                organization = subject.Organization,
                contacts = subject.Contacts,
                person = subject.Person,
            }, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Sandbox.ApiKey);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<JsonElement> OperatorOrderAsync(string caReference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Sandbox.BaseUri, "operator/orders"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Sandbox.OperatorKey);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var orders = await response.Content.ReadFromJsonAsync<JsonElement>();
        return orders.EnumerateArray().Single(o => o.GetProperty("caReference").GetString() == caReference);
    }

    /// <summary>Approves every open step, finalizes with a CSR for the names, and returns the issued leaf.</summary>
    private async Task<X509Certificate2> IssueAsync(string caReference, byte[] csrDer, params string[] steps)
    {
        foreach (var step in steps) await fixture.Sandbox.ApproveAsync(caReference, step);
        var ca = fixture.Adapter();
        await ca.FinalizeAsync(caReference, csrDer, default);
        var chain = await ca.DownloadAsync(caReference, default);
        return X509CertificateLoader.LoadCertificate(chain[0]);
    }

    private static Dictionary<string, string> Attributes(X509Certificate2 leaf) =>
        leaf.SubjectName.EnumerateRelativeDistinguishedNames().ToDictionary(r => r.GetSingleElementType().Value!, r => r.GetSingleElementValue()!);

    private static SandboxSubject Validated(Product product, SubjectDetailsRequest request)
    {
        var result = SubjectDetailsRules.Validate(product, request);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return SandboxSubject.From(result.Details!);
    }

    [Fact]
    public async Task An_ov_order_with_organization_details_shows_them_to_the_operator_and_issues_with_O_L_ST_C()
    {
        var name = Name("ovorg");
        var company = Company();
        var (status, order) = await PostOrderAsync("ov-single", name, Validated(ProductCatalog.Get("ov-single"), new(Org(company), Contacts)));
        Assert.Equal(HttpStatusCode.Created, status);
        var reference = order.GetProperty("caReference").GetString()!;
        Assert.Equal("pending", order.GetProperty("steps")[1].GetProperty("status").GetString()); // a first vetting: the operator checks

        var seen = await OperatorOrderAsync(reference);
        Assert.Equal(company, seen.GetProperty("organization").GetProperty("legalName").GetString());
        Assert.Equal("IT", seen.GetProperty("organization").GetProperty("country").GetString());
        Assert.Equal("+39057505077", seen.GetProperty("contacts").GetProperty("admin").GetProperty("phone").GetString());
        Assert.Equal("tech@example.test", seen.GetProperty("contacts").GetProperty("technical").GetProperty("email").GetString());
        Assert.Equal(SubjectChecksKey(company), seen.GetProperty("organizationKey").GetString());

        using var csr = new TestCsr(name);
        using var leaf = await IssueAsync(reference, csr.Der, "domain_control", "organization");
        var subject = Attributes(leaf);
        Assert.Equal(company, subject["2.5.4.10"]);
        Assert.Equal("Ponte San Pietro", subject["2.5.4.7"]);
        Assert.Equal("Lombardia", subject["2.5.4.8"]);
        Assert.Equal("IT", subject["2.5.4.6"]);
        Assert.Equal(name, subject["2.5.4.3"]);
        Assert.DoesNotContain("2.5.4.15", subject.Keys);
    }

    private static string SubjectChecksKey(string company) => OrganizationProfiles.Key(company, "IT", null);

    [Fact]
    public async Task An_ev_certificate_carries_serial_number_jurisdiction_and_business_category()
    {
        var name = Name("evorg");
        var company = Company();
        var request = new SubjectDetailsRequest(Org(company) with
        {
            RegistrationNumber = "BG-123456",
            Jurisdiction = new JurisdictionRequest("IT", "Lombardia", "Bergamo"),
            BusinessCategory = "private organization",
        }, Contacts);
        var (status, order) = await PostOrderAsync("ev-single", name, Validated(ProductCatalog.Get("ev-single"), request));
        Assert.Equal(HttpStatusCode.Created, status);
        using var csr = new TestCsr(name);
        using var leaf = await IssueAsync(order.GetProperty("caReference").GetString()!, csr.Der, "domain_control", "organization", "ev_checks");
        var subject = Attributes(leaf);
        Assert.Equal("BG-123456", subject["2.5.4.5"]);
        Assert.Equal("IT", subject["1.3.6.1.4.1.311.60.2.1.3"]);
        Assert.Equal("Lombardia", subject["1.3.6.1.4.1.311.60.2.1.2"]);
        Assert.Equal("Bergamo", subject["1.3.6.1.4.1.311.60.2.1.1"]);
        Assert.Equal("Private Organization", subject["2.5.4.15"]);
        Assert.Equal(company, subject["2.5.4.10"]);
        Assert.Equal("IT", subject["2.5.4.6"]);
    }

    [Fact]
    public async Task Smime_pro_names_the_person_and_enterprise_also_the_organization()
    {
        var mailbox = $"maria.{Guid.NewGuid():N}"[..14] + "@example.test";
        var (status, order) = await PostOrderAsync("smime-pro", mailbox, Validated(ProductCatalog.Get("smime-pro"), new(Person: new("Maria", "De Luca"))));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("De Luca", (await OperatorOrderAsync(order.GetProperty("caReference").GetString()!)).GetProperty("person").GetProperty("surname").GetString());
        using (var leaf = await IssueAsync(order.GetProperty("caReference").GetString()!, MailboxCsr(mailbox), "identity", "email_control"))
        {
            var subject = Attributes(leaf);
            Assert.Equal("Maria", subject["2.5.4.42"]);
            Assert.Equal("De Luca", subject["2.5.4.4"]);
            Assert.Equal("Maria De Luca", subject["2.5.4.3"]);
            Assert.Equal(mailbox, subject["1.2.840.113549.1.9.1"]);
            Assert.DoesNotContain("2.5.4.10", subject.Keys);
        }

        var company = Company();
        var enterprise = Validated(ProductCatalog.Get("smime-enterprise"),
            new(Org(company), new ContactsRequest(Contacts.Admin, null), new PersonRequest("Maria", "Rossi")));
        var work = $"m.{Guid.NewGuid():N}"[..10] + "@example.test";
        (status, order) = await PostOrderAsync("smime-enterprise", work, enterprise);
        Assert.Equal(HttpStatusCode.Created, status);
        using (var leaf = await IssueAsync(order.GetProperty("caReference").GetString()!, MailboxCsr(work), "domain_control", "organization", "identity", "callback"))
        {
            var subject = Attributes(leaf);
            Assert.Equal(("Maria", "Rossi", "Maria Rossi"), (subject["2.5.4.42"], subject["2.5.4.4"], subject["2.5.4.3"]));
            Assert.Equal(company, subject["2.5.4.10"]);
            Assert.Equal("Via San Clemente 53", subject["2.5.4.9"]);
            Assert.Equal("IT", subject["2.5.4.6"]);
        }
    }

    [Fact]
    public async Task A_second_ov_order_for_a_vetted_organization_skips_the_organization_step_but_not_another_organizations_nor_ev()
    {
        var company = Company();
        var subject = Validated(ProductCatalog.Get("ov-single"), new(Org(company), Contacts));
        var first = await PostOrderAsync("ov-single", Name("vet1"), subject);
        var firstReference = first.Body.GetProperty("caReference").GetString()!;
        await fixture.Sandbox.ApproveAsync(firstReference, "domain_control");
        await fixture.Sandbox.ApproveAsync(firstReference, "organization");

        // The same organization written differently (case, punctuation, address): the same profile key.
        var sameCompany = Validated(ProductCatalog.Get("ov-multi"), new(Org(company.ToUpperInvariant().Replace(".", "")) with { StreetAddress = "Via Roma 1" }, Contacts));
        var name = Name("vet2");
        var (status, second) = await PostOrderAsync("ov-multi", name, sameCompany);
        Assert.Equal(HttpStatusCode.Created, status);
        var secondReference = second.GetProperty("caReference").GetString()!;
        var organizationStep = second.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "organization");
        Assert.Equal("completed", organizationStep.GetProperty("status").GetString());
        Assert.Equal(firstReference, organizationStep.GetProperty("reusedFrom").GetString());
        Assert.Equal("domain_control", second.GetProperty("currentStep").GetString());
        // The adapter (what SslFlow reads) sees the step completed and where it came from.
        var state = await fixture.Adapter().GetStateAsync(secondReference, default);
        Assert.Contains(ValidationEvents.OrganizationValidated, state.CompletedSteps!);
        var deliveries = await fixture.Sandbox.GetWebhookDeliveriesAsync();
        Assert.Contains(deliveries.EnumerateArray(), d => d.ToString().Contains(secondReference) && d.ToString().Contains(ValidationEvents.OrganizationValidated));

        using var csr = new TestCsr(name);
        using var leaf = await IssueAsync(secondReference, csr.Der, "domain_control"); // no organization approval needed
        Assert.Equal(company.ToUpperInvariant().Replace(".", ""), Attributes(leaf)["2.5.4.10"]);

        // A third order reusing it keeps the first vetting as its source (reuse does not extend the period).
        var third = await PostOrderAsync("ov-single", Name("vet3"), sameCompany);
        Assert.Equal(firstReference, third.Body.GetProperty("steps")[1].GetProperty("reusedFrom").GetString());

        var otherCompany = Validated(ProductCatalog.Get("ov-single"), new(Org(company) with { Country = "FR" }, Contacts));
        var other = await PostOrderAsync("ov-single", Name("vet4"), otherCompany);
        Assert.Equal("pending", other.Body.GetProperty("steps")[1].GetProperty("status").GetString());

        var ev = Validated(ProductCatalog.Get("ev-single"),
            new(Org(company) with { Jurisdiction = new JurisdictionRequest("IT"), BusinessCategory = "Government Entity" }, Contacts));
        var evOrder = await PostOrderAsync("ev-single", Name("vet5"), ev);
        Assert.Equal("pending", evOrder.Body.GetProperty("steps")[1].GetProperty("status").GetString()); // an OV vetting does not cover EV
    }

    [Fact]
    public async Task Details_and_vettings_survive_a_restart_of_the_sandbox()
    {
        var data = Directory.CreateTempSubdirectory("sslflow-sandbox-org-").FullName;
        try
        {
            var company = Company();
            var subject = Validated(ProductCatalog.Get("ov-single"), new(Org(company), Contacts));
            string firstReference;
            await using (var sandbox = await SandboxCaRunner.StartAsync(dataDirectory: data))
            {
                firstReference = (await PostAsync(sandbox, subject)).GetProperty("caReference").GetString()!;
                await sandbox.ApproveAsync(firstReference, "domain_control");
                await sandbox.ApproveAsync(firstReference, "organization");
            }
            await using (var sandbox = await SandboxCaRunner.StartAsync(dataDirectory: data))
            {
                Assert.Equal(company, (await sandbox.GetOrderAsync(firstReference)).GetProperty("organization").GetProperty("legalName").GetString());
                var second = await PostAsync(sandbox, subject);
                Assert.Equal(firstReference, second.GetProperty("steps")[1].GetProperty("reusedFrom").GetString());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private async Task<JsonElement> PostAsync(SandboxCaRunner sandbox, SandboxSubject subject)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.BaseUri, "v1/orders"))
        {
            Content = JsonContent.Create(new
            {
                productCode = "ov-single",
                dnsNames = new[] { Name("rst") },
                dcvMethod = "dns",
                orderKey = $"order-{Guid.NewGuid():N}",
                organization = subject.Organization,
                contacts = subject.Contacts,
            }, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.ApiKey);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Invalid_details_are_refused_with_a_problem_naming_each_field()
    {
        var bad = new SandboxSubject(
            Org(Company()) with { Country = "UK", Locality = null, StateOrProvince = null, Phone = "0575 0505" },
            new ContactsRequest(new ContactRequest("Maria", "not-an-address", "+0 575 0505"), null),
            null);
        var (status, problem) = await PostOrderAsync("ov-single", Name("bad"), bad);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid-details", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["organization.country", "organization.locality", "organization.phone", "contacts.admin.email", "contacts.admin.phone", "contacts.technical"], fields);
        Assert.Contains("organization.country", problem.GetProperty("detail").GetString());

        var (dvStatus, dvProblem) = await PostOrderAsync("dv-single", Name("dvorg"), new SandboxSubject(Org(Company()), null, null));
        Assert.Equal(HttpStatusCode.BadRequest, dvStatus);
        Assert.Equal("organization", dvProblem.GetProperty("errors")[0].GetProperty("field").GetString());

        var ev = new SandboxSubject(Org(Company()) with { BusinessCategory = "Small Business", Jurisdiction = new JurisdictionRequest("XX"), RegistrationNumber = "Nº 1" }, Contacts, null);
        var (evStatus, evProblem) = await PostOrderAsync("ev-single", Name("evbad"), ev);
        Assert.Equal(HttpStatusCode.BadRequest, evStatus);
        Assert.Equal(["organization.registrationNumber", "organization.businessCategory", "organization.jurisdiction.country"],
            evProblem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));

        var (proStatus, proProblem) = await PostOrderAsync("smime-pro", "x@example.test", new SandboxSubject(null, null, new PersonRequest("Maria", null)));
        Assert.Equal(HttpStatusCode.BadRequest, proStatus);
        Assert.Equal("person.surname", proProblem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_smime_csr_must_ask_for_the_orders_mailbox_and_person_and_the_certificate_is_an_emailProtection_one_within_825_days()
    {
        var mailbox = $"anna.{Guid.NewGuid():N}"[..13] + "@example.test";
        var (status, order) = await PostOrderAsync("smime-pro", mailbox, Validated(ProductCatalog.Get("smime-pro"), new(Person: new("Anna", "Neri"))));
        Assert.Equal(HttpStatusCode.Created, status);
        var reference = order.GetProperty("caReference").GetString()!;
        foreach (var step in new[] { "identity", "email_control" }) await fixture.Sandbox.ApproveAsync(reference, step);
        var ca = fixture.Adapter();

        // Another mailbox, a DNS name next to the mailbox, another address as CN, another person: each refused, naming why.
        var other = await Assert.ThrowsAsync<SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException>(() => ca.FinalizeAsync(reference, PersonCsr("x" + mailbox, "Anna", "Neri"), default));
        Assert.Contains("csr-mailbox-mismatch", other.Message);
        Assert.Contains(mailbox, other.Message);
        var withDns = await Assert.ThrowsAsync<SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException>(() => ca.FinalizeAsync(reference, PersonCsr(mailbox, "Anna", "Neri", dnsName: "www.example.test"), default));
        Assert.Contains("csr-mailbox-mismatch", withDns.Message);
        var cn = await Assert.ThrowsAsync<SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException>(() => ca.FinalizeAsync(reference, PersonCsr(mailbox, null, null, commonName: "boss@example.test"), default));
        Assert.Contains("common name", cn.Message);
        var person = await Assert.ThrowsAsync<SslFlow.Contracts.CertificateAuthorities.CaOrderFailedException>(() => ca.FinalizeAsync(reference, PersonCsr(mailbox, "Anna", "Bianchi"), default));
        Assert.Contains("csr-person-mismatch", person.Message);

        // As SslFlow's vault makes it: CN the person, givenName, surname, the mailbox as rfc822Name only.
        await ca.FinalizeAsync(reference, PersonCsr(mailbox, "Anna", "Neri"), default);
        using var leaf = X509CertificateLoader.LoadCertificate((await ca.DownloadAsync(reference, default))[0]);
        var subject = Attributes(leaf);
        Assert.Equal(("Anna", "Neri", "Anna Neri"), (subject["2.5.4.42"], subject["2.5.4.4"], subject["2.5.4.3"]));
        Assert.Equal(["1.3.6.1.5.5.7.3.4"], leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Empty(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.Equal(mailbox, leaf.GetNameInfo(X509NameType.EmailName, false));
        Assert.Contains(leaf.Extensions, e => e.Oid?.Value == "2.5.29.32" && Convert.ToHexString(e.RawData).Contains("060767810C01050402", StringComparison.Ordinal)); // 2.23.140.1.5.4.2 (individual-validated)
        Assert.True(leaf.NotAfter - leaf.NotBefore < TimeSpan.FromDays(825));
    }

    /// <summary>An S/MIME CSR: the person (if any) as GN/SN and CN, the mailbox as rfc822Name, and optionally a DNS name or another CN.</summary>
    private static byte[] PersonCsr(string mailbox, string? givenName, string? surname, string? dnsName = null, string? commonName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName ?? (givenName is null ? mailbox : $"{givenName} {surname}"));
        if (surname is not null) subject.Add("2.5.4.4", surname, System.Formats.Asn1.UniversalTagNumber.UTF8String);
        if (givenName is not null) subject.Add("2.5.4.42", givenName, System.Formats.Asn1.UniversalTagNumber.UTF8String);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(mailbox);
        if (dnsName is not null) san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }

    private static byte[] MailboxCsr(string mailbox)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={mailbox}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(mailbox);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }

    public void Dispose() => _http.Dispose();
}
