namespace SslFlow.Domain.Products;

/// <summary>What the CA vets. TLS: DV/OV/EV. S/MIME (CA/B Forum S/MIME BR): mailbox, individual and sponsor (organization + person).</summary>
public enum ValidationLevel
{
    Domain,
    Organization,
    Extended,
    Mailbox,
    Individual,
    Sponsor,
}
