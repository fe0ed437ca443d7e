namespace SslFlow.Domain.Orders;

/// <summary>Who caused a transition. Kept in every audit entry so support can tell a CA rejection from a customer cancel.</summary>
public enum OrderActor
{
    Customer,
    CertificateAuthority,
    System,
    Operator,
}
