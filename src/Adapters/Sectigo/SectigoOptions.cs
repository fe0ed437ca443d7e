namespace SslFlow.Adapters.Sectigo;

/// <summary>
/// Settings of the Sectigo reseller API (section <c>SslFlow:Sectigo</c>; it joins the CA catalogue later).
/// <see cref="LoginName"/> and <see cref="LoginPassword"/> are secrets (Key Vault references in Azure): they go only
/// into request bodies, never into logs or exception messages.
/// </summary>
public sealed class SectigoOptions
{
    public const string Section = "SslFlow:Sectigo";

    /// <summary>Where the calls live; each call appends its own path (<c>!AutoApplyOrder</c>, <c>download/CollectSSL</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://secure.trust-provider.com/products/");

    public string LoginName { get; set; } = "";

    public string LoginPassword { get; set; } = "";

    /// <summary>
    /// Slowest-allowed poll: Sectigo asks partners not to poll more often than every 3 hours
    /// (https://docs.sectigo.com/sps/collect-ssl/overview). A setting so tests can shorten it.
    /// </summary>
    public TimeSpan MinimumPollInterval { get; set; } = TimeSpan.FromHours(3);
}
