using SslFlow.Domain.Organizations;
using SslFlow.Domain.Products;

namespace SslFlow.Domain.Tests.Organizations;

public class SmimeSubjectTests
{
    private static readonly Organization Company = new("Rossi S.p.A.", "IT", "Lombardia", "Milano", "Via Roma 1", "20121", "+390212345678");
    private static readonly SubjectDetails Everything = new(Company, null, new PersonName("Maria", "De Luca"));

    [Fact]
    public void Basic_names_only_the_mailbox_even_when_details_were_given()
    {
        var subject = SmimeSubject.For(ProductCatalog.Get("smime-basic"), "maria@example.com", Everything);

        Assert.Equal(new SmimeSubject("maria@example.com", "maria@example.com"), subject);
    }

    [Fact]
    public void Pro_names_the_person_and_no_organization()
    {
        var subject = SmimeSubject.For(ProductCatalog.Get("smime-pro"), "maria@example.com", Everything);

        Assert.Equal(new SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca"), subject);
    }

    [Fact]
    public void Pro_without_a_person_falls_back_to_the_mailbox_as_common_name()
    {
        Assert.Equal(new SmimeSubject("maria@example.com", "maria@example.com"), SmimeSubject.For(ProductCatalog.Get("smime-pro"), "maria@example.com", null));
    }

    [Fact]
    public void Enterprise_names_the_person_and_the_sponsoring_organization()
    {
        var subject = SmimeSubject.For(ProductCatalog.Get("smime-enterprise"), "maria@example.com", Everything);

        Assert.Equal(new SmimeSubject("maria@example.com", "Maria De Luca", "Maria", "De Luca", "Rossi S.p.A.", "IT", "Lombardia", "Milano"), subject);
    }

    [Fact]
    public void A_mailbox_too_long_for_a_common_name_leaves_the_common_name_out()
    {
        var mailbox = new string('m', 60) + "@example.com";

        Assert.Null(SmimeSubject.For(ProductCatalog.Get("smime-basic"), mailbox, null).CommonName);
    }

    [Fact]
    public void A_tls_product_has_no_smime_subject()
    {
        Assert.Throws<ArgumentException>(() => SmimeSubject.For(ProductCatalog.Get("ov-single"), "maria@example.com", Everything));
    }
}
