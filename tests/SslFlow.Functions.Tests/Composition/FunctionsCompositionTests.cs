using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SslFlow.Adapters.Notifications.AcsEmail;
using SslFlow.Application.Telemetry;
using SslFlow.Functions.Composition;
using SslFlow.Functions.Http;
using SslFlow.Functions.Timer;
using SslFlow.Workflow.Catalog;
using SslFlow.Contracts.CertificateAuthorities;
using SslFlow.Contracts.Notifications;
using SslFlow.Contracts.Orders;
using SslFlow.Activities;
using SslFlow.Contracts.Renewal;
using SslFlow.Domain.Rules;

namespace SslFlow.Functions.Tests.Composition;

/// <summary>The app's composition: options bound and validated at start, every function's dependencies resolvable.</summary>
public sealed class FunctionsCompositionTests
{
    internal static Dictionary<string, string?> ValidSettings() => new()
    {
        ["SslFlow:KeyVaultUri"] = "https://sslflow-kv.vault.azure.net/",
        ["SslFlow:TablesEndpoint"] = "https://sslflowst.table.core.windows.net",
        ["SslFlow:EmailEndpoint"] = "https://sslflow-acs.communication.azure.com",
        ["SslFlow:EmailSender"] = "DoNotReply@mail.example.com",
        ["SslFlow:ApiKeys:reseller"] = "reseller-key-0123456789abcdef",
        ["SslFlow:WebhookSecrets:sandbox:0"] = "whsec_" + Convert.ToBase64String(new byte[32]),
        ["SslFlow:Acme:DirectoryUrl"] = "https://acme.example.com/directory",
        ["SslFlow:Acme:AccountEmail"] = "certificates@example.com",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddSslFlowFunctions(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void With_complete_settings_every_function_class_and_activity_resolves()
    {
        using var sp = Build(ValidSettings());

        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(ActivatorUtilities.CreateInstance<OrderFunctions>(sp));
        Assert.NotNull(ActivatorUtilities.CreateInstance<WebhookFunctions>(sp));
        Assert.NotNull(ActivatorUtilities.CreateInstance<RenewalTimerFunction>(sp));
        foreach (var activity in ActivityCatalog.Activities) Assert.NotNull(sp.GetRequiredService(activity.Type));
        Assert.IsType<InstrumentedOrderStore>(sp.GetRequiredService<IOrderStore>());
        Assert.IsType<AcsEmailNotifier>(sp.GetRequiredService<INotifier>());
        Assert.Equal(["acme"], sp.GetRequiredService<CertificateAuthorities>().Names);
    }

    [Fact]
    public void Durable_payloads_use_the_workflow_json_shape_of_the_embedded_engine()
    {
        using var sp = Build(ValidSettings());
        var serializer = sp.GetRequiredService<IOptions<Microsoft.Azure.Functions.Worker.WorkerOptions>>().Value.Serializer;

        // Camel case and enums by name, as WorkflowJson writes them, so the order use cases read SerializedInput alike on both engines.
        var json = serializer!.Serialize(new SslFlow.Contracts.Renewal.MarkRemindedInput("c-1", "0A", 7)).ToString();
        Assert.Equal("""{"certificateId":"c-1","serialNumber":"0A","days":7}""", json);
        Assert.Equal("\"Dns01\"", serializer.Serialize(DcvMethod.Dns01).ToString());
    }

    [Theory]
    [InlineData("SslFlow:KeyVaultUri", "KeyVaultUri")]
    [InlineData("SslFlow:EmailSender", "EmailSender")]
    [InlineData("SslFlow:Acme:DirectoryUrl", "DirectoryUrl")]
    public void A_missing_setting_fails_start_up_naming_it(string key, string member)
    {
        var settings = ValidSettings();
        settings.Remove(key);
        using var sp = Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(member, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_api_key_fails_start_up()
    {
        var settings = ValidSettings();
        settings["SslFlow:ApiKeys:reseller"] = "short";
        using var sp = Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("at least 24 characters", ex.Message, StringComparison.Ordinal);
    }
}
