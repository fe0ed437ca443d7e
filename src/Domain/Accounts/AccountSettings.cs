namespace SslFlow.Domain.Accounts;

/// <summary>
/// One account in configuration, bound from <c>SslFlow:Accounts:{accountId}</c>:
/// <c>SslFlow:Accounts:acme:DisplayName = "Acme S.p.A."</c>, <c>SslFlow:Accounts:acme:Role = Customer</c> (default) or
/// <c>Operator</c>, <c>SslFlow:Accounts:acme:ApiKeys:0 = …</c>, <c>…:ApiKeys:1 = …</c> (two slots, so a key is rotated
/// without downtime). In Azure each key is an app setting whose value is a Key Vault reference
/// (<c>@Microsoft.KeyVault(SecretUri=…)</c>) that the platform resolves; the key itself never sits in settings or code.
/// </summary>
public sealed class AccountSettings
{
    public string? DisplayName { get; set; }

    public AccountRole Role { get; set; } = AccountRole.Customer;

    /// <summary>Empty entries are skipped (a slot kept free between rotations).</summary>
    public List<string> ApiKeys { get; set; } = [];
}
