using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SslFlow.Contracts.Installation;

namespace SslFlow.Adapters.Installation;

/// <summary>
/// Installs on Azure App Service through Azure Resource Manager, raw REST on an Azure.Core pipeline (bearer token of
/// the managed identity, the SDK's retry policy) rather than Azure.ResourceManager's generic resources: three plain
/// calls, and the same code runs against the local ARM stub the tests check every request with.
/// <list type="number">
/// <item>GET the site: its location and App Service plan (serverFarmId).</item>
/// <item>GET the host name binding: already SNI-bound to this thumbprint → nothing to do (re-run).</item>
/// <item>PUT <c>Microsoft.Web/certificates/{certificateName}-{thumbprint}</c> with keyVaultId + keyVaultSecretName: App
/// Service (its first-party identity) pulls the secret from Key Vault; the name carries the thumbprint so a renewal
/// is a new import and the old binding keeps serving until the new one is bound.</item>
/// <item>PUT <c>Microsoft.Web/sites/{site}/hostNameBindings/{host}</c> with sslState SniEnabled and the thumbprint.</item>
/// </list>
/// Long-running answers (201/202 with Azure-AsyncOperation or Location) are polled on the injected <see cref="TimeProvider"/>.
/// The key never passes through SslFlow.
/// </summary>
public sealed class AppServiceInstallTarget : IInstallTarget
{
    private readonly AppServiceInstallOptions _options;
    private readonly HttpPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AppServiceInstallTarget(AppServiceInstallOptions options, TokenCredential credential, HttpPipelineTransport? transport = null,
        TimeProvider? timeProvider = null, ILogger<AppServiceInstallTarget>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AppServiceInstallTarget>.Instance;
        var pipelineOptions = new ArmPipelineOptions();
        if (transport is not null)
        {
            pipelineOptions.Transport = transport;
        }

        _pipeline = HttpPipelineBuilder.Build(pipelineOptions, new BearerTokenAuthenticationPolicy(credential, options.Scope));
    }

    public string Kind => InstallTargetKinds.AppService;

    public async Task<InstallResult> InstallAsync(InstallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Target is not AppServiceTarget target)
        {
            throw new ArgumentException($"Expected an {nameof(AppServiceTarget)}, got {request.Target.GetType().Name}.", nameof(request));
        }

        var verifyAt = target.VerifyAt;
        if (string.IsNullOrWhiteSpace(_options.KeyVaultResourceId))
        {
            return InstallResult.Failed($"{nameof(AppServiceInstallOptions.KeyVaultResourceId)} is not configured: App Service cannot import from Key Vault.", verifyAt);
        }

        var group = $"/subscriptions/{Segment(target.SubscriptionId)}/resourceGroups/{Segment(target.ResourceGroup)}/providers/Microsoft.Web";
        var sitePath = $"{group}/sites/{Segment(target.SiteName)}";
        var bindingPath = $"{sitePath}/hostNameBindings/{Segment(target.HostName)}";
        var certificateResource = $"{request.CertificateName}-{request.Thumbprint}".ToLowerInvariant();
        var certificatePath = $"{group}/certificates/{Segment(certificateResource)}";

