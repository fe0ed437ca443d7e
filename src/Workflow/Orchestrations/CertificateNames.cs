namespace SslFlow.Workflow.Orchestrations;

/// <summary>Vault names: Key Vault allows letters, digits and dashes only.</summary>
public static class CertificateNames
{
    public static string For(string orderId) => "order-" + new string(orderId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
