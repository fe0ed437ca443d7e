using System.Text.Json;
using SslFlow.Cli.Models;

namespace SslFlow.Cli;

/// <summary>
/// <c>sslflow credentials &lt;orderId&gt; [--json]</c>: prints a CaaS subscription's EAB credentials (readable for 7 days from
/// the order date; each read is on the order's timeline) with a line to paste into an ACME client. 410 = gone for good.
/// </summary>
internal static class CredentialsCommand
{
    public static async Task<int> RunAsync(SslFlowClient client, string orderId, bool json, CliContext context, CancellationToken cancellationToken)
    {
        CredentialsDto credentials;
        try
        {
            credentials = await client.GetCredentialsAsync(orderId, cancellationToken);
        }
        catch (ApiProblem problem) when (problem.Status is 404 or 410)
        {
            context.Error.WriteLine(problem.Status == 410
                ? $"error: the credentials of order {orderId} are gone (readable for 7 days from the order date; they cannot be regenerated)."
                : $"error: no credentials for order {orderId}: {problem.Detail ?? problem.Title}");
            return ExitCodes.Failed;
        }
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(credentials, SslFlowClient.Json));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"Key id:          {credentials.KeyId}");
        context.Out.WriteLine($"HMAC key:        {credentials.HmacKey}");
        context.Out.WriteLine($"ACME directory:  {credentials.DirectoryUrl}");
        context.Out.WriteLine($"Readable until:  {OrderPrinter.Time(credentials.AvailableUntil)} (store them now: they cannot be read again afterwards)");
        context.Out.WriteLine($"e.g. lego --server {credentials.DirectoryUrl} --eab --kid {credentials.KeyId} --hmac <HMAC key> --email you@example.com --domains <name> --http run");
        return ExitCodes.Ok;
    }
}