        try
        {
            var site = await SendAsync(RequestMethod.Get, Url(sitePath), null, cancellationToken).ConfigureAwait(false);
            if (site.Status == 404)
            {
                return InstallResult.Failed($"App Service site {target.SiteName} was not found in resource group {target.ResourceGroup}.", verifyAt);
            }

            EnsureSuccess(site, "read the site");
            var location = site.Body?["location"]?.GetValue<string>() ?? throw new ArmException("The site has no location.");
            var serverFarmId = site.Body?["properties"]?["serverFarmId"]?.GetValue<string>() ?? throw new ArmException("The site has no serverFarmId.");

            var binding = await SendAsync(RequestMethod.Get, Url(bindingPath), null, cancellationToken).ConfigureAwait(false);
            if (binding.Status == 200
                && string.Equals(binding.Body?["properties"]?["thumbprint"]?.GetValue<string>(), request.Thumbprint, StringComparison.OrdinalIgnoreCase)
                && string.Equals(binding.Body?["properties"]?["sslState"]?.GetValue<string>(), "SniEnabled", StringComparison.OrdinalIgnoreCase))
            {
                return new InstallResult(InstallOutcome.AlreadyInstalled, $"{target.HostName} on App Service {target.SiteName} is already bound to thumbprint {request.Thumbprint}.", verifyAt);
            }

            if (binding.Status != 404)
            {
                EnsureSuccess(binding, "read the host name binding");
            }

            var imported = await PutAndWaitAsync(certificatePath, new JsonObject
            {
                ["location"] = location,
                ["properties"] = new JsonObject
                {
                    ["keyVaultId"] = _options.KeyVaultResourceId,
                    ["keyVaultSecretName"] = request.CertificateName,
                    ["serverFarmId"] = serverFarmId,
                },
            }, "import the Key Vault certificate", cancellationToken).ConfigureAwait(false);

            var importedThumbprint = imported?["properties"]?["thumbprint"]?.GetValue<string>();
            if (!string.Equals(importedThumbprint, request.Thumbprint, StringComparison.OrdinalIgnoreCase))
            {
                // Key Vault's current version is not the one this order expects (a newer renewal, or not merged yet).
                return InstallResult.Failed($"App Service imported thumbprint {importedThumbprint ?? "(none)"} from Key Vault secret '{request.CertificateName}', expected {request.Thumbprint}.", verifyAt);
            }

            await PutAndWaitAsync(bindingPath, new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["siteName"] = target.SiteName,
                    ["hostNameType"] = "Verified",
                    ["sslState"] = "SniEnabled",
                    ["thumbprint"] = request.Thumbprint,
                },
            }, "bind the host name", cancellationToken).ConfigureAwait(false);

            _logger.LogInformation("App Service: bound {HostName} on {Site} to thumbprint {Thumbprint}", target.HostName, target.SiteName, request.Thumbprint);
            return new InstallResult(InstallOutcome.Installed, $"Imported Key Vault certificate '{request.CertificateName}' into {target.ResourceGroup} and bound {target.HostName} on App Service {target.SiteName} with SNI (thumbprint {request.Thumbprint}).", verifyAt);
        }
        catch (ArmException e)
        {
            _logger.LogWarning("App Service: install of {CertificateName} on {Site} failed: {Error}", request.CertificateName, target.SiteName, e.Message);
            return InstallResult.Failed($"App Service {target.SiteName}: {e.Message}", verifyAt);
        }
    }

    private async Task<JsonNode?> PutAndWaitAsync(string path, JsonNode body, string what, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Put, Url(path), body, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, what);
        if (response.AsyncOperation is { } operation && response.Status is 201 or 202)
        {
            await WaitForAsyncOperationAsync(operation, response.RetryAfter, what, cancellationToken).ConfigureAwait(false);
            var final = await SendAsync(RequestMethod.Get, Url(path), null, cancellationToken).ConfigureAwait(false);
            EnsureSuccess(final, what);
            return final.Body;
        }

        if (response.Status == 202 && response.Location is { } location)
        {
            return await WaitForLocationAsync(location, response.RetryAfter, what, cancellationToken).ConfigureAwait(false);
        }

        return response.Body;
    }

    private async Task WaitForAsyncOperationAsync(Uri operation, TimeSpan? retryAfter, string what, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.OperationTimeout;
        while (true)
        {
            await DelayAsync(retryAfter, deadline, what, cancellationToken).ConfigureAwait(false);
            var poll = await SendAsync(RequestMethod.Get, operation, null, cancellationToken).ConfigureAwait(false);
            EnsureSuccess(poll, what);
            var status = poll.Body?["status"]?.GetValue<string>();
            switch (status)
            {
                case "Succeeded":
                    return;
                case "Failed" or "Canceled":
                    throw new ArmException($"could not {what}: operation {status}{ErrorText(poll.Body)}");
            }

            retryAfter = poll.RetryAfter;
        }
    }

    private async Task<JsonNode?> WaitForLocationAsync(Uri location, TimeSpan? retryAfter, string what, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.OperationTimeout;
        while (true)
        {
            await DelayAsync(retryAfter, deadline, what, cancellationToken).ConfigureAwait(false);
            var poll = await SendAsync(RequestMethod.Get, location, null, cancellationToken).ConfigureAwait(false);
            EnsureSuccess(poll, what);
            if (poll.Status != 202)
            {
                return poll.Body;
            }

            retryAfter = poll.RetryAfter;
        }
    }

    private async Task DelayAsync(TimeSpan? retryAfter, DateTimeOffset deadline, string what, CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() >= deadline)
        {
            throw new ArmException($"could not {what}: the operation did not finish within {_options.OperationTimeout.TotalSeconds:0} s");
        }

        var delay = retryAfter ?? _options.PollInterval;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ArmResponse> SendAsync(RequestMethod method, Uri uri, JsonNode? body, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body));
        }

        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        JsonNode? json = null;
        if (response.Content.ToMemory().Length > 0)
        {
            try
            {
                json = JsonNode.Parse(response.Content.ToMemory().Span);
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        Uri? Header(string name) => response.Headers.TryGetValue(name, out var value) && Uri.TryCreate(value, UriKind.Absolute, out var parsed) ? parsed : null;
        TimeSpan? retryAfter = response.Headers.TryGetValue("Retry-After", out var seconds) && int.TryParse(seconds, out var s) ? TimeSpan.FromSeconds(s) : null;
        return new ArmResponse(response.Status, json, Header("Azure-AsyncOperation"), Header("Location"), retryAfter);
    }

    private static void EnsureSuccess(ArmResponse response, string what)
    {
        if (response.Status is < 200 or >= 300)
        {
            throw new ArmException($"could not {what}: HTTP {response.Status}{ErrorText(response.Body)}");
        }
    }

    private static string ErrorText(JsonNode? body) =>
        body?["error"] is { } error ? $" {error["code"]?.GetValue<string>()}: {error["message"]?.GetValue<string>()}" : "";

    private Uri Url(string path) => new(_options.ResourceManagerEndpoint, $"{path}?api-version={Uri.EscapeDataString(_options.ApiVersion)}");

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private sealed record ArmResponse(int Status, JsonNode? Body, Uri? AsyncOperation, Uri? Location, TimeSpan? RetryAfter);

    private sealed class ArmException(string message) : Exception(message);

    private sealed class ArmPipelineOptions : ClientOptions;
}
