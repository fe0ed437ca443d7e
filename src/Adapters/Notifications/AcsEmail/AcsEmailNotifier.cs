using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using SslFlow.Contracts.Notifications;

namespace SslFlow.Adapters.Notifications.AcsEmail;

/// <summary>
/// Customer email through the Azure Communication Services Email REST API (<c>POST {endpoint}/emails:send</c>), signed
/// in with a token credential (the managed identity in Azure). No SDK: the request is built here and sent on an
/// Azure.Core pipeline, which adds the bearer token, retries 429 (honouring retry-after) and 5xx, and redacts
/// the Authorization header from its logs.
/// The Operation-Id header is derived from the message's idempotency key, so an activity re-run sends the same
/// operation again and ACS keeps one message. Returns once ACS accepted the message (202), not after delivery.
/// </summary>
public sealed class AcsEmailNotifier : INotifier
{
    /// <summary>Token scope of the ACS data plane (the double slash is part of the resource id).</summary>
    public const string Scope = "https://communication.azure.com//.default";

    private readonly HttpPipeline pipeline;
    private readonly AcsEmailOptions options;
    private readonly ILogger<AcsEmailNotifier> logger;

    public AcsEmailNotifier(AcsEmailOptions options, TokenCredential credential, ILogger<AcsEmailNotifier> logger, AcsEmailClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        this.options = options;
        this.logger = logger;
        this.pipeline = HttpPipelineBuilder.Build(clientOptions ?? new AcsEmailClientOptions(),
            perCallPolicies: [],
            perRetryPolicies: [new BearerTokenAuthenticationPolicy(credential, Scope)],
            new ResponseClassifier());
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operationId = OperationIdFor(message.IdempotencyKey);

        using var http = this.pipeline.CreateMessage();
        var request = http.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(this.options.Endpoint);
        request.Uri.AppendPath("/emails:send", escape: false);
        request.Uri.AppendQuery("api-version", this.options.ApiVersion);
        request.Headers.SetValue("Operation-Id", operationId.ToString("D"));
        request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        request.Headers.SetValue(HttpHeader.Names.Accept, "application/json");
        request.Content = RequestContent.Create(Body(this.options.SenderAddress, message));

        await this.pipeline.SendAsync(http, cancellationToken).ConfigureAwait(false);
        var response = http.Response;

        switch (response.Status)
        {
            case 202:
                // Operation-Location is the status URL of this send (endpoint + operation id): no secret in it.
                response.Headers.TryGetValue("Operation-Location", out var location);
                this.logger.LogInformation("ACS accepted {Subject} for {IdempotencyKey} as operation {OperationId} ({OperationLocation})",
                    message.Subject, message.IdempotencyKey, operationId, location);
                return;
            case 409:
                // The same Operation-Id was accepted before (an activity re-run): the message is already on its way.
                this.logger.LogInformation("ACS already has operation {OperationId} for {IdempotencyKey}", operationId, message.IdempotencyKey);
                return;
            default:
                var (code, detail) = Error(response);
                var kind = response.Status is 429 or >= 500 ? "still failing after retries" : "rejected the request";
                throw new RequestFailedException(response.Status,
                    $"ACS Email {kind}: HTTP {response.Status} {code} for {message.IdempotencyKey} (operation {operationId}): {detail}",
                    code, innerException: null);
        }
    }

    /// <summary>The emails:send request body (REST reference: senderAddress, recipients.to, content, attachments in base64).</summary>
    internal static byte[] Body(string senderAddress, EmailMessage message) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        senderAddress,
        recipients = new { to = new[] { new { address = message.To } } },
        content = new { subject = message.Subject, plainText = message.TextBody, html = message.HtmlBody },
        attachments = message.Attachments.Select(a => new { name = a.FileName, contentType = a.ContentType, contentInBase64 = Convert.ToBase64String(a.Content) }).ToArray(),
        // Transactional mail about certificates: no tracking pixels or rewritten links.
        userEngagementTrackingDisabled = true,
    });

    /// <summary>The ACS error body is <c>{"error":{"code","message"}}</c>; anything else is reported by status only.</summary>
    private static (string? Code, string Detail) Error(Response response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var detail = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                return (code, detail ?? response.ReasonPhrase);
            }
        }
        catch (JsonException)
        {
        }
        return (null, response.ReasonPhrase);
    }

    /// <summary>A stable GUID per idempotency key (first 16 bytes of SHA-256, version 8 and RFC 9562 variant bits set).</summary>
    public static Guid OperationIdFor(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}

/// <summary>Where and as whom to send.</summary>
public sealed class AcsEmailOptions
{
    /// <summary>The data-plane API version of the REST reference this body follows.</summary>
    public const string DefaultApiVersion = "2023-03-31";

    /// <summary>The Communication Services resource, https://{name}.communication.azure.com.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>MailFrom address of a verified domain linked to the resource (DoNotReply@{domain}).</summary>
    public required string SenderAddress { get; init; }

    public string ApiVersion { get; init; } = DefaultApiVersion;
}

/// <summary>
/// Pipeline options (transport, retry, diagnostics). The defaults retry 408, 429, 500, 502, 503 and 504 up to three
/// times with exponential back-off, waiting at least what retry-after says; other 4xx are returned at once.
/// </summary>
public sealed class AcsEmailClientOptions : ClientOptions
{
}
