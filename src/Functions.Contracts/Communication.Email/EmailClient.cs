// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailClient: the mocking
// constructor, the endpoint + TokenCredential constructor, SendAsync with an operation id); source
// sdk/communication/Azure.Communication.Email/src/EmailClient.cs. Virtual as upstream so Moq stands in for it.
using Azure.Core;
using Microsoft.DurableTask;

namespace Azure.Communication.Email;

public partial class EmailClient
{
    protected EmailClient()
    {
    }

    public EmailClient(Uri endpoint, TokenCredential credential, EmailClientOptions? options = null)
    {
        throw CompileOnly.Fail();
    }

    public virtual Task<EmailSendOperation> SendAsync(WaitUntil wait, EmailMessage message, Guid operationId, CancellationToken cancellationToken = default)
        => throw CompileOnly.Fail();
}
