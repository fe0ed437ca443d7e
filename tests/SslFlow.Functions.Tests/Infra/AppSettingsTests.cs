using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using SslFlow.Functions.Composition;

namespace SslFlow.Functions.Tests.Infra;

/// <summary>The function app's settings in Bicep and in local.settings.json.example are exactly the options the app binds.</summary>
public sealed class AppSettingsTests
{
    /// <summary>Setting names the options define: scalars as <c>SslFlow__A__B</c>, dictionaries as prefixes <c>SslFlow__Name__</c>.</summary>
    private static (List<(string Name, bool Required)> Scalars, List<(string Prefix, bool Required)> Maps) Expected()
    {
        var scalars = new List<(string, bool)>();
        var maps = new List<(string, bool)>();
        void Walk(Type type, string prefix)
        {
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = $"{prefix}__{p.Name}";
                if (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
                {
                    maps.Add((name + "__", p.GetCustomAttribute<MinLengthAttribute>() is { Length: > 0 }));
                }
                else if (p.PropertyType.IsClass && p.PropertyType != typeof(string))
                {
                    Walk(p.PropertyType, name);
                }
                else
                {
                    scalars.Add((name, p.GetCustomAttribute<RequiredAttribute>() is not null));
                }
            }
        }

        Walk(typeof(FunctionsAppOptions), FunctionsAppOptions.Section);
        return (scalars, maps);
    }

    private static void AssertMatches(IReadOnlyCollection<string> settings, string where, bool allRequiredOnly)
    {
        var (scalars, maps) = Expected();
        foreach (var (name, required) in scalars.Where(s => s.Required || !allRequiredOnly))
        {
            Assert.True(settings.Contains(name), $"{where} does not set {name}");
        }

        foreach (var (prefix, required) in maps.Where(m => m.Required))
        {
            Assert.True(settings.Any(s => s.StartsWith(prefix, StringComparison.Ordinal) && s.Length > prefix.Length), $"{where} sets no {prefix}<name>");
        }

        foreach (var setting in settings.Where(s => s.StartsWith(FunctionsAppOptions.Section + "__", StringComparison.Ordinal)))
        {
            Assert.True(scalars.Any(s => s.Name == setting) || maps.Any(m => setting.StartsWith(m.Prefix, StringComparison.Ordinal)),
                $"{where} sets {setting}, which FunctionsAppOptions does not read");
        }
    }

    [Fact]
    public void The_bicep_app_settings_are_the_options_the_app_binds()
    {
        var settings = BicepFiles.AppSettingNames();

        AssertMatches(settings, "infra/modules/functionapp.bicep", allRequiredOnly: false);
        Assert.Equal(settings.Count, settings.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_bicep_app_settings_give_the_host_and_the_credential_what_they_read()
    {
        var settings = BicepFiles.AppSettingNames();

        // Identity-based host/Durable storage, telemetry with Entra ID, the user-assigned identity for DefaultAzureCredential.
        Assert.Contains("AzureWebJobsStorage__accountName", settings);
        Assert.Contains("AzureWebJobsStorage__credential", settings);
        Assert.Contains("AzureWebJobsStorage__clientId", settings);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings);
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", settings);
        Assert.Contains("AZURE_CLIENT_ID", settings);
        // Flex Consumption takes the runtime from functionAppConfig and refuses these as app settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings);
        Assert.DoesNotContain("AzureWebJobsStorage", settings);
    }

    [Fact]
    public void Secrets_are_key_vault_references_not_values()
    {
        var text = BicepFiles.Module("functionapp");

        foreach (var secret in new[] { "SslFlow__ApiKeys__", "SslFlow__WebhookSecrets__", "SslFlow__Acme__EabHmacKey" })
        {
            var line = text.Split('\n').Single(l => l.Contains($"name: '{secret}", StringComparison.Ordinal));
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_local_settings_example_sets_the_same_names()
    {
        using var json = JsonDocument.Parse(RepoFiles.Read("src/Functions/local.settings.json.example"));
        var settings = json.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();

        AssertMatches(settings, "src/Functions/local.settings.json.example", allRequiredOnly: false);
        Assert.Contains("AzureWebJobsStorage", settings);
    }

    [Fact]
    public void Main_passes_every_required_parameter_of_each_module_and_no_unknown_ones()
    {
        var arguments = BicepFiles.ModuleArguments();

        Assert.Equal(BicepFiles.Modules(), arguments.Keys.Order());
        foreach (var (module, keys) in arguments)
        {
            var (required, all) = BicepFiles.Params(module);
            Assert.True(required.IsSubsetOf(keys), $"main.bicep does not pass {string.Join(", ", required.Except(keys))} to {module}");
            Assert.True(keys.IsSubsetOf(all), $"main.bicep passes {string.Join(", ", keys.Except(all))}, which {module} does not declare");
        }
    }

    [Fact]
    public void Azd_deploys_the_functions_project_provisioned_with_its_service_tag()
    {
        var azure = RepoFiles.Read("azure.yaml");

        Assert.Contains("project: ./src/Functions", azure, StringComparison.Ordinal);
        Assert.Contains("host: function", azure, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': 'api'", BicepFiles.Main, StringComparison.Ordinal);
        Assert.True(File.Exists(RepoFiles.PathOf("infra/main.parameters.json")));
    }
}
