using SslFlow.Domain.Accounts;

namespace SslFlow.Domain.Tests.Accounts;

public class AccountsTests
{
    private const string AcmeKey = "acme-key-0123456789abcdefghij";
    private const string AcmeNextKey = "acme-key-next-0123456789abcdef";
    private const string GlobexKey = "globex-key-0123456789abcdefgh";
    private const string OperatorKey = "operator-key-0123456789abcdef";

    private static readonly Account Acme = new("acme", "Acme S.p.A.", AccountRole.Customer);
    private static readonly Account Globex = new("globex", "globex", AccountRole.Customer);
    private static readonly Account Ops = new("ops", "Operations", AccountRole.Operator);

    private static Dictionary<string, AccountSettings> Settings() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Acme"] = new() { DisplayName = "Acme S.p.A.", ApiKeys = [AcmeKey, AcmeNextKey] },
        ["globex"] = new() { ApiKeys = [GlobexKey, ""] },
        ["ops"] = new() { DisplayName = "Operations", Role = AccountRole.Operator, ApiKeys = [OperatorKey] },
    };

    [Fact]
    public void Operators_see_every_order_customers_only_their_own()
    {
        Assert.True(OrderAccess.CanSee(Ops, "acme"));
        Assert.True(OrderAccess.CanSee(Ops, null));
        Assert.True(OrderAccess.CanSee(Acme, "acme"));
        Assert.False(OrderAccess.CanSee(Acme, "globex"));
        Assert.False(OrderAccess.CanSee(Globex, "acme"));
        Assert.False(OrderAccess.CanSee(Acme, "ACME")); // ids are stored lower-case; no loose matching
        Assert.False(OrderAccess.CanSee(Acme, null)); // orders from before accounts: operators only
        Assert.False(OrderAccess.CanSee(Acme, ""));
    }

    [Fact]
    public void Lists_are_scoped_to_the_customer()
    {
        Assert.Null(OrderAccess.ListScope(Ops));
        Assert.Equal("acme", OrderAccess.ListScope(Acme));
    }

    [Fact]
    public void Each_key_authenticates_its_account()
    {
        var (directory, errors) = ApiKeyDirectory.Build(Settings());
        Assert.Empty(errors);
        Assert.Equal(Acme, directory!.Authenticate(AcmeKey));
        Assert.Equal(Acme, directory.Authenticate(AcmeNextKey)); // second slot: rotation
        Assert.Equal(Globex, directory.Authenticate(GlobexKey)); // display name defaults to the id
        Assert.Equal(Ops, directory.Authenticate(OperatorKey));
        Assert.Null(directory.Authenticate(AcmeKey + "x"));
        Assert.Null(directory.Authenticate(AcmeKey[..^1]));
        Assert.Null(directory.Authenticate(""));
        Assert.Null(directory.Authenticate(null));
        Assert.Equal(Acme, directory.Find("ACME"));
        Assert.Equal(3, directory.Accounts.Count);
    }

    [Fact]
    public void Misconfigurations_are_reported_by_setting_path()
    {
        var settings = Settings();
        settings["acme"].ApiKeys.Add("short");
        settings["globex"].ApiKeys.Add(AcmeKey);
        settings["bad id!"] = new() { ApiKeys = [new string('k', 30)] };
        settings["kv"] = new() { ApiKeys = ["@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/kv-key/)"] };
        var (directory, errors) = ApiKeyDirectory.Build(settings);
        Assert.Null(directory);
        Assert.Equal(
            ["SslFlow:Accounts:Acme:ApiKeys:2", "SslFlow:Accounts:globex:ApiKeys:2", "SslFlow:Accounts:bad id!", "SslFlow:Accounts:kv:ApiKeys:0"],
            errors.Select(e => e.Field));
        Assert.Contains("at least 24", errors[0].Reason);
        Assert.Contains("account 'acme'", errors[1].Reason);
        Assert.Contains("Key Vault reference", errors[3].Reason);
    }

    [Fact]
    public void Legacy_caller_keys_become_customer_accounts()
    {
        var settings = ApiKeyDirectory.FromCallerKeys(new Dictionary<string, string> { [AcmeKey] = "demo", [GlobexKey] = "demo", [OperatorKey] = "bench" });
        var (directory, errors) = ApiKeyDirectory.Build(settings);
        Assert.Empty(errors);
        Assert.Equal(new Account("demo", "demo", AccountRole.Customer), directory!.Authenticate(GlobexKey));
        Assert.Equal("bench", directory.Authenticate(OperatorKey)!.Id);
        Assert.False(directory.Authenticate(OperatorKey)!.IsOperator);
    }
}
